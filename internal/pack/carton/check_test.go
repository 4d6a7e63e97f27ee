package carton

import (
	"fmt"
	"slices"
)

// placedBox is a box in a load as the checks see it.
type placedBox struct {
	name    string
	at      cuboid
	dims    [3]int  // the box's own dimensions
	allowed [3]bool // which may stand vertical
	vert    int
	weight  int64
	fragile bool
}

// checkLoad verifies every rule of a load in a container and returns the
// first violation: inside, no overlap, orientation, support, fragility,
// weight.
func checkLoad(inner [3]int, maxWeight int64, support float64, boxes []placedBox) error {
	var weight int64
	for i, b := range boxes {
		for a := range 3 {
			if b.at.lo[a] < 0 || b.at.hi[a] > inner[a] || b.at.size(a) <= 0 {
				return fmt.Errorf("%s #%d at %v is outside %v", b.name, i, b.at, inner)
			}
		}
		got := []int{b.at.size(0), b.at.size(1), b.at.size(2)}
		want := []int{b.dims[0], b.dims[1], b.dims[2]}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			return fmt.Errorf("%s #%d has size %v, its dims are %v", b.name, i, b.at, b.dims)
		}
		if !b.allowed[b.vert] || b.at.size(2) != b.dims[b.vert] {
			return fmt.Errorf("%s #%d stands on dimension %d (height %d), allowed %v", b.name, i, b.vert, b.at.size(2), b.allowed)
		}
		weight += b.weight
		for j := range i {
			if b.at.overlaps(boxes[j].at) {
				return fmt.Errorf("%s #%d at %v overlaps %s #%d at %v", b.name, i, b.at, boxes[j].name, j, boxes[j].at)
			}
		}
		if b.at.lo[2] == 0 {
			continue
		}
		var area int64
		for j, u := range boxes {
			if u.at.hi[2] != b.at.lo[2] {
				continue
			}
			a := footOverlap(u.at, b.at)
			area += a
			if a > 0 && u.fragile && u.weight < b.weight {
				return fmt.Errorf("%s #%d (%d) rests on fragile %s #%d (%d)", b.name, i, b.weight, u.name, j, u.weight)
			}
		}
		if base := int64(b.at.size(0)) * int64(b.at.size(1)); float64(area) < support*float64(base)-1e-9 {
			return fmt.Errorf("%s #%d at %v rests on %d of %d mm2", b.name, i, b.at, area, base)
		}
	}
	if maxWeight > 0 && weight > maxWeight {
		return fmt.Errorf("load weighs %d, limit %d", weight, maxWeight)
	}
	return nil
}

// resultBoxes turns a Pack result into boxes for checkLoad, checking that
// placed and unplaced add up to every box kind's count.
func resultBoxes(boxes []Box, r Result) ([]placedBox, error) {
	count := make([]int, len(boxes))
	var out []placedBox
	var vol int64
	for _, p := range r.Placements {
		if p.Box < 0 || p.Box >= len(boxes) {
			return nil, fmt.Errorf("placement of kind %d", p.Box)
		}
		b := boxes[p.Box]
		count[p.Box]++
		at := cuboid{lo: p.Pos, hi: [3]int{p.Pos[0] + p.Size[0], p.Pos[1] + p.Size[1], p.Pos[2] + p.Size[2]}}
		vol += at.volume()
		out = append(out, placedBox{name: fmt.Sprintf("kind %d", p.Box), at: at, dims: b.Dims, allowed: b.Vertical,
			vert: p.Vertical, weight: b.Weight, fragile: b.Fragile})
	}
	for k, b := range boxes {
		if count[k]+r.Unplaced[k] != b.Count {
			return nil, fmt.Errorf("kind %d: %d placed + %d unplaced, count %d", k, count[k], r.Unplaced[k], b.Count)
		}
	}
	if vol != r.Volume {
		return nil, fmt.Errorf("volume %d reported, %d placed", r.Volume, vol)
	}
	return out, nil
}
