package batch

import "slices"

// Pricing: what a batch's walk would become with an order taken out or put
// in, on the router's distances between the orders' points, which the
// state keeps in a matrix.

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
