package batch

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sync"

	"github.com/waybill/waybill/internal/pick/route"
)

// AisleLayout is a Router over a warehouse of parallel aisles: point i is
// pick location i, and every walk is planned by route.Plan (exact on a
// single block without classes). Walks are remembered by their set of
// points, since the optimiser and the baselines route the same batches
// again and again. Safe for concurrent use.
type AisleLayout struct {
	layout  route.Layout
	locs    []route.Location
	classes []int // per point; nil: no precedence

	mu     sync.Mutex
	memo   map[string]memoWalk // by appendKey of the sorted points
	noMemo bool                // benchmarks measure the memo's worth
}

// memoWalk is one remembered walk: the indexes into its sorted points in
// the order visited, and its length.
type memoWalk struct {
	order  []int32
	length float64
}

// memoLimit bounds the walks remembered; past it the memo starts afresh.
const memoLimit = 1 << 15

// NewAisleLayout takes the warehouse, the location of every point and,
// optionally, each point's precedence class for route.Plan (heavy goods 0,
// ordinary 1, fragile 2: a walk picks the lower classes first, so heavy
// goods go to the bottom of the cart). Nil classes: no rule.
func NewAisleLayout(l route.Layout, locs []route.Location, classes []int) (*AisleLayout, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	for i, p := range locs {
		if err := l.Check(p); err != nil {
			return nil, fmt.Errorf("%w: point %d: %w", ErrInvalid, i, err)
		}
	}
	if classes != nil && len(classes) != len(locs) {
		return nil, fmt.Errorf("%w: %d classes for %d points", ErrInvalid, len(classes), len(locs))
	}
	return &AisleLayout{layout: l, locs: slices.Clone(locs), classes: slices.Clone(classes), memo: map[string]memoWalk{}}, nil
}

// Points is how many locations the layout was given.
func (a *AisleLayout) Points() int { return len(a.locs) }

// Dist is the shortest walk between two locations, or from the depot.
func (a *AisleLayout) Dist(from, to int) float64 {
	switch {
	case from == Depot && to == Depot:
		return 0
	case from == Depot:
		return a.layout.FromDepot(a.locs[to])
	case to == Depot:
		return a.layout.FromDepot(a.locs[from])
	}
	return a.layout.Distance(a.locs[from], a.locs[to])
}

// precedence lets the optimiser price moves on walks that keep the classes.
func (a *AisleLayout) precedence() []int { return a.classes }

// Route is route.Plan's walk through the points' locations, with their
// classes. The points must be on the layout (Problem.Validate checks
// them): Plan cannot fail on a checked layout and locations, so a failure
// is a bug and panics.
func (a *AisleLayout) Route(points []int) ([]int, float64) {
	pts := slices.Compact(slices.Sorted(slices.Values(points)))
	var buf [256]byte
	key := appendKey(buf[:0], pts)
	a.mu.Lock()
	w, ok := a.memo[string(key)]
	a.mu.Unlock()
	if !ok || a.noMemo {
		w = a.plan(pts)
		a.mu.Lock()
		if len(a.memo) >= memoLimit {
			clear(a.memo)
		}
		a.memo[string(key)] = w
		a.mu.Unlock()
	}
	order := make([]int, len(w.order))
	for k, i := range w.order {
		order[k] = pts[i]
	}
	return order, w.length
}

// plan routes distinct points by route.Plan.
func (a *AisleLayout) plan(pts []int) memoWalk {
	picks := make([]route.Location, len(pts))
	var classes []int
	if a.classes != nil {
		classes = make([]int, len(pts))
	}
	for k, p := range pts {
		picks[k] = a.locs[p]
		if classes != nil {
			classes[k] = a.classes[p]
		}
	}
	r, err := route.Plan(a.layout, picks, route.Options{Classes: classes})
	if err != nil {
		panic(fmt.Sprintf("batch: route.Plan on a checked layout: %v", err))
	}
	w := memoWalk{order: make([]int32, len(r.Order)), length: r.Length}
	for k, i := range r.Order {
		w.order[k] = int32(i)
	}
	return w
}

// appendKey appends the memo's key of sorted, distinct points.
func appendKey(b []byte, pts []int) []byte {
	for _, p := range pts {
		b = binary.AppendUvarint(b, uint64(p))
	}
	return b
}
