package route

import (
	"cmp"
	"fmt"
	"slices"
)

// Options tune Plan.
type Options struct {
	// Classes, when not nil, holds one class per pick, and the route
	// visits the picks in ascending class: the precedence rule. Give heavy
	// goods 0, ordinary goods 1 and fragile goods 2 and the heavy go to the
	// bottom of the cart, the fragile on top. Within a class the order is
	// free.
	Classes []int
	// ExactLimit is the longest list Plan solves with HeldKarp where the
	// layout (several blocks) or the classes rule Exact out; 0 means 12,
	// at most MaxHeldKarp.
	ExactLimit int
}

// Plan routes a pick list by the best method that fits it: Exact on a
// single block without classes, HeldKarp for short lists, otherwise
// Heuristic. Every method it uses returns the same route for the same
// input.
func Plan(l Layout, picks []Location, o Options) (Route, error) {
	if o.Classes != nil && len(o.Classes) != len(picks) {
		return Route{}, fmt.Errorf("route: %d classes for %d picks", len(o.Classes), len(picks))
	}
	classes := o.Classes
	if len(classes) == 0 || slices.Min(classes) == slices.Max(classes) {
		classes = nil // one class: no rule
	}
	limit := o.ExactLimit
	if limit <= 0 {
		limit = 12
	}
	limit = min(limit, MaxHeldKarp)
	switch {
	case l.Blocks == 1 && classes == nil:
		return Exact(l, picks)
	case len(picks) <= limit:
		return HeldKarp(l, picks, classes)
	}
	return Heuristic(l, picks, classes)
}

// Heuristic routes by SShape, LargestGap and Combined, improves the two
// shortest of their routes by local search (Improve) and keeps the better. With classes, each class is routed
// on its own, the routes joined in class order and improved without
// breaking the order.
func Heuristic(l Layout, picks []Location, classes []int) (Route, error) {
	if err := l.checkAll(picks); err != nil {
		return Route{}, err
	}
	if classes != nil && len(classes) != len(picks) {
		return Route{}, fmt.Errorf("route: %d classes for %d picks", len(classes), len(picks))
	}
	m := NewMatrix(l, picks)
	var starts [3][]int
	for _, subset := range byClass(classes, len(picks)) {
		plans := bothEnds(l, picks, subset)
		for k, sweep := range []func(Layout, sweepPlan) []int{sshapeOrder, largestGapOrder, combinedOrder} {
			order, _ := bestSweep(l, m, plans, sweep)
			starts[k] = append(starts[k], order...)
		}
	}
	// Local search from the shortest starts only: on the benchmark's
	// multi-block lists the third start improved the mean gap by 0.1 point
	// and cost a third of the time.
	slices.SortStableFunc(starts[:], func(a, b []int) int { return cmp.Compare(m.Tour(a), m.Tour(b)) })
	best := Route{Method: MethodHeuristic, Order: []int{}}
	for k, order := range starts[:improveStarts] {
		order = Improve(m, order, classes)
		if d := m.Tour(order); k == 0 || d < best.Length-eps {
			best.Order, best.Length = order, d
		}
	}
	return best, nil
}

// improveStarts is how many of the constructions local search improves.
const improveStarts = 2

// byClass splits the picks by class, lowest first; without classes, one
// subset of all of them.
func byClass(classes []int, n int) [][]int {
	if classes == nil {
		return [][]int{all(n)}
	}
	idx := all(n)
	slices.SortStableFunc(idx, func(a, b int) int { return classes[a] - classes[b] })
	var out [][]int
	for i := 0; i < n; {
		j := i
		for j < n && classes[idx[j]] == classes[idx[i]] {
			j++
		}
		out = append(out, idx[i:j])
		i = j
	}
	return out
}
