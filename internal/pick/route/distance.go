package route

import "math"

// Distance is the length of the shortest walk between two locations. Within
// one block of one aisle it is straight; otherwise the picker leaves the
// block by its front or back cross aisle, walks along cross aisles and
// aisles (every aisle runs through every block), and enters the other block
// by one of its ends; the shortest of the four is taken.
func (l Layout) Distance(p, q Location) float64 {
	if p.Aisle == q.Aisle {
		return math.Abs(p.Pos - q.Pos)
	}
	h := math.Abs(float64(p.Aisle-q.Aisle)) * l.AisleSpacing
	plo, phi := l.ends(p.Pos)
	qlo, qhi := l.ends(q.Pos)
	best := math.Inf(1)
	for _, c1 := range [2]float64{plo, phi} {
		for _, c2 := range [2]float64{qlo, qhi} {
			best = min(best, math.Abs(p.Pos-c1)+math.Abs(c1-c2)+math.Abs(c2-q.Pos))
		}
	}
	return h + best
}

// ends returns the positions of the cross aisles either side of pos (the
// same one twice when pos lies on a cross aisle).
func (l Layout) ends(pos float64) (lo, hi float64) {
	k := pos / l.BlockLength
	return math.Floor(k) * l.BlockLength, math.Ceil(k) * l.BlockLength
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
	at := func(i int) Location {
		if i == 0 {
			return l.depot()
		}
		return picks[i-1]
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := l.Distance(at(i), at(j))
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
