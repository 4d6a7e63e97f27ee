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
	type key struct {
		aisle int
		pos   float64
		i     int
	}
	keys := make([]key, len(subset))
	for k, i := range subset {
		a := picks[i].Aisle
		if mirrored {
			a = l.Aisles - 1 - a
		}
		keys[k] = key{a, picks[i].Pos, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.aisle, b.aisle), cmp.Compare(a.pos, b.pos), cmp.Compare(a.i, b.i))
	})
	var sp sweepPlan
	if len(keys) == 0 {
		return sp
	}
	// Sorted by aisle and position, each aisle's picks in one block are a
	// run of keys: the groups are slices of two shared arrays.
	ids, rels := make([]int, len(keys)), make([]float64, len(keys))
	blockAt := make([]int, len(keys))
	for n, k := range keys {
		blockAt[n] = l.blockOf(k.pos)
		ids[n], rels[n] = k.i, k.pos-float64(blockAt[n])*l.BlockLength
	}
	sp.blocks = make([][]group, l.Blocks)
	for start := 0; start < len(keys); {
		end := start + 1
		for end < len(keys) && keys[end].aisle == keys[start].aisle && (keys[start].aisle == keys[0].aisle || blockAt[end] == blockAt[start]) {
			end++
		}
		if keys[start].aisle == keys[0].aisle {
			sp.first = ids[start:end:end] // the left pick aisle, all blocks
		} else {
			b := blockAt[start]
			sp.blocks[b] = append(sp.blocks[b], group{aisle: keys[start].aisle, picks: ids[start:end:end], rel: rels[start:end:end]})
		}
		start = end
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
