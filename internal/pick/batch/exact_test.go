package batch

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestExactIsAtMostEveryPlanAndOptimizeNeverBeatsIt checks the exact
// batching on random small problems: no cut of the orders walks less (the
// optimiser, FCFS and pick-by-order are all feasible plans, so none may be
// shorter), every batch fits the cart, and every order is in one batch.
func TestExactIsAtMostEveryPlanAndOptimizeNeverBeatsIt(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for trial := range 60 {
		n := 1 + rng.IntN(9)
		pts := 12
		dist := make([][]float64, pts)
		xy := make([][2]float64, pts)
		for i := range xy {
			xy[i] = [2]float64{rng.Float64() * 50, rng.Float64() * 30}
		}
		for i := range dist {
			dist[i] = make([]float64, pts)
			for j := range dist[i] {
				dist[i][j] = abs(xy[i][0]-xy[j][0]) + abs(xy[i][1]-xy[j][1])
			}
		}
		l, err := NewLayout(dist, 0, 0)
		require.NoError(t, err)
		p := Problem{Router: l, Cart: Cart{Totes: 1 + rng.IntN(4)}, DueSpread: time.Hour}
		for i := range n {
			o := Order{ID: string(rune('a' + i)), Due: base.Add(time.Duration(rng.IntN(3)) * time.Hour)}
			for range 1 + rng.IntN(2) {
				o.Locations = append(o.Locations, 1+rng.IntN(pts-1))
			}
			p.Orders = append(p.Orders, o)
		}
		ex, err := Exact(p)
		require.NoError(t, err)
		seen := map[int]bool{}
		for _, b := range ex.Batches {
			require.True(t, p.allowed(p.loadOfSet(b.Orders)), "trial %d: a batch that does not fit", trial)
			for _, o := range b.Orders {
				require.False(t, seen[o])
				seen[o] = true
			}
		}
		require.Len(t, seen, n)
		for name, plan := range map[string]func(Problem) (Plan, error){"optimize": func(p Problem) (Plan, error) { return Optimize(p, Options{}) },
			"fcfs": FCFS, "pick-by-order": PickByOrder} {
			pl, err := plan(p)
			require.NoError(t, err)
			require.GreaterOrEqual(t, pl.Distance, ex.Distance-1e-6, "trial %d: %s beats the exact batching", trial, name)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
