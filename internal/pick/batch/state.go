package batch

import "slices"

// state is a batching under construction or search: which batch holds each
// order, and each batch's points, walk and load, kept current as orders
// move so a move is priced without routing from scratch.
type state struct {
	p      Problem
	locs   [][]int // each order's distinct points, sorted
	of     []int   // batch of each order, -1 if none yet
	bs     []*walk
	single []float64 // each order's walk on its own
	mark   []bool    // scratch, one per point
}

// walk is one batch being built.
type walk struct {
	id     int // index in state.bs
	orders []int
	count  []int32 // orders of the batch at each point
	tour   []int
	dist   float64
	load   load
}

func newState(p Problem) *state {
	s := &state{p: p, locs: make([][]int, len(p.Orders)), of: make([]int, len(p.Orders)),
		single: make([]float64, len(p.Orders)), mark: make([]bool, p.Layout.Points())}
	for i, o := range p.Orders {
		s.locs[i] = slices.Compact(slices.Sorted(slices.Values(o.Locations)))
		s.of[i] = -1
		s.single[i] = p.Layout.Walk(s.locs[i])
	}
	return s
}

// open starts a batch holding order i alone.
func (s *state) open(i int) *walk {
	w := &walk{id: len(s.bs), count: make([]int32, s.p.Layout.Points())}
	s.bs = append(s.bs, w)
	s.place(w, -1, i, nil)
	return w
}

// reshape prices batch w with order drop taken out and order add put in
// (either may be -1): the current walk minus the points only drop needed,
// plus add's new points each at its cheapest place. The walk it returns
// is a real walk, so its length bounds the best walk from above.
func (s *state) reshape(w *walk, drop, add int, buf []int) ([]int, float64) {
	l := s.p.Layout
	if drop >= 0 && len(w.orders) == 1 && add < 0 {
		return buf[:0], 0
	}
	if add >= 0 {
		for _, x := range s.locs[add] {
			s.mark[x] = true
		}
	}
	tour := buf[:0]
	for _, x := range w.tour {
		if drop >= 0 && w.count[x] == 1 && !s.mark[x] && s.holds(drop, x) {
			continue
		}
		tour = append(tour, x)
	}
	if add >= 0 {
		for _, x := range s.locs[add] {
			s.mark[x] = false
		}
		for _, x := range s.locs[add] {
			if w.count[x] > 0 {
				continue
			}
			at, best, prev := 0, 0.0, l.start
			for k := 0; k <= len(tour); k++ {
				next := l.end
				if k < len(tour) {
					next = tour[k]
				}
				c := l.Dist(prev, x) + l.Dist(x, next) - l.Dist(prev, next)
				if k == 0 || c < best-eps {
					at, best = k, c
				}
				prev = next
			}
			tour = slices.Insert(tour, at, x)
		}
	}
	return tour, l.length(tour)
}

// holds says whether order i has point x.
func (s *state) holds(i, x int) bool {
	_, ok := slices.BinarySearch(s.locs[i], x)
	return ok
}

// place commits a reshape: drop leaves w, add joins it, and the walk
// becomes tour (nil: price it afresh) improved by the router.
func (s *state) place(w *walk, drop, add int, tour []int) {
	if drop >= 0 {
		w.orders = slices.DeleteFunc(w.orders, func(o int) bool { return o == drop })
		for _, x := range s.locs[drop] {
			w.count[x]--
		}
		if s.of[drop] == w.id {
			s.of[drop] = -1
		}
	}
	if add >= 0 {
		w.orders = append(w.orders, add)
		for _, x := range s.locs[add] {
			w.count[x]++
		}
	}
	w.load = s.p.loadOfSet(w.orders)
	if tour == nil {
		for x, c := range w.count {
			if c > 0 {
				tour = append(tour, x)
			}
		}
		tour, _ = s.p.Layout.Route(tour)
	}
	w.tour = slices.Clone(tour)
	w.dist = 0
	if len(w.orders) > 0 {
		w.dist = s.p.Layout.improve(w.tour)
	}
	if add >= 0 {
		s.of[add] = w.id
	}
}
