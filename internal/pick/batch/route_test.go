package batch

import (
	"math"
	"math/rand/v2"
	"testing"
)

// line is a layout of points on one aisle at the given positions, the
// depot (0) at position 0; walking is the difference of positions.
func line(t testing.TB, pos ...float64) *Layout {
	t.Helper()
	n := len(pos)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = math.Abs(pos[i] - pos[j])
		}
	}
	l, err := NewLayout(m, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// grid is a layout of aisles (x = 0, 10, 20, ...) with points every metre
// along them, cross aisles at both ends (y = 0 and y = h): walking from one
// aisle to another goes round the nearer end. The depot is (0, 0).
func grid(t testing.TB, aisles, h int) (*Layout, [][2]int) {
	t.Helper()
	var xy [][2]int
	for a := range aisles {
		for y := range h + 1 {
			xy = append(xy, [2]int{10 * a, y})
		}
	}
	m := make([][]float64, len(xy))
	for i, p := range xy {
		m[i] = make([]float64, len(xy))
		for j, q := range xy {
			dx := math.Abs(float64(p[0] - q[0]))
			dy := math.Abs(float64(p[1] - q[1]))
			if dx > 0 {
				dy = math.Min(float64(p[1]+q[1]), float64(2*h-p[1]-q[1]))
			}
			m[i][j] = dx + dy
		}
	}
	l, err := NewLayout(m, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return l, xy
}

// TestRouteHandComputed checks walks worked out on paper.
func TestRouteHandComputed(t *testing.T) {
	l := line(t, 0, 3, 5, 9)
	for _, c := range []struct {
		pts  []int
		want float64
	}{
		{nil, 0}, {[]int{1}, 6}, {[]int{2, 1}, 10}, {[]int{3, 1, 1, 2}, 18},
	} {
		if got := walkLength(l, c.pts); got != c.want {
			t.Errorf("line %v: %v, want %v", c.pts, got, c.want)
		}
	}
	// Two aisles of length 10, 10 apart. Point (0,4) and (10,4): up aisle
	// 0 to 4 and back (8)... cheaper round: 0->(0,4)=4, ->(10,4) via the
	// bottom = 4+10+4 = 18, back to depot 14: 36; via the top is 6+10+6.
	g, xy := grid(t, 2, 10)
	at := func(x, y int) int {
		for i, p := range xy {
			if p == [2]int{x, y} {
				return i
			}
		}
		t.Fatalf("no point %d,%d", x, y)
		return 0
	}
	if got := walkLength(g, []int{at(0, 4), at(10, 4)}); got != 36 {
		t.Errorf("two aisles low: %v, want 36", got)
	}
	// Both aisles near the top: a full loop (up one aisle, down the other)
	// is 10+10+10+10 = 40, beating return trips.
	if got := walkLength(g, []int{at(0, 9), at(10, 9)}); got != 40 {
		t.Errorf("two aisles high: %v, want 40", got)
	}
}

// TestRouteHeuristicNearExact compares the heuristic with Held-Karp on
// random lists small enough for both.
func TestRouteHeuristicNearExact(t *testing.T) {
	g, _ := grid(t, 6, 20)
	rng := rand.New(rand.NewPCG(1, 2))
	worst, sum := 0.0, 0.0
	for range 200 {
		pts := make([]int, exactLimit)
		for i := range pts {
			pts[i] = 1 + rng.IntN(g.Points()-1)
		}
		exact, de := g.heldKarp(dedupe(pts))
		tour, dh := g.heuristic(dedupe(pts))
		if math.Abs(g.length(tour)-dh) > 1e-9 {
			t.Fatalf("heuristic says %v, walk is %v", dh, g.length(tour))
		}
		if dh < de-1e-9 || math.Abs(g.length(exact)-de) > 1e-9 {
			t.Fatalf("heuristic %v below exact %v", dh, de)
		}
		worst = max(worst, dh/de-1)
		sum += dh/de - 1
	}
	if worst > 0.10 || sum/200 > 0.01 {
		t.Errorf("heuristic %.2f %% above exact on average, up to %.1f %%", sum/2, 100*worst)
	}
	t.Logf("heuristic gap to exact: mean %.2f %%, worst %.2f %%", sum/2, 100*worst)
}

func dedupe(pts []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, p := range pts {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
