package bench

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/sourcing"
)

// The benchmark's world: Brazil's states, the warehouses, the catalogue,
// the stock and the order stream.

// state is a Brazilian state: its capital's latitude and longitude, its UTC
// offset, its population in millions (2022 census, rounded) and the leading
// digits of its postal codes (CEP, after the Correios ranges, simplified;
// "20-28" stands for 20, 21, ... 28).
type state struct {
	lat, lon float64
	utc      int
	people   float64
	ceps     string
}

var brazil = map[string]state{
	"AC": {-9.97, -67.81, -5, 0.83, "699"},
	"AL": {-9.67, -35.74, -3, 3.13, "57"},
	"AM": {-3.12, -60.02, -4, 3.94, "690-692 694-698"},
	"AP": {0.03, -51.07, -3, 0.73, "689"},
	"BA": {-12.97, -38.51, -3, 14.14, "40-48"},
	"CE": {-3.73, -38.52, -3, 8.79, "60-63"},
	"DF": {-15.78, -47.93, -3, 2.82, "70-71 720-727 730-736"},
	"ES": {-20.32, -40.34, -3, 3.83, "29"},
	"GO": {-16.68, -49.25, -3, 7.06, "728-729 737-739 74-75 760-767"},
	"MA": {-2.53, -44.30, -3, 6.78, "65"},
	"MG": {-19.92, -43.94, -3, 20.54, "3"},
	"MS": {-20.44, -54.65, -4, 2.76, "79"},
	"MT": {-15.60, -56.10, -4, 3.66, "78"},
	"PA": {-1.46, -48.50, -3, 8.12, "66-67 680-688"},
	"PB": {-7.12, -34.86, -3, 3.97, "58"},
	"PE": {-8.05, -34.88, -3, 9.06, "50-56"},
	"PI": {-5.09, -42.80, -3, 3.27, "64"},
	"PR": {-25.43, -49.27, -3, 11.44, "80-87"},
	"RJ": {-22.91, -43.17, -3, 16.05, "20-28"},
	"RN": {-5.79, -35.21, -3, 3.30, "59"},
	"RO": {-8.76, -63.90, -4, 1.58, "768-769"},
	"RR": {2.82, -60.67, -4, 0.64, "693"},
	"RS": {-30.03, -51.23, -3, 10.88, "9"},
	"SC": {-27.60, -48.55, -3, 7.61, "88-89"},
	"SE": {-10.91, -37.07, -3, 2.21, "49"},
	"SP": {-23.55, -46.63, -3, 44.41, "0-1"},
	"TO": {-10.18, -48.33, -3, 1.51, "77"},
}

// prefixes expands a state's CEP ranges.
func (s state) prefixes() []string {
	var out []string
	for _, r := range strings.Fields(s.ceps) {
		lo, hi, _ := strings.Cut(r, "-")
		a, _ := strconv.Atoi(lo)
		b := a
		if hi != "" {
			b, _ = strconv.Atoi(hi)
		}
		for v := a; v <= b; v++ {
			out = append(out, fmt.Sprintf("%0*d", len(lo), v))
		}
	}
	return out
}

// distanceKm is the great-circle distance between two capitals; within a
// state, 80 km stands for the average delivery.
func distanceKm(a, b state) float64 {
	const earth = 6371.0
	p1, p2 := a.lat*math.Pi/180, b.lat*math.Pi/180
	dp, dl := p2-p1, (b.lon-a.lon)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return max(80, 2*earth*math.Asin(math.Sqrt(h)))
}

// rate is a carrier's tariff shaped like Brazil's: R$9 a parcel plus R$0.60
// per 100 km, R$1.20 a kilogram plus R$0.15 per 100 km, and a day in
// transit plus one per 600 km. Amounts in centavos.
func rate(from, to string) sourcing.Region {
	km := distanceKm(brazil[from], brazil[to])
	return sourcing.Region{Country: "BR", ParcelCost: 900 + int64(km*0.6), PerKgCost: 120 + int64(km*0.15), TransitDays: 1 + int(km/600)}
}

