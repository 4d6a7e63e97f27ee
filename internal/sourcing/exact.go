package sourcing

import (
	"cmp"
	"slices"
)

// search enumerates sets of candidates depth first, adding them in order of
// their fixed cost, and prunes with two facts:
//
//   - A set must ship every unit the candidates together can ship (the
//     objective puts units short first), so a branch is cut when its set
//     plus all the candidates still to come cannot.
//   - Adding a warehouse never lowers the fixed part of the cost (its
//     parcel, its lateness, one more parcel's penalty), and the weight part
//     is never below what the cheapest rates for every unit would cost. So
//     once that lower bound reaches the best set found, the branch and
//     every later sibling (whose fixed cost is no smaller) are cut.
//
// Every set a branch can reach is priced exactly (problem.fill), so the best
// set found is the optimum.
type search struct {
	p      *problem
	order  []int   // candidates by fixed cost
	in     []bool  // the current set
	cover  []int64 // per product: units the current set holds
	suffix []int64 // [k*P+pi]: units of product pi held by order[k:]
	floor  int64   // millis: weight cost with every candidate at hand
}

// exact prices the optimum into p.list. The greedy cover is priced first:
// a good set found early makes the bound bite from the start.
func (p *problem) exact() {
	s := search{p: p, in: make([]bool, len(p.cands)), cover: make([]int64, len(p.prods))}
	s.order = make([]int, len(p.cands))
	for i := range s.order {
		s.order[i] = i
	}
	slices.SortStableFunc(s.order, func(a, b int) int { return cmp.Compare(p.cands[a].fixed, p.cands[b].fixed) })
	s.suffix = make([]int64, (len(s.order)+1)*len(p.prods))
	for k := len(s.order) - 1; k >= 0; k-- {
		for pi := range p.prods {
			s.suffix[k*len(p.prods)+pi] = s.suffix[(k+1)*len(p.prods)+pi] + p.cands[s.order[k]].usable[pi]
		}
	}
	s.floor = p.weightFloor()
	p.try(p.greedyCover())
	s.dfs(0, 0, 0)
	p.trySingles()
}

func (s *search) dfs(k, size int, fixed int64) {
	p := s.p
	for j := k; j < len(s.order); j++ {
		if !s.reachable(j) {
			return
		}
		c := s.order[j]
		lb := fixed + p.cands[c].fixed + int64(size)*p.pricing.ExtraParcelPenalty*milli + s.floor
		if best, ok := p.list.best(); ok && best.short == p.minShort && lb >= best.cost {
			return
		}
		s.add(c, 1)
		if s.complete() {
			p.try(s.in)
		}
		s.dfs(j+1, size+1, fixed+p.cands[c].fixed)
		s.add(c, -1)
	}
}

// add puts c in the set (sign 1) or takes it out (sign -1).
func (s *search) add(c int, sign int64) {
	s.in[c] = sign > 0
	for pi, u := range s.p.cands[c].usable {
		s.cover[pi] += sign * u
	}
}

// reachable says whether the current set plus order[k:] can ship all the
// candidates can.
func (s *search) reachable(k int) bool {
	n := len(s.p.prods)
	for pi := range s.p.prods {
		if s.cover[pi]+s.suffix[k*n+pi] < s.p.prods[pi].cover {
			return false
		}
	}
	return true
}

func (s *search) complete() bool {
	for pi := range s.p.prods {
		if s.cover[pi] < s.p.prods[pi].cover {
			return false
		}
	}
	return true
}

// weightFloor is the weight cost of shipping every unit at the cheapest
// rates on offer: no set pays less for weight.
func (p *problem) weightFloor() int64 {
	var floor int64
	for pi := range p.prods {
		pr := &p.prods[pi]
		need := pr.cover
		for _, c := range pr.byRate {
			take := min(need, p.cands[c].usable[pi])
			floor += take * pr.grams * p.cands[c].rate.PerKgCost
			need -= take
		}
	}
	return floor
}
