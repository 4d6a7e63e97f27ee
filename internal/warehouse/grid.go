package warehouse

import "fmt"

// GridSpec describes a rectangular racking layout, so the demo generator and
// a new site's set-up can create realistic bins without listing each one.
type GridSpec struct {
	Zones        []string // e.g. A, B; laid out side by side along x
	Aisles       int      // per zone, 1-999
	Bays         int      // per aisle, 1-999
	Levels       int      // per bay, 1-99
	AisleSpacing float64  // metres between aisles (default 3)
	BaySpacing   float64  // metres between bays along an aisle (default 1.2)
}

// Grid returns the bins of spec in walking order. Aisles run along y; a zone
// starts 5 m after the previous one ends. Pass the result to AddBins in
// chunks of MaxBinsPerCall.
func Grid(spec GridSpec) []BinInput {
	if spec.AisleSpacing <= 0 {
		spec.AisleSpacing = 3
	}
	if spec.BaySpacing <= 0 {
		spec.BaySpacing = 1.2
	}
	var out []BinInput
	zoneStart := 0.0
	for _, zone := range spec.Zones {
		for a := 1; a <= spec.Aisles; a++ {
			x := zoneStart + float64(a-1)*spec.AisleSpacing
			for b := 1; b <= spec.Bays; b++ {
				y := float64(b) * spec.BaySpacing
				for l := 1; l <= spec.Levels; l++ {
					out = append(out, BinInput{Code: fmt.Sprintf("%s-%02d-%02d-%d", zone, a, b, l), X: x, Y: y})
				}
			}
		}
		zoneStart += float64(spec.Aisles)*spec.AisleSpacing + 5
	}
	return out
}
