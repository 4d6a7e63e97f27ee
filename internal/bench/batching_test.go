package bench_test

import (
	"context"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/bench"
)

// A run on the shared Foodmart files (with a small generated instance) and
// on the aisle layouts keeps the benchmark's promises: every figure
// finite, the optimiser never walking more than FCFS, FCFS never more than
// pick-by-order.
func TestRunBatching(t *testing.T) {
	const data = "../../../shared/data"
	if _, err := os.Stat(data + "/picking/foodmart_d5_ord8.txt"); err != nil {
		t.Skip("no Foodmart instances in", data)
	}
	rep, err := bench.RunBatching(context.Background(), bench.BatchingOptions{Data: data, Seed: 1, Generated: 60, Cutoffs: 2, AisleOrders: []int{40}})
	require.NoError(t, err)
	require.Len(t, rep.Instances, 5)
	require.Len(t, rep.Aisles, 2, "one case per aisle layout")
	for _, in := range append(rep.Instances, rep.Aisles...) {
		f := in.BatchingFigures
		require.LessOrEqual(t, f.Optimized.Distance, f.FCFS.Distance+1e-9, in.Name)
		require.LessOrEqual(t, f.FCFS.Distance, f.Single.Distance+1e-9, in.Name)
		require.Equal(t, f.Orders, f.Single.Batches, in.Name)
		for _, v := range []float64{f.VsSingle, f.VsFCFS, f.Seconds} {
			require.False(t, math.IsNaN(v) || math.IsInf(v, 0), in.Name)
		}
	}
	require.Equal(t, 26, rep.Overall.Orders)
	require.True(t, rep.Targets.VsSingle)
	for _, in := range rep.Instances[:4] { // the files are small enough to batch exactly
		require.NotNil(t, in.Exact, in.Name)
		require.LessOrEqual(t, in.Exact.Distance, in.Optimized.Distance+1e-9, "%s: the optimiser beats the exact batching", in.Name)
		require.GreaterOrEqual(t, in.ExactGap, 0.0, in.Name)
	}
	require.Nil(t, rep.Instances[4].Exact, "60 generated orders are too many to batch exactly")
	require.NotNil(t, rep.Overall.Exact)
	require.InDelta(t, 1-rep.Overall.Exact.Distance/rep.Overall.FCFS.Distance, rep.Overall.ExactVsFCFS, 1e-9)
	require.Len(t, rep.Notes, 5, "ord5-7 fit one cart; ord8's and the files' ceiling against FCFS")
	require.Contains(t, rep.String(), "overall (files)")
	require.Contains(t, rep.String(), "2 blocks of 12 aisles")
	require.False(t, rep.Targets.AislesSpeed, "not judged below 500 orders")

	one, err := bench.RunBatching(context.Background(), bench.BatchingOptions{Files: []string{data + "/picking/foodmart_d5_ord8.txt"}, Seed: 1, Generated: 60, AisleOrders: []int{40}})
	require.NoError(t, err)
	require.Len(t, one.Instances, 1, "--file runs that instance alone")
	require.Empty(t, one.Aisles)
	require.Equal(t, rep.Instances[3].Optimized, one.Instances[0].Optimized)
}
