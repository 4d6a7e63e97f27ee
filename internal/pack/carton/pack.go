package carton

import (
	"context"
	"time"
)

// Options tune one load, so that a pack station (milliseconds, small
// loads) and a benchmark (seconds, big loads) use the same search.
type Options struct {
	// Budget bounds the search; the greedy load comes first (milliseconds
	// for real loads) and is finished even when the budget is spent (up to
	// GreedyFloor), so the answer is always a whole load. 0 means one
	// second. A context deadline, if earlier, wins over both.
	Budget time.Duration
	// Seed breaks ties between equally good blocks; the same seed and the
	// same widths searched give the same load.
	Seed uint64
	// Support is the fraction of each box's base that must rest on top
	// faces of boxes directly under it when it is not on the floor, so
	// that nothing floats; 0 turns the rule off, 1 asks for full support.
	Support float64
	// MaxWidth caps the look-ahead width (how many blocks are tried at each
	// step); the search stops early when it is reached, which makes the
	// result independent of the machine's speed. 0: no cap.
	MaxWidth int
}

// Placement is one box set down: its kind (the index in the boxes passed
// to Pack), its corner nearest the origin, its size along x, y and z, and
// which of its own dimensions stands vertical.
type Placement struct {
	Box      int    `json:"box"`
	Pos      [3]int `json:"pos"`
	Size     [3]int `json:"size"`
	Vertical int    `json:"vertical"`
}

// Result is a load: where every placed box is and how good the load is.
type Result struct {
	Placements []Placement   `json:"placements"`
	Unplaced   []int         `json:"unplaced"` // per kind, boxes that did not go in
	Volume     int64         `json:"volume"`   // of the boxes placed
	Fill       float64       `json:"fill"`     // Volume over the container's volume, 0..1
	Weight     int64         `json:"weight"`
	Loads      int           `json:"loads"`   // complete loads the search built and compared
	Width      int           `json:"width"`   // the widest look-ahead finished
	Stopped    bool          `json:"stopped"` // the budget ended the search
	Elapsed    time.Duration `json:"elapsed"` // wall-clock time spent
}

// Complete says whether every box went in.
func (r Result) Complete() bool {
	for _, n := range r.Unplaced {
		if n > 0 {
			return false
		}
	}
	return true
}

// Pack loads as much box volume as it can into the container within the
// budget, keeping every box's orientation, support, fragility and the
// weight limit; invalid input is refused with an error naming the field.
func Pack(ctx context.Context, c Container, boxes []Box, o Options) (Result, error) {
	start := time.Now()
	if err := validate(c, boxes); err != nil {
		return Result{}, err
	}
	if o.Support < 0 || o.Support > 1 {
		return Result{}, invalid("options.support: %v is not 0..1", o.Support)
	}
	if o.Budget < 0 || o.MaxWidth < 0 {
		return Result{}, invalid("options: budget and max width must not be negative")
	}
	budget := o.Budget
	if budget == 0 {
		budget = time.Second
	}
	deadline := start.Add(budget)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	p := &problem{c: c, support: o.Support}
	for _, b := range boxes {
		p.kinds = append(p.kinds, kindData{box: b, orients: b.orients()})
	}
	se := &searcher{p: p, ctx: ctx, deadline: deadline, floor: start.Add(GreedyFloor), seed: o.Seed}
	se.run(o.MaxWidth)
	r := se.result()
	r.Elapsed = time.Since(start)
	return r, nil
}

// result turns the best load's blocks into single boxes.
func (se *searcher) result() Result {
	s := se.best
	r := Result{Volume: s.volume, Weight: s.weight, Loads: se.loads, Width: se.width, Stopped: se.stopped}
	r.Fill = float64(s.volume) / float64(se.p.capacity())
	r.Unplaced = append([]int(nil), s.left...)
	for _, b := range s.blocks {
		o := se.p.kinds[b.kind].orients[b.orient]
		for i := range b.n[0] {
			for j := range b.n[1] {
				for k := range b.n[2] {
					r.Placements = append(r.Placements, Placement{Box: b.kind, Size: o.size, Vertical: o.vertical,
						Pos: [3]int{b.at.lo[0] + i*o.size[0], b.at.lo[1] + j*o.size[1], b.at.lo[2] + k*o.size[2]}})
				}
			}
		}
	}
	return r
}
