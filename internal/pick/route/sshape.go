package route

// SShape routes by the S-shape (traversal) heuristic generalised to blocks
// (Roodbergen and de Koster 2001): up the left pick aisle to the farthest
// block with picks, then block by block towards the front, every aisle
// holding picks walked end to end, in alternate directions, starting from
// the block's end nearer the picker. It is the rule pickers follow on
// paper lists, and the baseline the other methods are measured against.
func SShape(l Layout, picks []Location) (Route, error) {
	return bestOfEnds(l, picks, MethodSShape, sshapeOrder)
}

func sshapeOrder(l Layout, sp sweepPlan) []int {
	order := append([]int(nil), sp.first...)
	x := 0
	for b := len(sp.blocks) - 1; b >= 0; b-- {
		gs := towards(sp.blocks[b], x)
		for i, g := range gs {
			if i%2 == 0 {
				order = appendDown(order, g)
			} else {
				order = appendUp(order, g)
			}
			x = g.aisle
		}
	}
	return order
}

// bestOfEnds runs a sweep from the left and from the right and keeps the
// shorter route, each visiting order walked by shortest paths.
func bestOfEnds(l Layout, picks []Location, m Method, sweep func(Layout, sweepPlan) []int) (Route, error) {
	if err := l.checkAll(picks); err != nil {
		return Route{}, err
	}
	return sweepBoth(l, picks, all(len(picks)), m, sweep), nil
}

func sweepBoth(l Layout, picks []Location, subset []int, m Method, sweep func(Layout, sweepPlan) []int) Route {
	best := Route{Method: m, Order: []int{}}
	for k, mirrored := range []bool{false, true} {
		order := sweep(l, newSweepPlan(l, picks, subset, mirrored))
		if d := l.TourLength(picks, order); k == 0 || d < best.Length-eps {
			best.Order, best.Length = order, d
		}
	}
	return best
}

func all(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
