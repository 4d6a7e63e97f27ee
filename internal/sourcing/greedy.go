package sourcing

import (
	"cmp"
	"slices"
	"strings"
)

// Greedy is the baseline most platforms ship, Magento's distance-based
// source selection for one: rank the warehouses serving the destination by
// distance, and let each line take from the first with stock, splitting
// across the next ones. It never looks at the order as a whole, which is
// why it splits orders that one or two warehouses could have shipped.
//
// Without coordinates the rate stands in for distance: warehouses are
// ranked by the price of a one-kilogram parcel, then transit days, then
// code. Its plans are priced with the optimiser's cost, so the two compare.
type Greedy struct {
	Warehouses []Warehouse
	Pricing
}

// Source implements Sourcer.
func (g Greedy) Source(req Request, avail Available) Plan {
	p := newProblem(g.Warehouses, g.Pricing, req, avail)
	plan := p.greedyPlan()
	plan.Explanation = p.explanation("greedy")
	return plan
}

// greedyPlan allocates line by line from the nearest candidates and puts
// the result on the shortlist.
func (p *problem) greedyPlan() Plan {
	nearest := p.nearest()
	plan, o := p.allocate(allOf(len(p.cands)), func(int) []int { return nearest })
	p.tried++
	p.list.offer(p, o)
	return plan
}

// nearestSet is the set of warehouses Greedy would ship from.
func (p *problem) nearestSet() []bool {
	nearest := p.nearest()
	p.allocate(allOf(len(p.cands)), func(int) []int { return nearest })
	in := make([]bool, len(p.cands))
	p.keepUsed(in)
	return in
}

// nearest ranks the candidates nearest first.
func (p *problem) nearest() []int {
	order := make([]int, len(p.cands))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := p.cands[a].rate, p.cands[b].rate
		return cmp.Or(cmp.Compare(ra.ParcelCost+ra.PerKgCost, rb.ParcelCost+rb.PerKgCost),
			cmp.Compare(ra.TransitDays, rb.TransitDays), strings.Compare(p.cands[a].w.Code, p.cands[b].w.Code))
	})
	return order
}

func allOf(n int) []bool {
	in := make([]bool, n)
	for i := range in {
		in[i] = true
	}
	return in
}
