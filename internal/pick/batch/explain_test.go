package batch

import (
	"strings"
	"testing"
	"time"
)

// TestExplain: on ord8 each batch names its orders, and its walk and
// one-by-one walk add up to the plan's and pick-by-order's totals.
func TestExplain(t *testing.T) {
	p := loadFoodmart(t, "foodmart_d5_ord8.txt").Problem
	pl, err := Optimize(p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	single, _ := PickByOrder(p)
	e := Explain(p, pl)
	if len(e.Batches) != len(pl.Batches) || !near(e.Distance, pl.Distance) || !near(e.SingleDistance, single.Distance) {
		t.Fatalf("explanation %+v for plan %v, single %v", e, pl.Distance, single.Distance)
	}
	named, totes := 0, 0
	for _, b := range e.Batches {
		named += len(b.Orders)
		totes += b.Totes
		if b.Distance > b.SingleDistance || b.Totes > p.Cart.Totes {
			t.Errorf("batch %+v", b)
		}
	}
	if named != 8 || totes != 9 || !strings.Contains(e.String(), "batch 2: ") {
		t.Fatalf("%d orders, %d totes:\n%s", named, totes, e)
	}
}

func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }

// TestDueFirst: orders due at the earlier cut-off share no cart with later
// ones (zero spread) and their batches come first.
func TestDueFirst(t *testing.T) {
	l := line(t, 0, 1, 2, 3, 4)
	at := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	p := Problem{Router: l, Cart: Cart{Totes: 4}, Orders: []Order{
		{ID: "late1", Locations: []int{4}, Due: at.Add(time.Hour)},
		{ID: "early1", Locations: []int{4}, Due: at},
		{ID: "late2", Locations: []int{3}, Due: at.Add(time.Hour)},
		{ID: "early2", Locations: []int{1}, Due: at},
	}}
	for name, run := range map[string]func(Problem) (Plan, error){
		"fcfs": FCFS, "optimised": func(p Problem) (Plan, error) { return Optimize(p, Options{}) }} {
		pl, err := run(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(pl.Batches) != 2 || p.Orders[pl.Batches[0].Orders[0]].Due != at || !near(pl.Distance, 16) {
			t.Fatalf("%s: %+v", name, pl)
		}
	}
	p.DueSpread = time.Hour // now all four share one walk to point 4 and back
	pl, _ := Optimize(p, Options{})
	if len(pl.Batches) != 1 || !near(pl.Distance, 8) {
		t.Fatalf("with an hour's spread: %+v", pl)
	}
}
