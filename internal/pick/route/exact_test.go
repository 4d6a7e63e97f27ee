package route

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomLayout draws a small layout; positions on a grid of whole numbers
// so that ties (picks at one place, picks on a cross aisle) happen often.
func randomLayout(r *rand.Rand, blocks int) Layout {
	aisles := 1 + r.IntN(7)
	return Layout{
		Aisles:        aisles,
		Blocks:        blocks,
		BlockLength:   float64(2 + r.IntN(12)),
		AisleSpacing:  float64(1 + r.IntN(5)),
		DepotAisle:    r.IntN(aisles),
		DepotDistance: float64(r.IntN(3)),
	}
}

func randomPicks(r *rand.Rand, l Layout, n int) []Location {
	picks := make([]Location, n)
	for i := range picks {
		picks[i] = Location{Aisle: r.IntN(l.Aisles), Pos: float64(r.IntN(int(l.Length()) + 1))}
	}
	return picks
}

// bruteForce tries every visiting order; with classes, every order that
// keeps them.
func bruteForce(l Layout, picks []Location, classes []int) float64 {
	m := NewMatrix(l, picks)
	order := all(len(picks))
	best := math.Inf(1)
	var permute func(k int)
	permute = func(k int) {
		if k == len(order) {
			if classes == nil || classesOrdered(order, classes) {
				best = min(best, m.Tour(order))
			}
			return
		}
		for i := k; i < len(order); i++ {
			order[k], order[i] = order[i], order[k]
			permute(k + 1)
			order[k], order[i] = order[i], order[k]
		}
	}
	permute(0)
	return best
}

func isPermutation(order []int, n int) bool {
	seen := make([]bool, n)
	for _, i := range order {
		if i < 0 || i >= n || seen[i] {
			return false
		}
		seen[i] = true
	}
	return len(order) == n
}

// TestRoutingExactEqualsBruteForce checks the dynamic programme against
// every visiting order (up to 7 picks) and against Held-Karp (up to 12) on
// hundreds of seeded random single-block instances, and that the order it
// returns walks exactly the length it claims.
func TestRoutingExactEqualsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 600 {
		l := randomLayout(r, 1)
		n := r.IntN(13)
		picks := randomPicks(r, l, n)
		got, err := Exact(l, picks)
		if err != nil {
			t.Fatal(err)
		}
		var want float64
		if n <= 7 {
			want = bruteForce(l, picks, nil)
		} else {
			hk, err := HeldKarp(l, picks, nil)
			if err != nil {
				t.Fatal(err)
			}
			want = hk.Length
		}
		if math.Abs(got.Length-want) > 1e-6 {
			t.Fatalf("instance %d: %+v picks %v: exact %g, brute force %g", i, l, picks, got.Length, want)
		}
		if !isPermutation(got.Order, n) {
			t.Fatalf("instance %d: order %v is not a permutation of %d picks", i, got.Order, n)
		}
		if walked := l.TourLength(picks, got.Order); math.Abs(walked-got.Length) > 1e-6 {
			t.Fatalf("instance %d: order %v walks %g, claimed %g", i, got.Order, walked, got.Length)
		}
	}
}
