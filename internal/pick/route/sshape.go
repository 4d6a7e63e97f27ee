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
func bestOfEnds(l Layout, picks []Location, method Method, sweep func(Layout, sweepPlan) []int) (Route, error) {
	if err := l.checkAll(picks); err != nil {
		return Route{}, err
	}
	order, d := bestSweep(l, NewMatrix(l, picks), bothEnds(l, picks, all(len(picks))), sweep)
	return Route{Order: order, Length: d, Method: method}, nil
}

// bothEnds arranges picks for a sweep from the left and one from the right.
func bothEnds(l Layout, picks []Location, subset []int) [2]sweepPlan {
	return [2]sweepPlan{newSweepPlan(l, picks, subset, false), newSweepPlan(l, picks, subset, true)}
}

// bestSweep returns the shorter of the two sweeps' visiting orders.
func bestSweep(l Layout, m Matrix, plans [2]sweepPlan, sweep func(Layout, sweepPlan) []int) ([]int, float64) {
	best, length := sweep(l, plans[0]), 0.0
	length = m.Tour(best)
	if other := sweep(l, plans[1]); m.Tour(other) < length-eps {
		best, length = other, m.Tour(other)
	}
	return best, length
}

func all(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
