package sourcing

// try prices shipping from the warehouses in the set `in` (indexed like
// p.cands), keeps the result on the shortlist and returns it. It leaves in
// p.units what each candidate would ship.
func (p *problem) try(in []bool) outcome {
	p.tried++
	o := p.price(p.fill(in))
	p.list.offer(p, o)
	return o
}

// fill ships each product from the set's cheapest-per-kilogram holders
// first, and returns the units left short.
//
// For a fixed set this is optimal. Products do not compete for stock, and
// every unit of one product weighs the same, so the only choice is where
// each product's units come from: the units shipped are the same whichever
// order the holders are drained in, and the cost is linear in the grams per
// warehouse, so the cheapest rate first wins. A holder left unused is no
// loss: the set without it is priced too, and costs less.
func (p *problem) fill(in []bool) (short int64) {
	clear(p.units)
	clear(p.grams)
	for pi := range p.prods {
		pr := &p.prods[pi]
		need := pr.demand
		for _, c := range pr.byRate {
			if need == 0 {
				break
			}
			if !in[c] {
				continue
			}
			take := min(need, p.cands[c].usable[pi])
			p.units[c] += take
			p.grams[c] += take * pr.grams
			need -= take
		}
		short += need
	}
	return short
}

// price is the cost of what p.units and p.grams say each candidate ships:
// per parcel its rate and lateness, then a penalty per parcel beyond the
// first.
func (p *problem) price(short int64) outcome {
	o := outcome{short: short}
	for c := range p.cands {
		if p.units[c] == 0 {
			continue
		}
		cd := &p.cands[c]
		o.parcels++
		o.cost += cd.fixed + cd.rate.PerKgCost*p.grams[c]
		o.lateness += cd.late
		o.latest = max(o.latest, cd.days)
	}
	if o.parcels > 1 {
		o.penalty = int64(o.parcels-1) * p.pricing.ExtraParcelPenalty * milli
		o.cost += o.penalty
	}
	return o
}

// allocate turns a set into the plan's lines: each line, in order, takes
// from the set's warehouses in the order that holders(product) gives. With
// byRate this reproduces fill exactly; Greedy passes its distance ranking.
func (p *problem) allocate(in []bool, holders func(pi int) []int) (Plan, outcome) {
	plan := Plan{Short: make([]int64, len(p.req.Lines))}
	left := make([][]int64, len(p.cands))
	for c := range p.cands {
		left[c] = append([]int64(nil), p.cands[c].usable...)
	}
	clear(p.units)
	clear(p.grams)
	var short int64
	for i, l := range p.req.Lines {
		pi, need := p.lineProd[i], max(0, l.Quantity)
		for _, c := range holders(pi) {
			take := min(need, left[c][pi])
			if !in[c] || take <= 0 {
				continue
			}
			if p.units[c] == 0 {
				plan.Arrivals = append(plan.Arrivals, p.cands[c].arrival())
			}
			left[c][pi] -= take
			p.units[c] += take
			p.grams[c] += take * p.prods[pi].grams
			need -= take
			plan.Allocations = append(plan.Allocations, Allocation{Line: i, WarehouseID: p.cands[c].w.ID, Quantity: take})
		}
		plan.Short[i] = need
		short += need
	}
	o := p.price(short)
	plan.Cost, plan.Parcels = toMinor(o.cost), o.parcels
	return plan, o
}

func (c *cand) arrival() Arrival {
	return Arrival{WarehouseID: c.w.ID, Days: c.days, LateDays: c.lateDays}
}
