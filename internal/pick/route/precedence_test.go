package route

import (
	"math"
	"math/rand/v2"
	"testing"
)

func classesOrdered(order, classes []int) bool {
	for i := 1; i < len(order); i++ {
		if classes[order[i]] < classes[order[i-1]] {
			return false
		}
	}
	return true
}

// TestRoutingPrecedence gives picks classes (0 heavy, 1 ordinary, 2
// fragile): Held-Karp equals the best class-keeping order, and the
// heuristic and Plan (both ways it routes) keep the classes and are never
// shorter than the exact optimum under the rule.
func TestRoutingPrecedence(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 300 {
		l := randomLayout(r, 1+r.IntN(3))
		n := r.IntN(8)
		picks := randomPicks(r, l, n)
		classes := make([]int, n)
		for k := range classes {
			classes[k] = r.IntN(3)
		}
		hk, err := HeldKarp(l, picks, classes)
		if err != nil {
			t.Fatal(err)
		}
		want := bruteForce(l, picks, classes)
		if n > 0 && math.Abs(hk.Length-want) > 1e-6 || !classesOrdered(hk.Order, classes) {
			t.Fatalf("instance %d: Held-Karp %g %v, brute force %g", i, hk.Length, hk.Order, want)
		}
		for _, limit := range []int{1, 12} { // heuristic, then Held-Karp
			got, err := Plan(l, picks, Options{Classes: classes, ExactLimit: limit})
			if err != nil {
				t.Fatal(err)
			}
			if !isPermutation(got.Order, n) || !classesOrdered(got.Order, classes) {
				t.Fatalf("instance %d limit %d: order %v breaks classes %v", i, limit, got.Order, classes)
			}
			if got.Length < hk.Length-1e-6 {
				t.Fatalf("instance %d limit %d: %g beats the exact %g", i, limit, got.Length, hk.Length)
			}
		}
	}
}

// TestRoutingPlanChoosesMethod: one block without classes is routed
// exactly; several blocks by Held-Karp up to the limit, then heuristically.
func TestRoutingPlanChoosesMethod(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	one := Layout{Aisles: 10, Blocks: 1, BlockLength: 20, AisleSpacing: 3, DepotAisle: 4}
	two := one
	two.Blocks = 2
	for _, c := range []struct {
		l    Layout
		n    int
		want Method
	}{{one, 30, MethodExact}, {two, 10, MethodHeldKarp}, {two, 30, MethodHeuristic}} {
		got, err := Plan(c.l, randomPicks(r, c.l, c.n), Options{})
		if err != nil || got.Method != c.want {
			t.Errorf("%d blocks, %d picks: %v %v, want %s", c.l.Blocks, c.n, got.Method, err, c.want)
		}
	}
	if _, err := Plan(one, randomPicks(r, one, 3), Options{Classes: []int{1}}); err == nil {
		t.Error("classes of the wrong length accepted")
	}
}
