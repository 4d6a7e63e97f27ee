package pick

import (
	"fmt"
	"math"
	"slices"

	"github.com/waybill/waybill/internal/pick/route"
	"github.com/waybill/waybill/internal/warehouse"
)

// RouteLayout converts a warehouse's checked layout into the pick router's model and each
// placed bin into the location the router walks to. The router's warehouse
// is rectangular, so the conversion makes these choices:
//
//   - Aisles of every block that share an x are one router aisle. When
//     every x lies on a grid (the smallest gap between two x, within a
//     quarter of it) the router's aisles are that grid's columns, empty
//     ones included; otherwise they are the distinct x in order, their
//     mean gap apart.
//   - Every block is as long as the longest, plus the widest cross aisle:
//     a shorter block is walked as if it were as long.
//   - A bin's location is its aisle's column and its block's start plus
//     its position; its side does not matter to the walk.
func RouteLayout(l warehouse.Layout) (route.Layout, map[string]route.Location, error) {
	if len(l.Blocks) == 0 || len(l.Aisles) == 0 {
		return route.Layout{}, nil, fmt.Errorf("%w: no blocks or no aisles", route.ErrLayout)
	}
	var blockLen, width float64
	blockAt := map[string]int{}
	for i, b := range l.Blocks {
		blockLen, blockAt[b.Code] = max(blockLen, b.Length), i
	}
	for _, c := range l.CrossAisles {
		width = max(width, c.Width)
	}
	column, count, spacing := columns(l)
	rl := route.Layout{Aisles: count, Blocks: len(l.Blocks), BlockLength: blockLen + width, AisleSpacing: spacing,
		DepotAisle: column[l.Depot.Aisle], DepotDistance: l.Depot.Distance}
	aisles := map[string]warehouse.Aisle{}
	for _, a := range l.Aisles {
		aisles[a.Code] = a
	}
	locs := make(map[string]route.Location, len(l.Bins))
	for _, p := range l.Bins {
		a := aisles[p.Aisle]
		locs[p.Bin] = route.Location{Aisle: column[a.Code], Pos: float64(blockAt[a.Block])*rl.BlockLength + width/2 + p.Position}
	}
	return rl, locs, rl.Validate()
}

// columns numbers the distinct x of the aisles left to right: on their
// grid when they fit one, else in order.
func columns(l warehouse.Layout) (map[string]int, int, float64) {
	xs := make([]float64, 0, len(l.Aisles))
	for _, a := range l.Aisles {
		xs = append(xs, a.X)
	}
	slices.Sort(xs)
	distinct := []float64{xs[0]}
	for _, x := range xs[1:] {
		if x-distinct[len(distinct)-1] > 0.5 {
			distinct = append(distinct, x)
		}
	}
	column := map[string]int{}
	if len(distinct) == 1 {
		for _, a := range l.Aisles {
			column[a.Code] = 0
		}
		return column, 1, 1 // one column: any spacing walks the same
	}
	spacing, x0 := math.Inf(1), distinct[0]
	for i := 1; i < len(distinct); i++ {
		spacing = min(spacing, distinct[i]-distinct[i-1])
	}
	count, onGrid := 0, true
	for _, a := range l.Aisles {
		k := math.Round((a.X - x0) / spacing)
		if math.Abs(a.X-x0-k*spacing) > spacing/4 || k >= 10000 {
			onGrid = false
			break
		}
		column[a.Code] = int(k)
		count = max(count, int(k)+1)
	}
	if onGrid {
		return column, count, spacing
	}
	for _, a := range l.Aisles {
		column[a.Code] = nearest(distinct, a.X)
	}
	return column, len(distinct), (distinct[len(distinct)-1] - x0) / float64(len(distinct)-1)
}

// nearest is the index of the value of sorted xs nearest x.
func nearest(xs []float64, x float64) int {
	best := 0
	for i, v := range xs {
		if math.Abs(v-x) < math.Abs(xs[best]-x) {
			best = i
		}
	}
	return best
}
