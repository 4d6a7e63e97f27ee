// Package route plans a picker's walk through a warehouse: from the depot
// to every pick location and back, over a layout of parallel aisles joined
// by cross aisles. It is pure: plain inputs, no database, no clock, the same
// answer for the same input, so the pick stage can call it anywhere and the
// benchmark can compare its methods with the exact optimum.
//
// Methods: Exact (Ratliff and Rosenthal's dynamic programme, single-block
// layouts), HeldKarp (exact on shortest-path distances, any layout, short
// lists), and the heuristics SShape, LargestGap and Combined, improved by
// Improve (2-opt and or-opt). Plan picks the right one for a list.
package route

import (
	"errors"
	"fmt"
	"math"
)

// Layout is a rectangular warehouse of parallel aisles. Aisles are numbered
// 0..Aisles-1 from left to right, AisleSpacing apart (centre to centre).
// Cross aisles run across every aisle: one at the front (position 0), one at
// the back, and one between each pair of blocks, so Blocks blocks have
// Blocks+1 cross aisles, BlockLength apart. Cross aisles are taken as lines
// of no width: a warehouse where they are wide adds their width to
// BlockLength. The depot (where carts start and end) is DepotDistance in
// front of the front cross aisle, level with aisle DepotAisle.
type Layout struct {
	Aisles        int
	Blocks        int
	BlockLength   float64
	AisleSpacing  float64
	DepotAisle    int
	DepotDistance float64
}

// Location is a pick location: an aisle and a position along it, measured
// from the front cross aisle (0) to the back one (Blocks*BlockLength). The
// side of the aisle does not matter to the walk: the picker reaches both
// shelves from the aisle's centre line.
type Location struct {
	Aisle int
	Pos   float64
}

// ErrLayout reports a layout or location the planner cannot walk.
var ErrLayout = errors.New("route: invalid layout")

// Validate checks the layout is one a picker can walk.
func (l Layout) Validate() error {
	switch {
	case l.Aisles < 1 || l.Aisles > 10_000:
		return fmt.Errorf("%w: aisles must be 1..10000, got %d", ErrLayout, l.Aisles)
	case l.Blocks < 1 || l.Blocks > 100:
		return fmt.Errorf("%w: blocks must be 1..100, got %d", ErrLayout, l.Blocks)
	case !finitePositive(l.BlockLength) || !finitePositive(l.AisleSpacing):
		return fmt.Errorf("%w: block length and aisle spacing must be positive", ErrLayout)
	case l.DepotAisle < 0 || l.DepotAisle >= l.Aisles:
		return fmt.Errorf("%w: depot aisle %d outside 0..%d", ErrLayout, l.DepotAisle, l.Aisles-1)
	case l.DepotDistance < 0 || math.IsInf(l.DepotDistance, 0) || math.IsNaN(l.DepotDistance):
		return fmt.Errorf("%w: depot distance must be >= 0", ErrLayout)
	}
	return nil
}

// Length is the length of a whole aisle, front to back.
func (l Layout) Length() float64 { return float64(l.Blocks) * l.BlockLength }

// Check reports a location outside the layout.
func (l Layout) Check(p Location) error {
	if p.Aisle < 0 || p.Aisle >= l.Aisles || !(p.Pos >= 0 && p.Pos <= l.Length()) {
		return fmt.Errorf("%w: location (aisle %d, %g) outside the layout", ErrLayout, p.Aisle, p.Pos)
	}
	return nil
}

// checkAll validates the layout and every location.
func (l Layout) checkAll(picks []Location) error {
	if err := l.Validate(); err != nil {
		return err
	}
	for _, p := range picks {
		if err := l.Check(p); err != nil {
			return err
		}
	}
	return nil
}

func finitePositive(x float64) bool { return x > 0 && !math.IsInf(x, 0) }
