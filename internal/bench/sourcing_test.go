package bench_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/bench"
)

// A short run on the synthetic mix keeps the benchmark's promises: nothing
// oversold or shipped from a warehouse that may not, every figure finite,
// the optimiser never worse than the baseline and equal to the exact
// optimum where it searched exactly.
func TestRunSourcingSynthetic(t *testing.T) {
	rep, err := bench.RunSourcing(context.Background(), bench.SourcingOptions{
		Orders: 400, Warehouses: 8, Seed: 3, Data: t.TempDir() + "/absent", ExactLimit: 12})
	require.NoError(t, err)
	require.Equal(t, "synthetic", rep.Data)
	require.Len(t, rep.Notes, 1, "the missing data folder is reported")
	require.Len(t, rep.Warehouses, 8)

	require.Zero(t, rep.Oversold)
	require.Zero(t, rep.Ineligible)
	require.Zero(t, rep.WorseThanGreedy)
	for _, r := range []bench.SourcingResult{rep.Optimizer, rep.Greedy, rep.Exact, rep.Heuristic} {
		require.Positive(t, r.Orders)
		require.Positive(t, r.Cost)
		require.False(t, math.IsInf(r.OrdersPerSec, 0) || math.IsNaN(r.OrdersPerSec))
		require.Positive(t, r.OrdersPerSec)
	}
	for _, f := range []float64{rep.OrdersPerSec, rep.SplitReductionVsGreedy, rep.CostGapVsOptimal, rep.HeuristicCostGapVsOptimal, rep.CostSavingVsGreedy} {
		require.False(t, math.IsInf(f, 0) || math.IsNaN(f))
	}
	require.Equal(t, 400, rep.ExactInstances, "8 warehouses: every order is small enough")
	require.Equal(t, rep.Exact.Cost, rep.OptimizerOnExact.Cost, "exact below the limit")
	require.Zero(t, rep.CostGapVsOptimal)
	require.GreaterOrEqual(t, rep.Heuristic.Cost, rep.Exact.Cost)
	require.LessOrEqual(t, rep.Optimizer.Cost, rep.Greedy.Cost)
	require.LessOrEqual(t, rep.Optimizer.ExtraParcels, rep.Greedy.ExtraParcels)
	require.Positive(t, rep.SplitReductionVsGreedy)
	require.Contains(t, rep.String(), "split reduction vs greedy")
}
