package route

// LargestGap routes by the largest gap heuristic generalised to blocks
// (Roodbergen and de Koster 2001). In each block, from its back cross
// aisle, the picker walks along the back entering every aisle with picks
// as far as the largest gap between its picks (the ends of the block
// count), walks the block's last such aisle end to end, and comes back
// along the front cross aisle taking the picks below each gap. The left
// pick aisle is walked first, up to the farthest block, as in SShape.
func LargestGap(l Layout, picks []Location) (Route, error) {
	return bestOfEnds(l, picks, MethodLargestGap, largestGapOrder)
}

func largestGapOrder(l Layout, sp sweepPlan) []int {
	order := append([]int(nil), sp.first...)
	x := 0
	for b := len(sp.blocks) - 1; b >= 0; b-- {
		gs := towards(sp.blocks[b], x)
		if len(gs) == 0 {
			continue
		}
		cut := make([]int, len(gs)) // picks [cut:] are taken from the back
		for i, g := range gs[:len(gs)-1] {
			cut[i] = gapCut(g, l.BlockLength)
			for k := len(g.picks) - 1; k >= cut[i]; k-- {
				order = append(order, g.picks[k])
			}
		}
		last := gs[len(gs)-1]
		order = appendDown(order, last)
		x = last.aisle
		for i := len(gs) - 2; i >= 0; i-- {
			order = append(order, gs[i].picks[:cut[i]]...)
			x = gs[i].aisle
		}
	}
	return order
}

// gapCut finds the largest gap in an aisle of one block, counting the
// stretches from the front cross aisle to the first pick and from the last
// pick to the back one, and returns how many picks lie in front of it.
func gapCut(g group, blockLength float64) int {
	cut, gap := 0, g.rel[0] // the gap in front of the first pick
	for k := 1; k < len(g.rel); k++ {
		if d := g.rel[k] - g.rel[k-1]; d > gap {
			cut, gap = k, d
		}
	}
	if blockLength-g.rel[len(g.rel)-1] > gap {
		cut = len(g.rel)
	}
	return cut
}