// world is the generated network, catalogue, stock and order source.
type world struct {
	shape
	rng      *rand.Rand
	depots   []depot
	network  [24][]sourcing.Warehouse // as the network stands at each hour (Brasília time)
	byID     map[string]int
	prefixes map[string][]string // CEP prefixes by state
	skus     []benchSKU
	sold     []int // cumulative sales, to draw SKUs by popularity
	stock    stockMap
}

type depot struct {
	id, code, state string
	cutoff          int // local hour after which it ships tomorrow
}

type benchSKU struct {
	id, category string
	grams        int64
}

type benchOrder struct {
	req  sourcing.Request
	hour int
}

type stockKey struct{ warehouse, product string }

type stockMap map[stockKey]int64

func (s stockMap) available(w, p string) int64 { return s[stockKey{w, p}] }

func (s stockMap) clone() stockMap { return maps.Clone(s) }

func newWorld(sh shape, o SourcingOptions) *world {
	w := &world{shape: sh, rng: rand.New(rand.NewPCG(o.Seed, 1)), byID: map[string]int{}, prefixes: map[string][]string{}}
	for st, s := range brazil {
		w.prefixes[st] = s.prefixes()
	}
	w.placeDepots(o.Warehouses)
	w.buildCatalogue()
	w.buildNetwork()
	w.stockUp(o.Orders)
	return w
}

// placeDepots puts one warehouse in each state with the most sellers, and
// second sites in the leading states if more are asked for than there are
// seller states.
func (w *world) placeDepots(n int) {
	for i := range n {
		st := w.sellerStates[i%len(w.sellerStates)]
		code := "BR-" + st
		if round := i / len(w.sellerStates); round > 0 {
			code += strconv.Itoa(round + 1)
		}
		w.byID["wh-"+code] = i
		w.depots = append(w.depots, depot{id: "wh-" + code, code: code, state: st, cutoff: 15 + w.rng.IntN(4)})
	}
}

func (w *world) buildCatalogue() {
	total := 0
	for i, p := range w.products {
		w.skus = append(w.skus, benchSKU{id: fmt.Sprintf("sku-%05d", i), category: p.category, grams: w.weights[w.rng.IntN(len(w.weights))]})
		total += p.sold
		w.sold = append(w.sold, total)
	}
}

// buildNetwork gives every warehouse a rate to every state; every fourth
// is an ambient site that handles no frozen goods. Its ship delay is worked
// out for each hour from its cut-off and time zone, as the engine would.
func (w *world) buildNetwork() {
	var ambient []string
	for _, s := range w.skus {
		if s.category != "frozen" && !slices.Contains(ambient, s.category) {
			ambient = append(ambient, s.category)
		}
	}
	for i, d := range w.depots {
		base := sourcing.Warehouse{ID: d.id, Code: d.code, Country: "BR"}
		for _, dest := range slices.Sorted(maps.Keys(brazil)) {
			r := rate(d.state, dest)
			for _, p := range w.prefixes[dest] {
				r.Prefix = p
				base.Regions = append(base.Regions, r)
			}
		}
		if i%4 == 3 {
			base.Categories = ambient
		}
		for h := range 24 {
			wh := base
			if local := (h + brazil[d.state].utc + 3 + 24) % 24; local >= d.cutoff {
				wh.ShipDelayDays = 1
			}
			w.network[h] = append(w.network[h], wh)
		}
	}
}

// quantities is how many units an order line asks for: mostly one.
var quantities = []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3}

