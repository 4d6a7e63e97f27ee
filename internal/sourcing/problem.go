package sourcing

import (
	"cmp"
	"slices"
)

// problem is one order prepared for search: the warehouses that could ship
// some of it (the candidates), the order's products, and what each candidate
// can ship of each. Everything the search prices is read from here, so
// Available is asked once per warehouse and product, never per set tried.
type problem struct {
	pricing  Pricing
	req      Request
	cands    []cand
	prods    []prod
	lineProd []int       // product of each line
	rows     []Candidate // every warehouse serving the destination, for the explanation
	skipped  int         // warehouses not serving the destination
	list     shortlist   // the best sets priced so far
	tried    int         // sets priced
	minShort int64       // units no candidate can ship
	units    []int64     // scratch per candidate: units shipped in the set being priced
	grams    []int64     // scratch per candidate: grams shipped
}

// cand is a warehouse that serves the destination and holds something the
// order needs, with its rate there.
type cand struct {
	w        *Warehouse
	rate     Region
	fixed    int64   // millis: the parcel and its lateness, paid once if it ships at all
	late     int64   // millis: the lateness part of fixed
	days     int     // until its parcel arrives
	lateDays int     // past the promise
	usable   []int64 // per product: units it can ship, at most the demand
}

// prod is one product of the order: its lines share the product's stock.
type prod struct {
	id     string
	cats   []string // categories of its lines; a warehouse must handle all
	lines  []int
	demand int64
	grams  int64 // per unit, from its first line
	byRate []int // candidates holding it, cheapest per kilogram first
	cover  int64 // units all candidates together can ship
}

func newProblem(ws []Warehouse, pricing Pricing, req Request, avail Available) *problem {
	p := &problem{pricing: pricing.resolved(), req: req}
	p.groupLines()
	for i := range ws {
		p.consider(&ws[i], avail)
	}
	p.units, p.grams = make([]int64, len(p.cands)), make([]int64, len(p.cands))
	for pi := range p.prods {
		p.rankByRate(pi)
		p.minShort += p.prods[pi].demand - p.prods[pi].cover
	}
	return p
}

// groupLines gathers the lines by product. Orders have few products, so a
// linear scan beats a map.
func (p *problem) groupLines() {
	p.lineProd = make([]int, len(p.req.Lines))
	for i, l := range p.req.Lines {
		pi := slices.IndexFunc(p.prods, func(pr prod) bool { return pr.id == l.ProductID })
		if pi < 0 {
			pi = len(p.prods)
			p.prods = append(p.prods, prod{id: l.ProductID, grams: max(0, l.WeightGrams)})
		}
		pr := &p.prods[pi]
		pr.lines = append(pr.lines, i)
		pr.demand += max(0, l.Quantity)
		if !slices.Contains(pr.cats, l.Category) {
			pr.cats = append(pr.cats, l.Category)
		}
		p.lineProd[i] = pi
	}
}

// consider adds w as a candidate if it serves the destination and can ship
// something, and records it for the explanation either way.
func (p *problem) consider(w *Warehouse, avail Available) {
	rate, ok := rateFor(w, p.req)
	if !ok {
		p.skipped++
		return
	}
	days, late := arrival(w, rate, p.req.PromisedDays)
	c := cand{w: w, rate: rate, days: days, lateDays: late, usable: make([]int64, len(p.prods))}
	c.late = int64(late) * p.pricing.LatenessPenaltyPerDay * milli
	c.fixed = rate.ParcelCost*milli + c.late
	row := Candidate{WarehouseID: w.ID, Code: w.Code, ParcelCost: rate.ParcelCost, PerKgCost: rate.PerKgCost, Days: days, LateDays: late}
	eligible := false
	for pi, pr := range p.prods {
		if !handlesAll(w, pr.cats) {
			continue
		}
		eligible = true
		c.usable[pi] = min(pr.demand, max(0, avail(w.ID, pr.id)))
		row.Units += c.usable[pi]
	}
	switch {
	case !eligible && len(p.prods) > 0:
		row.Excluded = "handles none of the order's categories"
	case row.Units == 0:
		row.Excluded = "holds none of the order"
	default:
		p.cands = append(p.cands, c)
	}
	p.rows = append(p.rows, row)
}

// rankByRate orders the holders of a product cheapest per kilogram first:
// within a set of warehouses that is the order to fill in.
func (p *problem) rankByRate(pi int) {
	pr := &p.prods[pi]
	for c := range p.cands {
		if p.cands[c].usable[pi] > 0 {
			pr.byRate = append(pr.byRate, c)
			pr.cover += p.cands[c].usable[pi]
		}
	}
	pr.cover = min(pr.cover, pr.demand)
	slices.SortStableFunc(pr.byRate, func(a, b int) int {
		ca, cb := &p.cands[a], &p.cands[b]
		return cmp.Or(cmp.Compare(ca.rate.PerKgCost, cb.rate.PerKgCost), cmp.Compare(ca.fixed, cb.fixed))
	})
}

func handlesAll(w *Warehouse, cats []string) bool {
	for _, c := range cats {
		if !handles(*w, c) {
			return false
		}
	}
	return true
}
