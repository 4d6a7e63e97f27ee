package route

import "math"

// Distance is the length of the shortest walk between two locations. Within
// one block of one aisle it is straight; otherwise the picker leaves the
// block by its front or back cross aisle, walks along cross aisles and
// aisles (every aisle runs through every block), and enters the other block
// by one of its ends; the shortest of the four is taken.
func (l Layout) Distance(p, q Location) float64 {
	return l.between(l.place(p), l.place(q))
}

// placed is a location with the cross aisles either side of it (the same
// one twice when it lies on a cross aisle).
type placed struct {
	aisle       int
	pos, lo, hi float64
}

func (l Layout) place(p Location) placed {
	k := p.Pos / l.BlockLength
	return placed{p.Aisle, p.Pos, math.Floor(k) * l.BlockLength, math.Ceil(k) * l.BlockLength}
}

func (l Layout) between(p, q placed) float64 {
	if p.aisle == q.aisle {
		return math.Abs(p.pos - q.pos)
	}
	h := math.Abs(float64(p.aisle-q.aisle)) * l.AisleSpacing
	if p.lo == q.lo && p.hi == q.hi { // one block: out by its front or back
		return h + min(p.pos+q.pos-2*p.lo, 2*p.hi-p.pos-q.pos)
	}
	best := math.Inf(1)
	for _, c1 := range [2]float64{p.lo, p.hi} {
		for _, c2 := range [2]float64{q.lo, q.hi} {
			best = min(best, math.Abs(p.pos-c1)+math.Abs(c1-c2)+math.Abs(c2-q.pos))
		}
	}
	return h + best
}

// depot is where the depot meets the front cross aisle.
func (l Layout) depot() Location { return Location{Aisle: l.DepotAisle} }

// FromDepot is the shortest walk from the depot to a location.
func (l Layout) FromDepot(p Location) float64 {
	return l.DepotDistance + l.Distance(l.depot(), p)
}

// Matrix holds the shortest-path distances between the depot (index 0) and
// the picks (index i+1 for pick i), row by row, for the methods that work
// on a list's distances (Held-Karp, local search).
type Matrix struct {
	n int
	d []float64
}

// NewMatrix computes a list's distances.
func NewMatrix(l Layout, picks []Location) Matrix {
	n := len(picks) + 1
	m := Matrix{n: n, d: make([]float64, n*n)}
	at := make([]placed, n)
	at[0] = l.place(l.depot())
	for i, p := range picks {
		at[i+1] = l.place(p)
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := l.between(at[i], at[j])
			if i == 0 {
				v += l.DepotDistance
			}
			m.d[i*n+j], m.d[j*n+i] = v, v
		}
	}
	return m
}

// At is the distance between nodes i and j (0 the depot, i+1 pick i).
func (m Matrix) At(i, j int) float64 { return m.d[i*m.n+j] }

// Tour is the length of the closed walk depot, picks in order, depot.
func (m Matrix) Tour(order []int) float64 {
	prev, sum := 0, 0.0
	for _, p := range order {
		sum += m.At(prev, p+1)
		prev = p + 1
	}
	return sum + m.At(prev, 0)
}

// TourLength is the walk from the depot through the picks in order and
// back, each leg the shortest path; no picks, no walk.
func (l Layout) TourLength(picks []Location, order []int) float64 {
	if len(order) == 0 {
		return 0
	}
	prev, sum := l.depot(), l.DepotDistance
	for _, i := range order {
		sum += l.Distance(prev, picks[i])
		prev = picks[i]
	}
	return sum + l.Distance(prev, l.depot()) + l.DepotDistance
}
