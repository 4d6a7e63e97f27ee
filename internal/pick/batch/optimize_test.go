package batch

import (
	"fmt"
	"testing"
	"time"
)

// randomProblems are seeded instances on a six-aisle grid: orders of 1-12
// lines, carts of a few totes and some volume, two or three cut-offs.
func randomProblems(t *testing.T, count int) []Problem {
	g, _ := grid(t, 6, 20)
	all := make([]int, 0, g.Points()-1)
	for i := 1; i < g.Points(); i++ {
		all = append(all, i)
	}
	var ps []Problem
	for seed := range uint64(count) {
		base := Problem{Router: g, Orders: []Order{{Locations: all}, {Locations: all[:3]}, {Locations: all[:12]}},
			Cart: Cart{Totes: 3 + int(seed%4), Volume: 40 * float64(3+seed%4)}}
		if seed%3 == 0 {
			base.DueSpread = time.Hour
		}
		base.Orders[0].Locations = all[:7]
		ps = append(ps, Generate(base, 10+int(seed*7%60), 1+int(seed%3), seed))
	}
	return ps
}

// TestOptimizeProperties: on seeded random instances every method puts
// every order in exactly one batch, no batch exceeds the cart or the due
// spread, batch distances are their routes' lengths, and the optimiser is
// never worse than FCFS (nor FCFS than picking order by order).
func TestOptimizeProperties(t *testing.T) {
	better := 0
	for k, p := range randomProblems(t, 40) {
		single, err1 := PickByOrder(p)
		fcfs, err2 := FCFS(p)
		opt, err3 := Optimize(p, Options{Seed: uint64(k)})
		if err := firstErr(err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		for name, pl := range map[string]Plan{"single": single, "fcfs": fcfs, "optimised": opt} {
			checkPlan(t, fmt.Sprintf("problem %d %s", k, name), p, pl)
		}
		if opt.Distance > fcfs.Distance+1e-9 || fcfs.Distance > single.Distance+1e-9 {
			t.Errorf("problem %d: optimised %v, fcfs %v, single %v", k, opt.Distance, fcfs.Distance, single.Distance)
		}
		if opt.Distance < fcfs.Distance-1e-9 {
			better++
		}
	}
	if better < 30 {
		t.Errorf("optimiser beat FCFS on only %d of 40 problems", better)
	}
}

// checkPlan checks what every plan must hold.
func checkPlan(t *testing.T, name string, p Problem, pl Plan) {
	t.Helper()
	seen := make([]int, len(p.Orders))
	total := 0.0
	for _, b := range pl.Batches {
		if len(b.Orders) == 0 {
			t.Fatalf("%s: empty batch", name)
		}
		l := p.loadOfSet(b.Orders)
		if !p.Cart.fits(l) || l.last.Sub(l.first) > p.DueSpread {
			t.Fatalf("%s: batch %v over the cart or the due spread: %+v", name, b.Orders, l)
		}
		for _, i := range b.Orders {
			seen[i]++
			for _, x := range p.Orders[i].Locations {
				if !contains(b.Route, x) {
					t.Fatalf("%s: batch route misses point %d of order %d", name, x, i)
				}
			}
		}
		if d := length(p.Router, b.Route); d < b.Distance-1e-9 || d > b.Distance+1e-9 {
			t.Fatalf("%s: batch says %v, route walks %v", name, b.Distance, d)
		}
		total += b.Distance
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("%s: order %d in %d batches", name, i, n)
		}
	}
	if total < pl.Distance-1e-6 || total > pl.Distance+1e-6 {
		t.Fatalf("%s: plan says %v, batches sum to %v", name, pl.Distance, total)
	}
}

func contains(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// TestOptimizeDeterministic: one seed, one plan.
func TestOptimizeDeterministic(t *testing.T) {
	p := randomProblems(t, 5)[4]
	a, _ := Optimize(p, Options{Seed: 7})
	b, _ := Optimize(p, Options{Seed: 7})
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatal("two runs with one seed differ")
	}
}

// TestOptimizeRefusesOversizeOrder: an order no cart holds is an error.
func TestOptimizeRefusesOversizeOrder(t *testing.T) {
	p := Problem{Router: line(t, 0, 1), Cart: Cart{Totes: 1}, Orders: []Order{{ID: "big", Totes: 2, Locations: []int{1}}}}
	if _, err := Optimize(p, Options{}); err == nil {
		t.Fatal("accepted an order of two totes for a one-tote cart")
	}
}

// TestOptimizeFoodmartSplits: on foodmart_d5_ord8 (nine totes of orders,
// eight on a cart) the optimiser's two walks are the best of every split
// of the orders into two carts, priced by the same router.
func TestOptimizeFoodmartSplits(t *testing.T) {
	p := loadFoodmart(t, "foodmart_d5_ord8.txt").Problem
	opt, err := Optimize(p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	best := -1.0
	n := len(p.Orders)
	for mask := 1; mask < 1<<n; mask += 2 { // order 0 always in the first cart
		var a, b []int
		for i := range n {
			if mask&(1<<i) != 0 {
				a = append(a, i)
			} else {
				b = append(b, i)
			}
		}
		if len(b) == 0 || !p.allowed(p.loadOfSet(a)) || !p.allowed(p.loadOfSet(b)) {
			continue
		}
		if d := p.batchOf(a).Distance + p.batchOf(b).Distance; best < 0 || d < best {
			best = d
		}
	}
	if len(opt.Batches) != 2 || opt.Distance > best+1e-9 {
		t.Fatalf("optimiser %v in %d walks, best split %v", opt.Distance, len(opt.Batches), best)
	}
}
