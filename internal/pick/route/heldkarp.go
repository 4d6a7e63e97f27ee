package route

import (
	"fmt"
	"math"
)

// MaxHeldKarp is the longest list HeldKarp accepts: its time and memory
// grow as 2^n, and 16 picks take about a million states.
const MaxHeldKarp = 16

// HeldKarp finds a shortest route through any layout by Held and Karp's
// dynamic programme over subsets, on the shortest-path distances between
// the picks. It is the reference the heuristics are measured against on
// multi-block layouts. With classes (see Options.Classes), a pick may only
// follow every pick of a lower class; nil classes mean no rule.
func HeldKarp(l Layout, picks []Location, classes []int) (Route, error) {
	if err := l.checkAll(picks); err != nil {
		return Route{}, err
	}
	n := len(picks)
	if classes != nil && len(classes) != n {
		return Route{}, fmt.Errorf("route: %d classes for %d picks", len(classes), n)
	}
	if n > MaxHeldKarp {
		return Route{}, fmt.Errorf("route: Held-Karp takes at most %d picks, got %d", MaxHeldKarp, n)
	}
	if n == 0 {
		return Route{Order: []int{}, Method: MethodHeldKarp}, nil
	}
	m := NewMatrix(l, picks)
	before := make([]uint32, n) // picks that must precede pick i
	if classes != nil {
		for i := range n {
			for k := range n {
				if classes[k] < classes[i] {
					before[i] |= 1 << k
				}
			}
		}
	}
	full := uint32(1)<<n - 1
	dp := make([]float64, (full+1)*uint32(n))
	parent := make([]int8, len(dp))
	for i := range dp {
		dp[i] = math.Inf(1)
	}
	for i := range n {
		if before[i] == 0 {
			dp[(1<<i)*uint32(n)+uint32(i)] = m.At(0, i+1)
		}
	}
	for set := uint32(1); set <= full; set++ {
		row := dp[set*uint32(n) : (set+1)*uint32(n)]
		for last := range n {
			v := row[last]
			if math.IsInf(v, 1) {
				continue
			}
			for k := range n {
				bit := uint32(1) << k
				if set&bit != 0 || before[k]&^set != 0 {
					continue
				}
				if w, at := v+m.At(last+1, k+1), (set|bit)*uint32(n)+uint32(k); w < dp[at] {
					dp[at], parent[at] = w, int8(last)
				}
			}
		}
	}
	best, last := math.Inf(1), 0
	for i := range n {
		if v := dp[full*uint32(n)+uint32(i)] + m.At(i+1, 0); v < best {
			best, last = v, i
		}
	}
	order := make([]int, n)
	set := full
	for pos := n - 1; pos >= 0; pos-- {
		order[pos] = last
		prev := int(parent[set*uint32(n)+uint32(last)])
		set &^= 1 << last
		last = prev
	}
	return Route{Order: order, Length: best, Method: MethodHeldKarp}, nil
}
