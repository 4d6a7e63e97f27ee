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
	gone   []bool    // scratch, one per point: left out of a reshaped walk
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

// distances fills the state's matrix over the depot and the points the
// orders name.
func (s *state) distances() {
	s.ix = make([]int, s.p.Router.Points()+1)
	pts := []int{Depot}
	for _, l := range s.locs {
		for _, x := range l {
			if s.ix[x+1] == 0 {
				s.ix[x+1] = len(pts)
				pts = append(pts, x)
			}
		}
	}
	if len(pts) > maxMatrix {
		return
	}
	s.m = len(pts)
	s.d = make([]float64, s.m*s.m)
	for i, a := range pts {
		for j, b := range pts {
			s.d[i*s.m+j] = s.p.Router.Dist(a, b)
		}
	}
}

// dist is the router's distance from a to b, either of them Depot, when
// the state has a matrix (callers check d): kept this small, it inlines.
func (s *state) dist(a, b int) float64 { return s.d[s.ix[a+1]*s.m+s.ix[b+1]] }

// length is the walk through tour, in that order, from depot to depot.
func (s *state) length(tour []int) float64 {
	if s.d == nil {
		return length(s.p.Router, tour)
	}
	prev, d := Depot, 0.0
	for _, p := range tour {
		d += s.dist(prev, p)
		prev = p
	}
	return d + s.dist(prev, Depot)
}

// cheapest is where in tour point x lengthens the walk least: the index to
// insert it at, among those its precedence class allows. Distances
// between points are the same both ways, so the walk's legs to x are read
// from x's row of the matrix, each once.
func (s *state) cheapest(tour []int, x int) int {
	lo, hi := s.span(tour, x)
	if s.d == nil {
		return s.cheapestAsking(tour, x, lo, hi)
	}
	m, xi, pi := s.m, s.ix[x+1], 0 // matrix rows: the depot is 0
	if lo > 0 {
		pi = s.ix[tour[lo-1]+1]
	}
	row := s.d[xi*m : xi*m+m]
	at, best, in := lo, 0.0, s.d[pi*m+xi]
	for k := lo; k <= hi; k++ {
		ni := 0
		if k < len(tour) {
			ni = s.ix[tour[k]+1]
		}
		out := row[ni]
		if c := in + out - s.d[pi*m+ni]; k == lo || c < best-eps {
			at, best = k, c
		}
		pi, in = ni, out
	}
	return at
}

// cheapestAsking is cheapest asking the router, without a matrix.
func (s *state) cheapestAsking(tour []int, x, lo, hi int) int {
	r := s.p.Router
	prev := Depot
	if lo > 0 {
		prev = tour[lo-1]
	}
	at, best := lo, 0.0
	for k := lo; k <= hi; k++ {
		next := Depot
		if k < len(tour) {
			next = tour[k]
		}
		if c := r.Dist(prev, x) + r.Dist(x, next) - r.Dist(prev, next); k == lo || c < best-eps {
			at, best = k, c
		}
		prev = next
	}
	return at
}

// span is where in tour x may go: anywhere without precedence classes;
// with them, after every point of a lower class and before every point of
// a higher one (tours keep their classes ascending).
func (s *state) span(tour []int, x int) (lo, hi int) {
	if s.class == nil {
		return 0, len(tour)
	}
	for _, y := range tour {
		if s.class[y] < s.class[x] {
			lo++
		}
		if s.class[y] <= s.class[x] {
			hi++
		}
	}
	return lo, hi
}

// open starts a batch holding order i alone.
func (s *state) open(i int) *walk {
	w := &walk{id: len(s.bs), count: make([]int32, s.p.Router.Points())}
	s.bs = append(s.bs, w)
	s.place(w, -1, i, s.fresh(s.locs[i]))
	return w
}

// reshape prices batch w with order drop taken out and order add put in
// (either may be -1): the current walk minus the points only drop needed,
// plus add's new points each at its cheapest place. The walk it returns
// visits exactly the batch's new points; without precedence classes it is
// a real walk, so its length bounds the router's walk from above.
func (s *state) reshape(w *walk, drop, add int, buf []int) ([]int, float64) {
	if drop >= 0 && len(w.orders) == 1 && add < 0 {
		return buf[:0], 0
	}
	if drop >= 0 {
		for _, x := range s.locs[drop] {
			s.gone[x] = w.count[x] == 1
		}
	}
	if add >= 0 {
		for _, x := range s.locs[add] {
			s.gone[x] = false
		}
	}
	tour := buf[:0]
	for _, x := range w.tour {
		if !s.gone[x] {
			tour = append(tour, x)
		}
	}
	if drop >= 0 {
		for _, x := range s.locs[drop] {
			s.gone[x] = false
		}
	}
	if add >= 0 {
		for _, x := range s.locs[add] {
			if w.count[x] > 0 {
				continue
			}
			at := s.cheapest(tour, x)
			tour = slices.Insert(tour, at, x)
		}
	}
	return tour, s.length(tour)
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
