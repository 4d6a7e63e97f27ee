package carton

import (
	"errors"
	"fmt"
)

// Limits keep hostile input from costing unbounded memory or overflowing a
// volume: every dimension fits in a metre cubed of micrometres, or anything
// alike in int64.
const (
	MaxDim   = 1_000_000 // largest dimension of a box or container
	MaxBoxes = 100_000   // boxes in one load at most (all kinds)
	MaxKinds = 10_000    // kinds of box in one load at most
)

// ErrInvalid marks input the caller must fix; errors wrapping it name the
// field at fault, so the pack station can map it to its invalid kind.
var ErrInvalid = errors.New("invalid")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Box is one kind of box to load, so that a load of many identical boxes
// stays one entry and the search can build blocks of them.
type Box struct {
	ID       string  // the caller's reference; Pack reports boxes by index, so this is for the caller
	Dims     [3]int  // length, width, height
	Vertical [3]bool // Vertical[i]: dimension i may stand vertical
	Count    int     // how many of this kind
	Weight   int64   // of one box; any unit, the same as Container.MaxWeight
	Fragile  bool    // nothing heavier may rest directly on it
}

// Container is the space to load, so that a carton's inner size and its
// weight allowance are checked the same way as a shipping container's.
type Container struct {
	Dims      [3]int // length (x), width (y), height (z, vertical)
	MaxWeight int64  // of the boxes loaded; 0 means no limit
}

// Upright returns the vertical flags for a box that may only stand one way
// (liquids), so that callers need not spell the array.
func Upright(dim int) [3]bool {
	var v [3]bool
	v[dim] = true
	return v
}

// AnyWay returns the vertical flags of a box that may lie on any face.
func AnyWay() [3]bool { return [3]bool{true, true, true} }

// orient is one way of setting a box kind down: its size along x, y, z
// and which of its own dimensions stands vertical.
type orient struct {
	size     [3]int
	vertical int
}

// orients lists the distinct ways a box may be set down.
func (b Box) orients() []orient {
	var out []orient
	add := func(x, y, z, v int) {
		o := orient{size: [3]int{x, y, z}, vertical: v}
		for _, p := range out {
			if p.size == o.size {
				return
			}
		}
		out = append(out, o)
	}
	d := b.Dims
	if b.Vertical[2] {
		add(d[0], d[1], d[2], 2)
		add(d[1], d[0], d[2], 2)
	}
	if b.Vertical[1] {
		add(d[0], d[2], d[1], 1)
		add(d[2], d[0], d[1], 1)
	}
	if b.Vertical[0] {
		add(d[1], d[2], d[0], 0)
		add(d[2], d[1], d[0], 0)
	}
	return out
}

// validate refuses a load the search cannot take, naming the field.
func validate(c Container, boxes []Box) error {
	for i, d := range c.Dims {
		if d < 1 || d > MaxDim {
			return invalid("container.dims[%d]: %d is not 1..%d", i, d, MaxDim)
		}
	}
	if c.MaxWeight < 0 {
		return invalid("container.max_weight: %d is negative", c.MaxWeight)
	}
	if len(boxes) > MaxKinds {
		return invalid("boxes: %d kinds, at most %d", len(boxes), MaxKinds)
	}
	total := 0
	for i, b := range boxes {
		for j, d := range b.Dims {
			if d < 1 || d > MaxDim {
				return invalid("boxes[%d].dims[%d]: %d is not 1..%d", i, j, d, MaxDim)
			}
		}
		if !b.Vertical[0] && !b.Vertical[1] && !b.Vertical[2] {
			return invalid("boxes[%d].vertical: no dimension may stand vertical", i)
		}
		if b.Count < 0 || b.Count > MaxBoxes {
			return invalid("boxes[%d].count: %d is not 0..%d", i, b.Count, MaxBoxes)
		}
		if b.Weight < 0 || b.Weight > 1<<40 {
			return invalid("boxes[%d].weight: %d is not 0..%d", i, b.Weight, int64(1)<<40)
		}
		total += b.Count
		if total > MaxBoxes {
			return invalid("boxes: more than %d boxes in all", MaxBoxes)
		}
	}
	return nil
}
