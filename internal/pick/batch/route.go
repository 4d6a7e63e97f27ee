package batch

import "slices"

// exactLimit is the longest list of points routed exactly (Held-Karp);
// longer lists are routed by nearest neighbour improved by 2-opt and
// or-opt, which on the Foodmart layouts stays within a fraction of a
// percent of the optimum (route_test.go compares the two).
const exactLimit = 10

// Route returns the order in which a picker leaving the start depot visits
// the given points before returning to the end depot, and the walk's
// length. Repeated points are visited once. Deterministic.
func (l *Layout) Route(points []int) ([]int, float64) {
	tour := slices.Clone(points)
	slices.Sort(tour)
	tour = slices.Compact(tour)
	if len(tour) <= exactLimit {
		return l.heldKarp(tour)
	}
	return l.heuristic(tour)
}

// heuristic routes tour (distinct points) two ways, nearest neighbour and
// cheapest insertion, each improved by local search, and keeps the
// shorter.
func (l *Layout) heuristic(tour []int) ([]int, float64) {
	ins := l.cheapestInsertion(tour)
	l.nearestNeighbour(tour)
	d := l.localImprove(tour)
	if di := l.localImprove(ins); di < d-eps {
		return ins, di
	}
	return tour, d
}

// cheapestInsertion builds a walk by adding, point after point in the
// given order, each where it lengthens the walk least.
func (l *Layout) cheapestInsertion(points []int) []int {
	tour := make([]int, 0, len(points))
	for _, x := range points {
		at, best, prev := 0, 0.0, l.start
		for k := 0; k <= len(tour); k++ {
			next := l.end
			if k < len(tour) {
				next = tour[k]
			}
			if c := l.at(prev, x) + l.at(x, next) - l.at(prev, next); k == 0 || c < best-eps {
				at, best = k, c
			}
			prev = next
		}
		tour = slices.Insert(tour, at, x)
	}
	return tour
}

// length is the walk through tour, in that order, from depot to depot.
func (l *Layout) length(tour []int) float64 {
	prev, d := l.start, 0.0
	for _, p := range tour {
		d += l.at(prev, p)
		prev = p
	}
	return d + l.at(prev, l.end)
}

// nearestNeighbour reorders tour in place: from the start depot, always
// the closest point not yet visited (ties to the lower point).
func (l *Layout) nearestNeighbour(tour []int) {
	prev := l.start
	for i := range tour {
		best := i
		for j := i + 1; j < len(tour); j++ {
			if l.at(prev, tour[j]) < l.at(prev, tour[best]) {
				best = j
			}
		}
		tour[i], tour[best] = tour[best], tour[i]
		prev = tour[i]
	}
}

// improve shortens tour in place by 2-opt (reverse a stretch) and or-opt
// (move a stretch of up to three points elsewhere, either way round) until
// neither helps, and returns its length. Short tours are solved exactly.
func (l *Layout) improve(tour []int) float64 {
	if len(tour) <= exactLimit {
		best, d := l.heldKarp(tour)
		copy(tour, best)
		return d
	}
	return l.localImprove(tour)
}

// localImprove is improve without the exact solver.
func (l *Layout) localImprove(tour []int) float64 {
	p := make([]int, 0, len(tour)+2)
	p = append(append(append(p, l.start), tour...), l.end)
	for l.twoOpt(p) || l.orOpt(p) {
	}
	copy(tour, p[1:len(p)-1])
	return l.length(tour)
}

const eps = 1e-9

// twoOpt applies every improving reversal of p[i+1..j] it finds; the
// depots at both ends stay put.
func (l *Layout) twoOpt(p []int) bool {
	changed := false
	for i := 0; i < len(p)-3; i++ {
		for j := i + 2; j < len(p)-1; j++ {
			delta := l.at(p[i], p[j]) + l.at(p[i+1], p[j+1]) - l.at(p[i], p[i+1]) - l.at(p[j], p[j+1])
			if delta < -eps {
				slices.Reverse(p[i+1 : j+1])
				changed = true
			}
		}
	}
	return changed
}

// orOpt moves the first stretch p[i..i+k-1] (k = 1..3) whose removal and
// reinsertion elsewhere, in either direction, shortens the walk.
func (l *Layout) orOpt(p []int) bool {
	for k := 1; k <= 3; k++ {
		for i := 1; i+k < len(p); i++ {
			a, b, c, e := p[i-1], p[i], p[i+k-1], p[i+k]
			gain := l.at(a, b) + l.at(c, e) - l.at(a, e)
			for j := 0; j < len(p)-1; j++ {
				if j >= i-1 && j <= i+k-1 {
					continue
				}
				x, y := p[j], p[j+1]
				fwd := l.at(x, b) + l.at(c, y) - l.at(x, y)
				rev := l.at(x, c) + l.at(b, y) - l.at(x, y)
				if fwd < gain-eps || rev < gain-eps {
					seg := slices.Clone(p[i : i+k])
					if rev < fwd {
						slices.Reverse(seg)
					}
					rest := slices.Delete(slices.Clone(p), i, i+k)
					at := j + 1
					if j > i {
						at -= k
					}
					copy(p, slices.Insert(rest, at, seg...))
					return true
				}
			}
		}
	}
	return false
}
