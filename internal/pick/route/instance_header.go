package route

import (
	"fmt"
	"strconv"
	"strings"
)

// geometry places an instance's cells along an aisle.
type geometry struct {
	n                 int
	top, bottom, step float64 // stub from each cross aisle to its nearest cell, cell to cell
	length            float64
	mirrored          bool // the depot was at the back
}

// pos is the distance of a cell from the front cross aisle.
func (g geometry) pos(cell int) float64 {
	p := g.bottom + float64(g.n-1-cell)*g.step
	if g.mirrored {
		return g.length - p
	}
	return p
}

// layoutOf reads the header into a layout.
func layoutOf(h map[string]string) (Layout, geometry, error) {
	var g geometry
	if t := h["LAYOUT"]; t != "" && !strings.EqualFold(t, "single-block") {
		return Layout{}, g, fmt.Errorf("%w: layout %q: only single-block instances are read", ErrFormat, t)
	}
	var aisles, depotAisle int
	for _, f := range []struct {
		key string
		to  *int
	}{{"NUM_AISLES", &aisles}, {"NUM_CELLS", &g.n}, {"DEPOT_AISLE", &depotAisle}} {
		v, err := strconv.Atoi(h[f.key])
		if err != nil || v < 0 || v > 1_000_000 {
			return Layout{}, g, fmt.Errorf("%w: %s: %q is not a count", ErrFormat, f.key, h[f.key])
		}
		*f.to = v
	}
	var spacing, depot float64
	for _, f := range []struct {
		key string
		to  *float64
	}{{"DISTANCE_AISLE_TO_AISLE", &spacing}, {"DISTANCE_CELL_TO_CELL", &g.step}, {"DISTANCE_TOP_TO_CELL", &g.top},
		{"DISTANCE_BOTTOM_TO_CELL", &g.bottom}, {"DISTANCE_TOP_OR_BOTTOM_TO_DEPOT", &depot}} {
		v, err := strconv.ParseFloat(h[f.key], 64)
		if err != nil || !(v >= 0 && v <= 1e9) {
			return Layout{}, g, fmt.Errorf("%w: %s: %q is not a distance", ErrFormat, f.key, h[f.key])
		}
		*f.to = v
	}
	if g.n < 1 {
		return Layout{}, g, fmt.Errorf("%w: NUM_CELLS must be at least 1", ErrFormat)
	}
	switch strings.ToLower(h["DEPOT_LOCATION"]) {
	case "bottom":
	case "top":
		g.mirrored = true
	default:
		return Layout{}, g, fmt.Errorf("%w: DEPOT_LOCATION %q is neither top nor bottom", ErrFormat, h["DEPOT_LOCATION"])
	}
	g.length = g.bottom + float64(g.n-1)*g.step + g.top
	l := Layout{Aisles: aisles, Blocks: 1, BlockLength: g.length, AisleSpacing: spacing,
		DepotAisle: depotAisle, DepotDistance: depot}
	if err := l.Validate(); err != nil {
		return Layout{}, g, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return l, g, nil
}

// record reads "ID 3 AISLE 0 CELL 18 ..." into its numeric fields; words
// that are not numbers (the shelf side) are skipped.
func record(line string) (map[string]int, error) {
	f := strings.Fields(line)
	if len(f) < 2 || f[0] != "ID" || len(f)%2 != 0 {
		return nil, fmt.Errorf("%w: %q is not an ID record", ErrFormat, line)
	}
	out := make(map[string]int, len(f)/2)
	for i := 0; i < len(f); i += 2 {
		v, err := strconv.Atoi(f[i+1])
		if err != nil {
			if i == 0 {
				return nil, fmt.Errorf("%w: id %q is not a number", ErrFormat, f[1])
			}
			continue
		}
		out[f[i]] = v
	}
	return out, nil
}
