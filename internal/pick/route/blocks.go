package route

import (
	"cmp"
	"math"
	"slices"
)

// group is the picks of one aisle within one block, front to back, with
// their positions measured from the block's front cross aisle.
type group struct {
	aisle int
	picks []int
	rel   []float64
}

// sweepPlan is what the heuristics share: the picks arranged by block and
// aisle the way Roodbergen and de Koster's multi-block heuristics walk
// them. The picker goes up the leftmost aisle holding picks ("left pick
// aisle") to the back of the farthest block holding picks, taking every
// pick of that aisle on the way, then serves the blocks one by one from
// the farthest to the nearest, each from its back cross aisle.
type sweepPlan struct {
	first  []int     // the left pick aisle's picks, front to back
	blocks [][]group // [block]: the other aisles with picks, left to right
}

// blockOf is the block a position belongs to; a pick on a cross aisle
// between two blocks counts in the nearer one's back.
func (l Layout) blockOf(pos float64) int {
	b := int(math.Ceil(pos/l.BlockLength)) - 1
	return min(max(b, 0), l.Blocks-1)
}

// newSweepPlan groups the picks; mirrored numbers the aisles from the
// right, so that the walk starts at the rightmost aisle instead.
func newSweepPlan(l Layout, picks []Location, subset []int, mirrored bool) sweepPlan {
	aisle := func(i int) int {
		if mirrored {
			return l.Aisles - 1 - picks[i].Aisle
		}
		return picks[i].Aisle
	}
	idx := slices.Clone(subset)
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(aisle(a), aisle(b)), cmp.Compare(picks[a].Pos, picks[b].Pos), cmp.Compare(a, b))
	})
	var sp sweepPlan
	if len(idx) == 0 {
		return sp
	}
	left := aisle(idx[0])
	sp.blocks = make([][]group, l.Blocks)
	for _, i := range idx {
		if aisle(i) == left {
			sp.first = append(sp.first, i)
			continue
		}
		b := l.blockOf(picks[i].Pos)
		gs := sp.blocks[b]
		if len(gs) == 0 || gs[len(gs)-1].aisle != aisle(i) {
			gs = append(gs, group{aisle: aisle(i)})
		}
		g := &gs[len(gs)-1]
		g.picks = append(g.picks, i)
		g.rel = append(g.rel, picks[i].Pos-float64(b)*l.BlockLength)
		sp.blocks[b] = gs
	}
	return sp
}

// towards orders a block's groups for a picker standing at aisle x: from
// the nearer end of the block to the other.
func towards(gs []group, x int) []group {
	if len(gs) > 1 && abs(x-gs[len(gs)-1].aisle) < abs(x-gs[0].aisle) {
		gs = slices.Clone(gs)
		slices.Reverse(gs)
	}
	return gs
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// appendDown appends a group's picks back to front; appendUp front to back.
func appendDown(order []int, g group) []int {
	for i := len(g.picks) - 1; i >= 0; i-- {
		order = append(order, g.picks[i])
	}
	return order
}

func appendUp(order []int, g group) []int { return append(order, g.picks...) }
