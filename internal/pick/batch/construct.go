package batch

import (
	"cmp"
	"slices"
)

// seedBuild is the seed construction: the earliest-due order not yet
// batched opens a cart, then the order whose points lengthen the cart's
// walk least joins it, again and again, until no order fits.
func (s *state) seedBuild() {
	order := s.p.releaseOrder()
	buf := make([]int, 0, 64)
	for _, seed := range order {
		if s.of[seed] >= 0 {
			continue
		}
		w := s.open(seed)
		for {
			best, bestCost := -1, 0.0
			for _, j := range order {
				if s.of[j] >= 0 || !s.p.allowed(w.load.plus(loadOf(s.p.Orders[j]))) {
					continue
				}
				if _, c := s.reshape(w, -1, j, buf); best < 0 || c-w.dist < bestCost-eps {
					best, bestCost = j, c-w.dist
				}
			}
			if best < 0 {
				break
			}
			tour, _ := s.reshape(w, -1, best, buf)
			s.place(w, -1, best, s.settle(tour, len(w.orders)+1))
		}
	}
}

// saving is what walking orders a and b together saves over walking each
// alone.
type saving struct {
	a, b int
	v    float64
}

// savingsBuild is Clarke and Wright's savings construction as used for
// order batching: the saving of every pair that may share a cart, pairs
// taken from the largest saving down, and the carts of a pair's two orders
// merged whenever the merged cart still fits. A pair's walk together is
// priced by inserting one order's points into the other's walk.
func (s *state) savingsBuild() {
	n := len(s.p.Orders)
	alone := make([]*walk, n)
	for i := range n {
		w := &walk{orders: []int{i}, count: make([]int32, s.p.Router.Points()), dist: s.single[i]}
		for _, x := range s.locs[i] {
			w.count[x]++
		}
		w.tour, _ = s.p.Router.Route(s.locs[i])
		alone[i] = w
	}
	var sv []saving
	buf := make([]int, 0, 64)
	for i := range n {
		for j := i + 1; j < n; j++ {
			if !s.p.allowed(loadOf(s.p.Orders[i]).plus(loadOf(s.p.Orders[j]))) {
				continue
			}
			_, c := s.reshape(alone[i], -1, j, buf)
			if v := s.single[i] + s.single[j] - c; v > eps {
				sv = append(sv, saving{i, j, v})
			}
		}
	}
	slices.SortStableFunc(sv, func(x, y saving) int { return cmp.Compare(y.v, x.v) })
	cluster := make([]int, n) // cluster id of each order
	members := make([][]int, n)
	loads := make([]load, n)
	for i := range n {
		cluster[i], members[i], loads[i] = i, []int{i}, loadOf(s.p.Orders[i])
	}
	for _, e := range sv {
		ca, cb := cluster[e.a], cluster[e.b]
		if ca == cb || !s.p.allowed(loads[ca].plus(loads[cb])) {
			continue
		}
		for _, o := range members[cb] {
			cluster[o] = ca
		}
		members[ca], members[cb] = append(members[ca], members[cb]...), nil
		loads[ca] = loads[ca].plus(loads[cb])
	}
	for _, i := range s.p.releaseOrder() {
		if m := members[cluster[i]]; m != nil && s.of[i] < 0 {
			s.openSet(m)
		}
	}
}

// openSet opens one batch holding all the given orders, routed once.
func (s *state) openSet(orders []int) {
	w := s.open(orders[0])
	for _, o := range orders[1:] {
		w.orders = append(w.orders, o)
		for _, x := range s.locs[o] {
			w.count[x]++
		}
		s.of[o] = w.id
	}
	s.place(w, -1, -1, s.fresh(w.points()))
}
