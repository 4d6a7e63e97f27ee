package batch

import (
	"fmt"
	"math"
	"math/bits"
)

// MaxExact is the most orders Exact batches: it routes every feasible
// subset of orders once (up to 2^MaxExact walks) and combines them by a
// dynamic programme over subsets (3^n steps).
const MaxExact = 12

// Exact is the best batching of a small problem, for tests and the
// benchmark to measure the optimiser against: over every way of cutting
// the orders into batches that fit the cart and the due spread, the one
// of least total walk, each batch walked as the problem's router walks it
// (so it is exact for the batching decision; the walks are the router's:
// exact wherever the router is, as on one block or for short lists).
func Exact(p Problem) (Plan, error) {
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	n := len(p.Orders)
	if n > MaxExact {
		return Plan{}, fmt.Errorf("%w: %d orders; Exact batches at most %d", ErrInvalid, n, MaxExact)
	}
	if n == 0 {
		return Plan{Batches: []Batch{}}, nil
	}
	full := 1<<n - 1
	walk := make([]float64, full+1) // the walk of each feasible subset; +Inf if it does not fit one cart
	for s := 1; s <= full; s++ {
		walk[s] = math.Inf(1)
		if l := p.loadOfSet(members(s)); p.allowed(l) {
			walk[s] = p.batchOf(members(s)).Distance
		}
	}
	best := make([]float64, full+1) // the least total of batching exactly the orders of each subset
	pick := make([]int, full+1)     // the batch holding the subset's lowest order, in that best
	for s := 1; s <= full; s++ {
		best[s] = math.Inf(1)
		low := s & -s
		rest := s ^ low
		for t := rest; ; t = (t - 1) & rest { // every subset of the rest, joined to the lowest order
			b := t | low
			if d := walk[b] + best[s^b]; d < best[s] {
				best[s], pick[s] = d, b
			}
			if t == 0 {
				break
			}
		}
	}
	var pl Plan
	for s := full; s != 0; s ^= pick[s] {
		pl.Batches = append(pl.Batches, p.batchOf(members(pick[s])))
	}
	p.sortBatches(pl.Batches)
	pl.total()
	return pl, nil
}

// members lists the orders of a subset, lowest first.
func members(s int) []int {
	out := make([]int, 0, bits.OnesCount(uint(s)))
	for s != 0 {
		i := bits.TrailingZeros(uint(s))
		out = append(out, i)
		s &^= 1 << i
	}
	return out
}
