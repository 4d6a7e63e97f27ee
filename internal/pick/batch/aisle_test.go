package batch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/pick/route"
)

// aisles is a warehouse of ten aisles 3 m apart, blocks of 20 m, the depot
// before the middle aisle, with a location every metre of every aisle (in
// the middle of each metre). With classes, every seventh location holds
// heavy goods (class 0) and every fifth fragile ones (class 2).
func aisles(t testing.TB, blocks int, classes bool) (*AisleLayout, route.Layout, []route.Location, []int) {
	t.Helper()
	l := route.Layout{Aisles: 10, Blocks: blocks, BlockLength: 20, AisleSpacing: 3, DepotAisle: 5, DepotDistance: 2}
	var locs []route.Location
	var cls []int
	for a := range l.Aisles {
		for m := range int(l.Length()) {
			locs = append(locs, route.Location{Aisle: a, Pos: float64(m) + 0.5})
			cls = append(cls, 1)
			if k := len(locs); k%7 == 0 {
				cls[k-1] = 0
			} else if k%5 == 0 {
				cls[k-1] = 2
			}
		}
	}
	if !classes {
		cls = nil
	}
	r, err := NewAisleLayout(l, locs, cls)
	if err != nil {
		t.Fatal(err)
	}
	return r, l, locs, cls
}

// aisleProblem is n generated orders on an aisles layout, drawn by
// Generate from templates of 1-12 lines covering every location, a cart of
// eight 40-litre totes, due at up to three cut-offs.
func aisleProblem(r *AisleLayout, n int, seed uint64) Problem {
	base := Problem{Router: r, Cart: Cart{Totes: 8, Volume: 320}}
	for at, size := 0, 1; at < r.Points(); at, size = at+size, size%12+1 {
		base.Orders = append(base.Orders, Order{Locations: seq(at, min(at+size, r.Points()))})
	}
	return Generate(base, n, 3, seed)
}

func seq(from, to int) []int {
	s := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		s = append(s, i)
	}
	return s
}

// TestAisleRouteIsPlan: the aisle router's walk is route.Plan's for the
// same locations and classes, the second time (from the memo) too, and
// what it returns is the caller's to change.
func TestAisleRouteIsPlan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, blocks := range []int{1, 2} {
		for _, classes := range []bool{false, true} {
			r, l, locs, cls := aisles(t, blocks, classes)
			for k := range 60 {
				pts := make([]int, 1+rng.IntN(40))
				for i := range pts {
					pts[i] = rng.IntN(r.Points())
				}
				distinct := slices.Compact(slices.Sorted(slices.Values(pts)))
				picks := make([]route.Location, len(distinct))
				var pc []int
				for i, p := range distinct {
					picks[i] = locs[p]
					if cls != nil {
						pc = append(pc, cls[p])
					}
				}
				want, err := route.Plan(l, picks, route.Options{Classes: pc})
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("blocks %d classes %v list %d", blocks, classes, k)
				for range 2 {
					order, d := r.Route(pts)
					if d != want.Length || len(order) != len(want.Order) {
						t.Fatalf("%s: walk %v of %d points, plan %v of %d", name, d, len(order), want.Length, len(want.Order))
					}
					for i, j := range want.Order {
						if order[i] != distinct[j] {
							t.Fatalf("%s: visits %v, plan %v", name, order, want.Order)
						}
					}
					if math.Abs(length(r, order)-d) > 1e-9 {
						t.Fatalf("%s: says %v, its legs sum to %v", name, d, length(r, order))
					}
					order[0] = -7 // the memo keeps its own copy
				}
			}
		}
	}
}

// TestAisleOptimizeProperties: on seeded problems on one and two blocks,
// with and without precedence classes, every plan batches every order
// once within the cart and the due spread, each batch walks route.Plan's
// walk (keeping the classes), and the optimiser never walks more than
// picking order by order or FCFS.
func TestAisleOptimizeProperties(t *testing.T) {
	better := 0
	for k := range 12 {
		blocks, classes := 1+k%2, k%4 >= 2
		r, _, _, cls := aisles(t, blocks, classes)
		p := aisleProblem(r, 20+7*k, uint64(k))
		if k%3 == 0 {
			p.DueSpread = time.Hour
		}
		single, err1 := PickByOrder(p)
		fcfs, err2 := FCFS(p)
		opt, err3 := Optimize(p, Options{Seed: uint64(k)})
		if err := firstErr(err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("problem %d (%d blocks, classes %v)", k, blocks, classes)
		for method, pl := range map[string]Plan{"single": single, "fcfs": fcfs, "optimised": opt} {
			checkPlan(t, name+" "+method, p, pl)
			for _, b := range pl.Batches {
				if _, d := r.Route(b.Route); d != b.Distance {
					t.Fatalf("%s %s: batch walks %v, route.Plan %v", name, method, b.Distance, d)
				}
				for i := 1; cls != nil && i < len(b.Route); i++ {
					if cls[b.Route[i]] < cls[b.Route[i-1]] {
						t.Fatalf("%s %s: walk %v breaks the classes", name, method, b.Route)
					}
				}
			}
		}
		if opt.Distance > single.Distance+1e-9 || opt.Distance > fcfs.Distance+1e-9 {
			t.Errorf("%s: optimised %v, fcfs %v, single %v", name, opt.Distance, fcfs.Distance, single.Distance)
		}
		if opt.Distance < fcfs.Distance-1e-9 {
			better++
		}
	}
	if better < 9 {
		t.Errorf("optimiser beat FCFS on only %d of 12 problems", better)
	}
}

// TestPricingWithoutMatrix: a state too large for its distance matrix
// prices moves by asking the router, to the same walks, which keep the
// precedence classes.
func TestPricingWithoutMatrix(t *testing.T) {
	r, _, _, cls := aisles(t, 2, true)
	p := aisleProblem(r, 40, 1)
	s := newState(p)
	asking := *s
	asking.d = nil
	s.seedBuild()
	for o := range p.Orders {
		w := s.bs[s.of[o]]
		for _, add := range []int{-1, (o + 1) % len(p.Orders)} {
			t1, d1 := s.reshape(w, o, add, nil)
			t1 = slices.Clone(t1)
			asking.bs, asking.of = s.bs, s.of
			t2, d2 := asking.reshape(w, o, add, nil)
			if !slices.Equal(t1, t2) || math.Abs(d1-d2) > 1e-9 {
				t.Fatalf("order %d: %v %v with the matrix, %v %v without", o, t1, d1, t2, d2)
			}
			if !slices.IsSortedFunc(t1, func(a, b int) int { return cls[a] - cls[b] }) {
				t.Fatalf("order %d: priced walk %v breaks the classes", o, t1)
			}
		}
	}
}

// BenchmarkOptimizeAisles500 batches 500 generated orders on one and two
// blocks, without and with precedence classes, with the memo of walks and
// without: the memo's worth.
func BenchmarkOptimizeAisles500(b *testing.B) {
	for _, blocks := range []int{1, 2} {
		for _, classes := range []bool{false, true} {
			for _, memo := range []bool{true, false} {
				b.Run(fmt.Sprintf("blocks=%d/classes=%v/memo=%v", blocks, classes, memo), func(b *testing.B) {
					for b.Loop() {
						r, _, _, _ := aisles(b, blocks, classes)
						r.noMemo = !memo
						if _, err := Optimize(aisleProblem(r, 500, 1), Options{Seed: 1}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
