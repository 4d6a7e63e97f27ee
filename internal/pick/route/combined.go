package route

import "math"

// Combined routes by the combined heuristic (Roodbergen and de Koster
// 2001): as SShape, block by block from the farthest, but each aisle with
// picks is either walked end to end or entered and left by the same end,
// whichever makes the block's walk shortest; the choice is made for the
// whole block at once (a small dynamic programme over its aisles, the
// picker at the front or back cross aisle), and the block is left at its
// front, towards the depot.
func Combined(l Layout, picks []Location) (Route, error) {
	return bestOfEnds(l, picks, MethodCombined, combinedOrder)
}

const (
	sideBack  = 0
	sideFront = 1
)

func combinedOrder(l Layout, sp sweepPlan) []int {
	order := append([]int(nil), sp.first...)
	x := 0
	L := l.BlockLength
	for b := len(sp.blocks) - 1; b >= 0; b-- {
		gs := towards(sp.blocks[b], x)
		n := len(gs)
		if n == 0 {
			continue
		}
		// f[i][s]: the shortest vertical walk for aisles i.. starting on
		// side s and ending at the front.
		f := make([][2]float64, n+1)
		f[n] = [2]float64{math.Inf(1), 0}
		cross := make([][2]bool, n) // walk aisle i end to end from side s
		for i := n - 1; i >= 0; i-- {
			g := gs[i]
			back := 2 * (L - g.rel[0])
			front := 2 * g.rel[len(g.rel)-1]
			f[i][sideBack], cross[i][sideBack] = pick(L+f[i+1][sideFront], back+f[i+1][sideBack])
			f[i][sideFront], cross[i][sideFront] = pick(L+f[i+1][sideBack], front+f[i+1][sideFront])
		}
		side := sideBack
		for i, g := range gs {
			// Either way the aisle is entered from the picker's side, so
			// its picks come in the same order.
			if side == sideBack {
				order = appendDown(order, g)
			} else {
				order = appendUp(order, g)
			}
			if cross[i][side] {
				side = 1 - side
			}
			x = g.aisle
		}
	}
	return order
}

// pick returns the smaller cost and whether it is the first (crossing).
func pick(crossing, returning float64) (float64, bool) {
	if crossing <= returning {
		return crossing, true
	}
	return returning, false
}
