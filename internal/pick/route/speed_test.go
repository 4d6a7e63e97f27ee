package route

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkRoutingHeuristic30 routes 30-pick lists on multi-block layouts.
func BenchmarkRoutingHeuristic30(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	var ls []Layout
	var ps [][]Location
	for range 100 {
		l := Layout{Aisles: 6 + r.IntN(11), Blocks: 2 + r.IntN(3), BlockLength: 21, AisleSpacing: 3}
		l.DepotAisle = l.Aisles / 2
		ls, ps = append(ls, l), append(ps, randomPicks(r, l, 30))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Heuristic(ls[i%100], ps[i%100], nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoutingExact30 routes 30-pick lists on single-block layouts.
func BenchmarkRoutingExact30(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	l := Layout{Aisles: 25, Blocks: 1, BlockLength: 61, AisleSpacing: 3, DepotAisle: 13}
	var ps [][]Location
	for range 100 {
		ps = append(ps, randomPicks(r, l, 30))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Exact(l, ps[i%100]); err != nil {
			b.Fatal(err)
		}
	}
}
