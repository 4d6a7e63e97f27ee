package batch

import "slices"

// state is a batching under construction or search: which batch holds each
// order, and each batch's points, walk and load, kept current as orders
// move so a move is priced without routing from scratch.
type state struct {
	p       Problem
	locs    [][]int // each order's distinct points, sorted
	of      []int   // batch of each order, -1 if none yet
	bs      []*walk
	single  []float64 // each order's walk on its own
	gone    []bool    // scratch, one per point: left out of a reshaped walk
	scratch []int     // scratch for walks priced and dropped
	// The router's distances between the orders' points, for pricing
	// moves: point x is row ix[x+1] of d (m by m), the depot row 0; nil d
	// when too many points for one (then the router is asked).
	ix []int
	d  []float64
	m  int
	// class is each point's precedence class, nil without (classed).
	class []int
}

// maxMatrix bounds the points whose distances a state keeps (32 MB).
const maxMatrix = 2048

// walk is one batch being built.
type walk struct {
	id     int // index in state.bs
	orders []int
	count  []int32 // orders of the batch at each point
	tour   []int
	dist   float64
	load   load
	less   []lessOne // by index in orders, nil until asked since w last changed
}

// lessOne is a walk without one of its orders: its load, and its length
// (-1 until priced).
type lessOne struct {
	load load
	dist float64
}

func newState(p Problem) *state {
	s := &state{p: p, locs: make([][]int, len(p.Orders)), of: make([]int, len(p.Orders)),
		single: make([]float64, len(p.Orders)), gone: make([]bool, p.Router.Points())}
	for i, o := range p.Orders {
		s.locs[i] = slices.Compact(slices.Sorted(slices.Values(o.Locations)))
		s.of[i] = -1
		s.single[i] = walkLength(p.Router, s.locs[i])
	}
	s.distances()
	if c, ok := p.Router.(classed); ok {
		s.class = c.precedence()
	}
	return s
}

// open starts a batch holding order i alone.
func (s *state) open(i int) *walk {
	w := &walk{id: len(s.bs), count: make([]int32, s.p.Router.Points())}
	s.bs = append(s.bs, w)
	s.place(w, -1, i, s.fresh(s.locs[i]))
	return w
}

// routed is a batch's walk as the state keeps it.
type routed struct {
	tour []int
	dist float64
}

// settle turns the walk a move was priced on into the batch's walk: the
// router's walk through its points, or, for a router that refines walks,
// the priced walk refined. A batch left without orders walks nowhere.
func (s *state) settle(tour []int, orders int) routed {
	if orders == 0 {
		return routed{}
	}
	if r, ok := s.p.Router.(refiner); ok {
		t := slices.Clone(tour)
		return routed{t, r.improve(t)}
	}
	t, d := s.p.Router.Route(tour)
	return routed{t, d}
}

// fresh is the walk of a batch through points not yet routed.
func (s *state) fresh(points []int) routed {
	t, d := s.p.Router.Route(points)
	if r, ok := s.p.Router.(refiner); ok {
		d = r.improve(t)
	}
	return routed{t, d}
}

// place commits a change: drop leaves w, add joins it, and w walks rt.
func (s *state) place(w *walk, drop, add int, rt routed) {
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
		s.of[add] = w.id
	}
	w.load = s.p.loadOfSet(w.orders)
	w.tour, w.dist = rt.tour, rt.dist
	w.less = nil
}

// points are the batch's points, ascending.
func (w *walk) points() []int {
	var pts []int
	for x, c := range w.count {
		if c > 0 {
			pts = append(pts, x)
		}
	}
	return pts
}
