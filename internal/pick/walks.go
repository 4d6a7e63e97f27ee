package pick

import (
	"cmp"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/pick/batch"
	"github.com/waybill/waybill/internal/pick/route"
)

// cut makes the walks: by order, one per fulfilment; cluster, the batches
// of the optimiser under the cart's totes. A walk never crosses zones: a
// fulfilment with units in two zones has a walk (and a tote) in each.
func (p *plan) cut() {
	groups := [][]takenFul{}
	if p.req.Strategy != ByOrder && len(p.taken) > 1 {
		groups = p.batches()
	} else {
		for _, t := range p.taken {
			groups = append(groups, []takenFul{t})
		}
	}
	for _, g := range groups {
		byZone := map[string]*plannedTask{}
		var zones []string
		for _, f := range g {
			for _, l := range f.lines {
				zone := l.zone
				if p.req.Strategy == PutWall { // one walk per wall: its slots are the batch's
					zone = ""
				}
				t, ok := byZone[zone]
				if !ok {
					t = &plannedTask{zone: zone}
					byZone[zone] = t
					zones = append(zones, zone)
				}
				if !slices.Contains(t.fulfilments, f.id) {
					t.fulfilments = append(t.fulfilments, f.id)
				}
				t.lines = append(t.lines, l)
			}
		}
		slices.Sort(zones)
		for _, z := range zones {
			t := byZone[z]
			p.route(t)
			p.tasks = append(p.tasks, *t)
		}
	}
}

// route puts a walk's lines in the order to visit them and measures it,
// and what its fulfilments would walk one by one.
func (p *plan) route(t *plannedTask) {
	if !p.floor.routed {
		slices.SortStableFunc(t.lines, func(a, b plannedLine) int { return cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(a.bin, b.bin)) })
		t.method = "bin-code"
		return
	}
	order, length, method := p.walk(t.lines)
	sorted := make([]plannedLine, len(order))
	for i, k := range order {
		sorted[i] = t.lines[k]
	}
	t.lines, t.distance, t.method = sorted, length, method
	for _, fid := range t.fulfilments {
		var own []plannedLine
		for _, l := range t.lines {
			if l.fulfilment == fid {
				own = append(own, l)
			}
		}
		_, d, _ := p.walk(own)
		t.alone += d
	}
}

// walk plans lines' route by their bins' locations and classes; lines in
// bins the layout does not place go last, by bin code.
func (p *plan) walk(lines []plannedLine) ([]int, float64, string) {
	var locs []route.Location
	var classes []int
	var placed, unplaced []int
	for i, l := range lines {
		if loc, ok := p.floor.at[l.bin]; ok {
			placed = append(placed, i)
			locs, classes = append(locs, loc), append(classes, l.class)
			continue
		}
		unplaced = append(unplaced, i)
	}
	slices.SortStableFunc(unplaced, func(a, b int) int { return cmp.Compare(lines[a].bin, lines[b].bin) })
	if len(placed) == 0 {
		return unplaced, 0, "bin-code"
	}
	r, err := route.Plan(p.floor.layout, locs, route.Options{Classes: classes})
	if err != nil { // a location outside the layout: walk by bin code
		all := append(placed, unplaced...)
		slices.SortStableFunc(all, func(a, b int) int { return cmp.Compare(lines[a].bin, lines[b].bin) })
		return all, 0, "bin-code"
	}
	order := make([]int, 0, len(lines))
	for _, k := range r.Order {
		order = append(order, placed[k])
	}
	return append(order, unplaced...), r.Length, string(r.Method)
}

// batches groups the taken fulfilments into carts with the batching
// optimiser: each fulfilment one tote, the cart's totes the capacity,
// fulfilments due the same day together.
func (p *plan) batches() [][]takenFul {
	if !p.floor.routed {
		return p.chunk()
	}
	var points []route.Location
	index := map[string]int{}
	orders := make([]batch.Order, len(p.taken))
	for i, t := range p.taken {
		due, _ := time.Parse(time.DateOnly, t.shipsOn)
		orders[i] = batch.Order{ID: t.id, Totes: 1, Due: due, Weight: t.kg, Volume: t.litres}
		for _, l := range t.lines {
			loc, ok := p.floor.at[l.bin]
			if !ok {
				continue
			}
			k, seen := index[l.bin]
			if !seen {
				k = len(points)
				index[l.bin] = k
				points = append(points, loc)
			}
			orders[i].Locations = append(orders[i].Locations, k)
		}
	}
	router, err := batch.NewAisleLayout(p.floor.layout, points, nil)
	if err != nil {
		return p.chunk()
	}
	pl, err := batch.Optimize(batch.Problem{Router: router, Orders: orders, Cart: batch.Cart{Totes: p.req.CartTotes,
		Weight: p.req.CartKg, Volume: p.req.CartLitres}}, batch.Options{})
	if err != nil {
		return p.chunk()
	}
	out := make([][]takenFul, 0, len(pl.Batches))
	for _, b := range pl.Batches {
		g := make([]takenFul, 0, len(b.Orders))
		for _, k := range b.Orders {
			g = append(g, p.taken[k])
		}
		out = append(out, g)
	}
	return out
}

// chunk cuts the fulfilments into carts in due order, each as full as its
// totes, weight and volume allow, where there is no layout to batch on.
func (p *plan) chunk() [][]takenFul {
	var out [][]takenFul
	var kg, litres float64
	for _, t := range p.taken {
		n := len(out)
		if n == 0 || len(out[n-1]) == p.req.CartTotes || (p.req.CartKg > 0 && kg+t.kg > p.req.CartKg) ||
			(p.req.CartLitres > 0 && litres+t.litres > p.req.CartLitres) {
			out, kg, litres = append(out, nil), 0, 0
			n++
		}
		out[n-1] = append(out[n-1], t)
		kg, litres = kg+t.kg, litres+t.litres
	}
	return out
}