// stockUp stocks each SKU in a random subset of the warehouses (best
// sellers in most, the long tail in a few) with a quarter more units than
// the stream is expected to ask for, split unevenly, so that one warehouse
// rarely holds a whole basket and stock runs out here and there: the
// conditions in which sourcing decisions matter.
func (w *world) stockUp(orders int) {
	w.stock = stockMap{}
	var lines float64
	for _, n := range w.basketSizes {
		lines += float64(n)
	}
	units := float64(orders) * lines / float64(len(w.basketSizes)) * float64(sum(quantities)) / float64(len(quantities))
	rank := make([]int, len(w.skus))
	for i := range rank {
		rank[i] = i
	}
	slices.SortStableFunc(rank, func(a, b int) int { return w.products[b].sold - w.products[a].sold })
	total := float64(w.sold[len(w.sold)-1])
	for r, i := range rank {
		expected := units * float64(w.products[i].sold) / total
		w.spread(w.skus[i].id, int64(math.Ceil(1.25*expected)), 0.8-0.55*float64(r)/float64(len(rank)))
	}
}

// spread shares units of a product among the warehouses that hold it, each
// holding with probability p, at least one holding, each holder at least one
// unit.
func (w *world) spread(product string, units int64, p float64) {
	var holders []int
	var shares []float64
	var all float64
	for i := range w.depots {
		if w.rng.Float64() < p {
			holders = append(holders, i)
			shares = append(shares, w.rng.ExpFloat64())
			all += shares[len(shares)-1]
		}
	}
	if len(holders) == 0 {
		holders, shares, all = []int{w.rng.IntN(len(w.depots))}, []float64{1}, 1
	}
	for k, i := range holders {
		w.stock[stockKey{w.depots[i].id, product}] = max(1, int64(math.Round(float64(units)*shares[k]/all)))
	}
}

// stream draws the orders: a real basket size, distinct SKUs by
// popularity, a destination from the customers' state mix, an hour of the
// day, and for most a promised delivery.
func (w *world) stream(n int) []benchOrder {
	out := make([]benchOrder, n)
	for i := range out {
		dest := w.destinations[w.rng.IntN(len(w.destinations))]
		req := sourcing.Request{Country: "BR", PostalCode: w.postal(dest), PromisedDays: []int{0, 0, 2, 3, 3, 5}[w.rng.IntN(6)]}
		size := w.basketSizes[w.rng.IntN(len(w.basketSizes))]
		for tries := 0; len(req.Lines) < size && tries < 3*size; tries++ {
			s := w.skus[w.draw()]
			if slices.ContainsFunc(req.Lines, func(l sourcing.Line) bool { return l.ProductID == s.id }) {
				continue
			}
			req.Lines = append(req.Lines, sourcing.Line{ProductID: s.id, Category: s.category, WeightGrams: s.grams,
				Quantity: quantities[w.rng.IntN(len(quantities))]})
		}
		out[i] = benchOrder{req: req, hour: w.hours[w.rng.IntN(len(w.hours))]}
	}
	return out
}

// draw picks a SKU with probability proportional to its sales.
func (w *world) draw() int {
	i, _ := slices.BinarySearch(w.sold, 1+w.rng.IntN(w.sold[len(w.sold)-1]))
	return i
}

// postal makes an eight-digit CEP in the state.
func (w *world) postal(st string) string {
	p := w.prefixes[st][w.rng.IntN(len(w.prefixes[st]))]
	for len(p) < 8 {
		p += strconv.Itoa(w.rng.IntN(10))
	}
	return p
}

// eligible says whether the warehouse may ship the line to the destination.
func (w *world) eligible(id string, req sourcing.Request, l sourcing.Line) bool {
	i, ok := w.byID[id]
	if !ok {
		return false
	}
	wh := w.network[0][i]
	serves := slices.ContainsFunc(wh.Regions, func(r sourcing.Region) bool {
		return r.Country == req.Country && strings.HasPrefix(req.PostalCode, r.Prefix)
	})
	return serves && (len(wh.Categories) == 0 || slices.Contains(wh.Categories, l.Category))
}
