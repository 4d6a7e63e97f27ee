package batch

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// swapTargets is how many of the batches an order would lengthen least are
// tried for swaps; moves try every batch.
const swapTargets = 6

// move is a change of batches under consideration and what it would save.
type move struct {
	delta        float64
	to, partner  int // target batch; the order swapped back (-1: a move)
	tourA, tourB []int
}

// localSearch improves the batching until no single move (an order to
// another batch) or swap (two orders trading batches) shortens the total
// walk, or passes run out. Orders are visited in an order drawn from rng,
// each taking the best change found for it. A change is priced on real
// walks (reshape) and taken only if the router's walks of the two batches
// it touches confirm the saving, so every change taken shortens the total
// walk.
func (s *state) localSearch(passes int, rng *rand.Rand) {
	visit := make([]int, len(s.p.Orders))
	for i := range visit {
		visit[i] = i
	}
	bufA, bufB := make([]int, 0, 64), make([]int, 0, 64)
	for range passes {
		rng.Shuffle(len(visit), func(i, j int) { visit[i], visit[j] = visit[j], visit[i] })
		improved := false
		for _, o := range visit {
			if m, ok := s.bestChange(o, bufA, bufB); ok && s.apply(o, m) {
				improved = true
			}
		}
		if !improved {
			return
		}
	}
}

// bestChange finds the move or swap of order o saving the most.
func (s *state) bestChange(o int, bufA, bufB []int) (move, bool) {
	a := s.bs[s.of[o]]
	lo := loadOf(s.p.Orders[o])
	tourA, costA := s.reshape(a, o, -1, bufA)
	tourA = slices.Clone(tourA)
	best := move{delta: -eps}
	found := false
	type target struct {
		b    int
		cost float64
	}
	var near []target
	for _, b := range s.bs {
		if b == a || len(b.orders) == 0 || !s.p.dueFits(b.load.plus(lo)) {
			continue // swaps too look only where o's due time fits
		}
		tourB, costB := s.reshape(b, -1, o, bufB)
		near = append(near, target{b.id, costB - b.dist})
		if !s.p.allowed(b.load.plus(lo)) {
			continue
		}
		if d := costA + costB - a.dist - b.dist; d < best.delta {
			best, found = move{delta: d, to: b.id, partner: -1, tourA: tourA, tourB: slices.Clone(tourB)}, true
		}
	}
	slices.SortStableFunc(near, func(x, y target) int { return cmp.Compare(x.cost, y.cost) })
	rest := s.loadWithout(a, o)
	for _, t := range near[:min(len(near), swapTargets)] {
		b := s.bs[t.b]
		s.withoutEach(b)
		for k, q := range b.orders {
			lq := loadOf(s.p.Orders[q])
			if !s.p.allowed(rest.plus(lq)) || !s.p.allowed(b.less[k].load.plus(lo)) {
				continue
			}
			// Inserting points never shortens a walk, so a's walk is at
			// least costA and b's at least its walk without q.
			if costA+s.distWithout(b, k)-a.dist-b.dist >= best.delta+boundTol {
				continue
			}
			ta, ca := s.reshape(a, o, q, bufA)
			if ca+b.less[k].dist-a.dist-b.dist >= best.delta+boundTol {
				continue
			}
			ta = slices.Clone(ta)
			tb, cb := s.reshape(b, q, o, bufB)
			if d := ca + cb - a.dist - b.dist; d < best.delta {
				best, found = move{delta: d, to: b.id, partner: q, tourA: ta, tourB: slices.Clone(tb)}, true
			}
		}
	}
	return best, found
}

// boundTol keeps the bounds above from cutting a change that rounding
// alone puts at the limit.
const boundTol = 1e-6

// withoutEach fills w.less with the loads of w without each of its orders,
// unless still there from before w last changed; their walks are priced
// when first asked (distWithout).
func (s *state) withoutEach(w *walk) {
	if w.less != nil {
		return
	}
	w.less = make([]lessOne, len(w.orders))
	for k, q := range w.orders {
		w.less[k] = lessOne{load: s.loadWithout(w, q), dist: -1}
	}
}

// distWithout is the length of w's walk with order w.orders[k] taken out,
// the walk otherwise as it is: a bound below any walk of w without it.
func (s *state) distWithout(w *walk, k int) float64 {
	if w.less[k].dist < 0 {
		var t []int
		t, w.less[k].dist = s.reshape(w, w.orders[k], -1, s.scratch)
		s.scratch = t[:0]
	}
	return w.less[k].dist
}

// loadWithout is w's load without order o.
func (s *state) loadWithout(w *walk, o int) load {
	var l load
	for _, i := range w.orders {
		if i != o {
			l = l.plus(loadOf(s.p.Orders[i]))
		}
	}
	return l
}

// apply commits a change found by bestChange if the router's walks of the
// two batches save walking, as the priced walks said; it reports whether
// it did. The priced walks bound the router's from above unless the router
// is a heuristic or keeps precedence classes, so only such a router can
// refuse a change.
func (s *state) apply(o int, m move) bool {
	a, b := s.bs[s.of[o]], s.bs[m.to]
	na, nb := len(a.orders), len(b.orders)
	if m.partner < 0 {
		na, nb = na-1, nb+1
	}
	ra, rb := s.settle(m.tourA, na), s.settle(m.tourB, nb)
	if ra.dist+rb.dist > a.dist+b.dist-eps {
		return false
	}
	s.place(a, o, m.partner, ra)
	s.place(b, m.partner, o, rb)
	return true
}
