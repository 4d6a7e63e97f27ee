package sourcing

// DefaultExactLimit is the largest number of candidate warehouses for which
// Optimizer.Source enumerates sets: 2^12 sets at worst, and pruning keeps
// the usual order to a few dozen.
const DefaultExactLimit = 12

// Optimizer chooses the warehouses for the whole order at once. Among the
// plans that leave the fewest units short, it takes the cheapest by
// estimated shipping (each parcel's rate for its weight), a penalty per
// parcel beyond the first, and a penalty per day each parcel arrives after
// the promise. A warehouse is eligible for a line if it serves the
// destination (its most specific matching region gives the rate) and
// handles the line's category; inactive warehouses are simply not passed in.
//
// For a given set of warehouses the best allocation is direct (see
// problem.fill), so the search is over sets: exact when there are at most
// ExactLimit candidates, a local search beyond. It is safe for concurrent
// use: each call works on its own copy of the order.
type Optimizer struct {
	Warehouses []Warehouse
	Pricing
	// ExactLimit is the most candidates searched exactly; 0 takes
	// DefaultExactLimit, a negative value always uses the heuristic.
	ExactLimit int
}

// Source implements Sourcer.
func (o Optimizer) Source(req Request, avail Available) Plan {
	limit := o.ExactLimit
	if limit == 0 {
		limit = DefaultExactLimit
	}
	p := newProblem(o.Warehouses, o.Pricing, req, avail)
	if len(p.cands) <= limit {
		return p.solve("exact", p.exact)
	}
	return p.solve("heuristic", p.heuristic)
}

// Exact returns the optimal plan whatever the number of candidates. Its time
// can double with each candidate: it is for tests, benchmarks and small
// networks.
func (o Optimizer) Exact(req Request, avail Available) Plan {
	p := newProblem(o.Warehouses, o.Pricing, req, avail)
	return p.solve("exact", p.exact)
}

// Heuristic returns the local search's plan whatever the number of
// candidates, so that it can be compared with Exact.
func (o Optimizer) Heuristic(req Request, avail Available) Plan {
	p := newProblem(o.Warehouses, o.Pricing, req, avail)
	return p.solve("heuristic", p.heuristic)
}

// solve runs a search and turns the best set it priced into the plan.
func (p *problem) solve(method string, search func()) Plan {
	in := make([]bool, len(p.cands))
	if len(p.cands) > 0 {
		search()
	}
	if len(p.list) > 0 {
		for _, c := range p.list[0].cands {
			in[c] = true
		}
	}
	plan, _ := p.allocate(in, func(pi int) []int { return p.prods[pi].byRate })
	plan.Explanation = p.explanation(method)
	return plan
}
