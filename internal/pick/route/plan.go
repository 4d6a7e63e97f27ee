package route

import (
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

// Heuristic routes by the best of SShape, LargestGap and Combined, each
// improved by local search (Improve). With classes, each class is routed
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
	best := Route{Method: MethodHeuristic, Order: []int{}}
	for k, sweep := range []func(Layout, sweepPlan) []int{sshapeOrder, largestGapOrder, combinedOrder} {
		var order []int
		for _, subset := range byClass(classes, len(picks)) {
			order = append(order, sweepBoth(l, picks, subset, MethodHeuristic, sweep).Order...)
		}
		order = Improve(m, order, classes)
		if d := m.Tour(order); k == 0 || d < best.Length-eps {
			best.Order, best.Length = order, d
		}
	}
	return best, nil
}

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
