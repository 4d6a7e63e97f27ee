package batch

import "math"

// heldKarp is the exact shortest walk from the start depot through every
// point of tour (distinct, at most exactLimit) to the end depot, by
// dynamic programming over subsets: O(2^n n^2).
func (l *Layout) heldKarp(tour []int) ([]int, float64) {
	n := len(tour)
	if n == 0 {
		return nil, l.at(l.start, l.end)
	}
	full := 1<<n - 1
	cost := make([]float64, (full+1)*n) // cost[mask*n+last]
	from := make([]int8, (full+1)*n)
	for i := range cost {
		cost[i] = math.Inf(1)
	}
	for i, p := range tour {
		cost[(1<<i)*n+i] = l.at(l.start, p)
		from[(1<<i)*n+i] = -1
	}
	for mask := 1; mask <= full; mask++ {
		for last := range n {
			c := cost[mask*n+last]
			if mask&(1<<last) == 0 || math.IsInf(c, 1) {
				continue
			}
			for next := range n {
				if mask&(1<<next) != 0 {
					continue
				}
				m2 := mask | 1<<next
				if nc := c + l.at(tour[last], tour[next]); nc < cost[m2*n+next]-eps {
					cost[m2*n+next] = nc
					from[m2*n+next] = int8(last)
				}
			}
		}
	}
	best, bestLast := math.Inf(1), 0
	for last := range n {
		if c := cost[full*n+last] + l.at(tour[last], l.end); c < best-eps {
			best, bestLast = c, last
		}
	}
	route := make([]int, n)
	for mask, last, k := full, bestLast, n-1; k >= 0; k-- {
		route[k] = tour[last]
		prev := int(from[mask*n+last])
		mask &^= 1 << last
		last = prev
	}
	return route, l.length(route)
}
