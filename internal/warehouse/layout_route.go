package warehouse

import (
	"fmt"
	"math"
	"slices"

	"github.com/waybill/waybill/internal/pick/route"
)

// Route converts a checked layout into the pick router's model and each
// placed bin into the location the router walks to. The router's warehouse
// is rectangular, so the conversion makes these choices:
//
//   - Aisles of every block that share an x (within a quarter of the
//     spacing) are one router aisle; the spacing is the smallest gap
//     between two x, and an x off that grid is an error.
//   - Every block is as long as the longest, plus the widest cross aisle:
//     a shorter block is walked as if it were as long.
//   - A bin's location is its aisle's column and its block's start plus
//     its position; its side does not matter to the walk.
func (l Layout) Route() (route.Layout, map[string]route.Location, error) {
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
	column, count, spacing, err := l.columns()
	if err != nil {
		return route.Layout{}, nil, err
	}
	rl := route.Layout{Aisles: count, Blocks: len(l.Blocks), BlockLength: blockLen + width, AisleSpacing: spacing,
		DepotAisle: column[l.Depot.Aisle], DepotDistance: l.Depot.Distance}
	aisles := map[string]Aisle{}
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

// columns numbers the distinct x of the aisles left to right on a grid.
func (l Layout) columns() (map[string]int, int, float64, error) {
	xs := make([]float64, 0, len(l.Aisles))
	for _, a := range l.Aisles {
		xs = append(xs, a.X)
	}
	slices.Sort(xs)
	spacing, x0 := math.Inf(1), xs[0]
	for i := 1; i < len(xs); i++ {
		if gap := xs[i] - xs[i-1]; gap > 0.5 {
			spacing = min(spacing, gap)
		}
	}
	if math.IsInf(spacing, 1) {
		spacing = 1 // one column: any spacing walks the same
	}
	column := map[string]int{}
	count := 0
	for _, a := range l.Aisles {
		k := math.Round((a.X - x0) / spacing)
		if math.Abs(a.X-x0-k*spacing) > spacing/4 {
			return nil, 0, 0, fmt.Errorf("%w: aisle %s at x %g is off the %g m grid of aisles starting at %g",
				route.ErrLayout, a.Code, a.X, spacing, x0)
		}
		if k >= 10000 {
			return nil, 0, 0, fmt.Errorf("%w: aisle %s is more than 10000 aisles from the first", route.ErrLayout, a.Code)
		}
		column[a.Code] = int(k)
		count = max(count, int(k)+1)
	}
	return column, count, spacing, nil
}
