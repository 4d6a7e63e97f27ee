package route

import (
	"math"
	"math/rand/v2"
	"testing"
)

type method func(Layout, []Location) (Route, error)

var heuristics = map[string]method{
	"s-shape":     SShape,
	"largest gap": LargestGap,
	"combined":    Combined,
	"heuristic":   func(l Layout, p []Location) (Route, error) { return Heuristic(l, p, nil) },
}

// TestRoutingHeuristicsNeverBeatExact runs every heuristic on seeded random
// single- and multi-block instances: each returns every pick once, walks
// the length it claims, and is never shorter than the exact optimum
// (Ratliff-Rosenthal on one block, Held-Karp on several); local search
// never makes a route longer.
func TestRoutingHeuristicsNeverBeatExact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 400 {
		l := randomLayout(r, 1+r.IntN(4))
		n := r.IntN(11)
		picks := randomPicks(r, l, n)
		var exact Route
		var err error
		if l.Blocks == 1 {
			exact, err = Exact(l, picks)
		} else {
			exact, err = HeldKarp(l, picks, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		for name, h := range heuristics {
			got, err := h(l, picks)
			if err != nil {
				t.Fatal(err)
			}
			if !isPermutation(got.Order, n) {
				t.Fatalf("instance %d %s: order %v is not a permutation of %d picks", i, name, got.Order, n)
			}
			if walked := l.TourLength(picks, got.Order); math.Abs(walked-got.Length) > 1e-6 {
				t.Fatalf("instance %d %s: walks %g, claims %g", i, name, walked, got.Length)
			}
			if got.Length < exact.Length-1e-6 {
				t.Fatalf("instance %d %s: %g beats the exact %g: %+v %v", i, name, got.Length, exact.Length, l, picks)
			}
			m := NewMatrix(l, picks)
			if better := m.Tour(Improve(m, got.Order, nil)); better > got.Length+1e-6 {
				t.Fatalf("instance %d %s: local search lengthened %g to %g", i, name, got.Length, better)
			}
		}
	}
}

// TestRoutingHeldKarpEqualsBruteForce checks the multi-block reference on
// small lists against every visiting order.
func TestRoutingHeldKarpEqualsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 300 {
		l := randomLayout(r, 1+r.IntN(4))
		picks := randomPicks(r, l, r.IntN(8))
		got, err := HeldKarp(l, picks, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteForce(l, picks, nil); math.Abs(got.Length-want) > 1e-6 {
			t.Fatalf("instance %d: Held-Karp %g, brute force %g", i, got.Length, want)
		}
		if walked := l.TourLength(picks, got.Order); math.Abs(walked-got.Length) > 1e-6 {
			t.Fatalf("instance %d: walks %g, claims %g", i, walked, got.Length)
		}
	}
}

// TestRoutingDistanceIsAMetric checks the shortest-path distance on
// multi-block layouts: symmetric, zero on itself, and never beaten by a
// detour through a third location.
func TestRoutingDistanceIsAMetric(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		l := randomLayout(r, 1+r.IntN(4))
		p := randomPicks(r, l, 3)
		a, b, c := p[0], p[1], p[2]
		if l.Distance(a, a) != 0 || l.Distance(a, b) != l.Distance(b, a) {
			t.Fatalf("%+v: not symmetric on %v %v", l, a, b)
		}
		if l.Distance(a, c) > l.Distance(a, b)+l.Distance(b, c)+1e-9 {
			t.Fatalf("%+v: %v to %v longer than through %v", l, a, c, b)
		}
		if d := l.Distance(a, b); a.Aisle != b.Aisle && d < math.Abs(float64(a.Aisle-b.Aisle))*l.AisleSpacing {
			t.Fatalf("%+v: %v to %v shorter than the cross aisle between them", l, a, b)
		}
	}
}
