package batch

import (
	"fmt"
	"math"
)

// Layout is a Router over a matrix of shortest walking distances between
// every two points (pick locations, aisle ends, depots), with the points a
// walk starts and ends at: the form of the Foodmart instances. It routes
// by its own solver (route.go): exact for short lists, a strong local
// search beyond.
type Layout struct {
	n          int
	dist       []float64 // n*n, row major
	start, end int
	// Names label the points for people (optional).
	Names []string
}

// NewLayout takes a square, symmetric matrix of shortest distances (the
// router's moves assume a walk costs the same both ways) and the depots a
// walk leaves from and returns to.
func NewLayout(dist [][]float64, start, end int) (*Layout, error) {
	n := len(dist)
	if n == 0 {
		return nil, fmt.Errorf("%w: empty distance matrix", ErrInvalid)
	}
	if start < 0 || start >= n || end < 0 || end >= n {
		return nil, fmt.Errorf("%w: depot outside the layout", ErrInvalid)
	}
	l := &Layout{n: n, dist: make([]float64, n*n), start: start, end: end}
	for i, row := range dist {
		if len(row) != n {
			return nil, fmt.Errorf("%w: row %d has %d distances, want %d", ErrInvalid, i, len(row), n)
		}
		for j, d := range row {
			if d < 0 || math.IsNaN(d) || math.IsInf(d, 0) {
				return nil, fmt.Errorf("%w: distance %d-%d is %v", ErrInvalid, i, j, d)
			}
			l.dist[i*n+j] = d
		}
	}
	for i := range n {
		if l.dist[i*n+i] != 0 {
			return nil, fmt.Errorf("%w: distance %d-%d is not 0", ErrInvalid, i, i)
		}
		for j := range i {
			if math.Abs(l.dist[i*n+j]-l.dist[j*n+i]) > 1e-9 {
				return nil, fmt.Errorf("%w: distance %d-%d differs from %d-%d", ErrInvalid, i, j, j, i)
			}
		}
	}
	return l, nil
}

// Points is how many points the layout has; points are 0..Points()-1.
func (l *Layout) Points() int { return l.n }

// Depots are where every walk starts and ends.
func (l *Layout) Depots() (start, end int) { return l.start, l.end }

// Dist is the shortest walking distance between two points; Depot is the
// start depot as a and the end depot as b.
func (l *Layout) Dist(a, b int) float64 {
	if a == Depot {
		a = l.start
	}
	if b == Depot {
		b = l.end
	}
	return l.at(a, b)
}

// at is Dist between two points of the matrix, depots included.
func (l *Layout) at(a, b int) float64 { return l.dist[a*l.n+b] }
