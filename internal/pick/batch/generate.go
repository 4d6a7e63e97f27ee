package batch

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Generate makes a problem of n orders on base's router and cart, for
// benchmarks and tests: the pick locations are those of base's orders,
// some far more popular than others (weights falling as rank^-0.8, ranks
// drawn from seed), order sizes drawn from base's orders, quantities 1-5
// of unit volume, totes as many as the volume needs at base's tote size,
// and due times spread over the given number of hourly cut-offs. The same
// arguments give the same problem.
func Generate(base Problem, n, cutoffs int, seed uint64) Problem {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	var pts []int
	var sizes []int
	for _, o := range base.Orders {
		pts = append(pts, o.Locations...)
		sizes = append(sizes, len(o.Locations))
	}
	slices.Sort(pts)
	pts = slices.Compact(pts)
	rng.Shuffle(len(pts), func(i, j int) { pts[i], pts[j] = pts[j], pts[i] })
	cum := make([]float64, len(pts))
	total := 0.0
	for i := range pts {
		total += math.Pow(float64(i+1), -0.8)
		cum[i] = total
	}
	tote := 0.0
	if base.Cart.Totes > 0 {
		tote = base.Cart.Volume / float64(base.Cart.Totes)
	}
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	p := Problem{Router: base.Router, Cart: base.Cart, DueSpread: base.DueSpread, Orders: make([]Order, n)}
	for i := range p.Orders {
		o := Order{ID: "g" + strconv.Itoa(i+1), Due: start.Add(time.Duration(rng.IntN(max(cutoffs, 1))) * time.Hour)}
		lines := 1
		if len(sizes) > 0 {
			lines = max(1, sizes[rng.IntN(len(sizes))])
		}
		for range lines {
			if len(pts) > 0 {
				k, _ := slices.BinarySearch(cum, rng.Float64()*total)
				o.Locations = append(o.Locations, pts[min(k, len(pts)-1)])
			}
			o.Volume += float64(1 + rng.IntN(5))
		}
		if tote > 0 {
			o.Volume = min(o.Volume, base.Cart.Volume) // one cart must hold it
			o.Totes = max(1, int(math.Ceil(o.Volume/tote)))
		}
		p.Orders[i] = o
	}
	return p
}
