package sourcing

// heuristic prices good sets into p.list when there are too many candidates
// to enumerate: the greedy cover and the greedy baseline's set, each
// improved by local search, and every single warehouse. Starting from the
// baseline's set is what guarantees the result never costs more than Greedy.
func (p *problem) heuristic() {
	p.improve(p.greedyCover())
	p.improve(p.nearestSet())
	p.trySingles()
}

// trySingles prices shipping from each candidate alone. Both searches do:
// it is cheap, and it gives the explanation the alternatives a person asks
// about ("why not all from the nearest?") even when the bound cut them.
func (p *problem) trySingles() {
	single := make([]bool, len(p.cands))
	for c := range single {
		single[c] = true
		p.try(single)
		single[c] = false
	}
}

// greedyCover builds a set the way weighted set cover is approximated: keep
// adding the warehouse that ships the most still-missing units per unit of
// cost it adds, until the set ships everything the candidates can.
func (p *problem) greedyCover() []bool {
	in := make([]bool, len(p.cands))
	cover := make([]int64, len(p.prods))
	for size := 0; ; size++ {
		best, bestUnits, bestCost := -1, int64(0), int64(0)
		for c := range p.cands {
			if in[c] {
				continue
			}
			units, cost := p.marginal(c, cover)
			if units == 0 {
				continue
			}
			if size > 0 {
				cost += p.pricing.ExtraParcelPenalty * milli
			}
			if best < 0 || cost*bestUnits < bestCost*units {
				best, bestUnits, bestCost = c, units, cost
			}
		}
		if best < 0 {
			return in
		}
		in[best] = true
		for pi := range p.prods {
			cover[pi] += min(p.cands[best].usable[pi], p.prods[pi].cover-cover[pi])
		}
	}
}

// marginal is what adding c to a set holding cover would ship that the set
// does not yet, and what that would cost.
func (p *problem) marginal(c int, cover []int64) (units, cost int64) {
	cd := &p.cands[c]
	cost = cd.fixed
	for pi := range p.prods {
		u := min(cd.usable[pi], p.prods[pi].cover-cover[pi])
		units += u
		cost += u * p.prods[pi].grams * cd.rate.PerKgCost
	}
	return units, cost
}

// local is one walk of the local search: the current set, what it holds
// and its price, kept so a move is screened in O(products) before it is
// priced in full.
type local struct {
	p     *problem
	in    []bool
	cov   []int64 // per product: units the set's warehouses hold
	fixed int64   // millis: the set's parcels and lateness
	size  int
	cur   outcome
	floor int64 // millis: no set pays less for weight
}

// improve walks from a set to a local optimum: it keeps making the first
// move that lowers the price, trying those that remove parcels first:
// drop one warehouse or swap it for another, drop two or merge them into
// one, add one.
func (p *problem) improve(in []bool) {
	l := &local{p: p, in: in, cov: make([]int64, len(p.prods)), floor: p.weightFloor()}
	l.cur = p.try(in)
	l.reset()
	for l.step() {
	}
}

func (l *local) step() bool {
	n := len(l.in)
	for c := range n {
		if l.in[c] && (l.move(c, -1, -1) || l.swaps(c, -1)) {
			return true
		}
	}
	for c := range n {
		for c2 := c + 1; c2 < n; c2++ {
			if l.in[c] && l.in[c2] && (l.move(c, c2, -1) || l.swaps(c, c2)) {
				return true
			}
		}
	}
	return l.swaps(-1, -1)
}

// swaps tries taking out c and c2 (-1: none) and putting in one warehouse
// from outside the set.
func (l *local) swaps(c, c2 int) bool {
	for d := range l.in {
		if !l.in[d] && l.move(c, c2, d) {
			return true
		}
	}
	return false
}

// move takes out c and c2 and puts in d (each -1 for none) if that lowers
// the price. Sets that cannot ship everything, or whose parcels alone cost
// more than the current price, are turned away before pricing.
func (l *local) move(c, c2, d int) bool {
	p := l.p
	size, fixed := l.size, l.fixed
	for _, x := range []int{c, c2} {
		if x >= 0 {
			size, fixed = size-1, fixed-p.cands[x].fixed
		}
	}
	if d >= 0 {
		size, fixed = size+1, fixed+p.cands[d].fixed
	}
	if size == 0 || l.cur.short == p.minShort && fixed+int64(size-1)*p.pricing.ExtraParcelPenalty*milli+l.floor >= l.cur.cost {
		return false
	}
	for pi := range p.prods {
		if l.cov[pi]-l.usable(c, pi)-l.usable(c2, pi)+l.usable(d, pi) < p.prods[pi].cover {
			return false
		}
	}
	l.set(c, c2, d, false)
	o := p.try(l.in)
	if !o.better(l.cur) {
		l.set(c, c2, d, true)
		return false
	}
	l.cur = o
	p.keepUsed(l.in)
	l.reset()
	return true
}

func (l *local) usable(c, pi int) int64 {
	if c < 0 {
		return 0
	}
	return l.p.cands[c].usable[pi]
}

// set applies the move (undo false) or reverts it (undo true).
func (l *local) set(c, c2, d int, undo bool) {
	for _, x := range []int{c, c2} {
		if x >= 0 {
			l.in[x] = undo
		}
	}
	if d >= 0 {
		l.in[d] = !undo
	}
}

// reset recomputes what the set holds and its fixed cost.
func (l *local) reset() {
	clear(l.cov)
	l.fixed, l.size = 0, 0
	for c, ok := range l.in {
		if !ok {
			continue
		}
		l.size++
		l.fixed += l.p.cands[c].fixed
		for pi, u := range l.p.cands[c].usable {
			l.cov[pi] += u
		}
	}
}

// keepUsed trims the set to the candidates that shipped in the last pricing.
func (p *problem) keepUsed(in []bool) {
	for c := range in {
		in[c] = p.units[c] > 0
	}
}
