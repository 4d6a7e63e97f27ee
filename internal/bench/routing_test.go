package bench_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/bench"
)

// A short routing run without the data folder keeps the benchmark's
// promises: the exact method equals Held-Karp, no heuristic beats the
// exact optimum, every figure is finite.
func TestRunRoutingWithoutData(t *testing.T) {
	if testing.Short() {
		t.Skip("times routes for a few seconds")
	}
	rep, err := bench.RunRouting(context.Background(), bench.RoutingOptions{Seed: 2, Instances: 1, Data: t.TempDir()})
	require.NoError(t, err)
	require.Len(t, rep.Classes, 48, "the grid results_SPRP.csv spans")
	require.Len(t, rep.Notes, 2, "the missing file and the shared machine are noted")
	require.Equal(t, 48, rep.SingleBlock.Instances)
	require.Equal(t, 36, rep.SingleBlock.Exact.Instances, "lists of 3, 7 and 15 picks are checked by Held-Karp")
	require.Zero(t, rep.ExactWorstGap)
	require.Zero(t, rep.SingleBlock.BelowExact)
	require.Zero(t, rep.MultiBlock.BelowExact)
	require.Equal(t, 27, rep.MultiBlock.Instances)
	require.True(t, rep.Targets.SingleBlockGap)
	for _, f := range []float64{rep.HeuristicMeanGap, rep.SShapeMeanGap, rep.LargestGapMeanGap,
		rep.RoutesPerSec.ExactSingleBlock, rep.RoutesPerSec.HeuristicMultiBlock} {
		require.False(t, math.IsInf(f, 0) || math.IsNaN(f))
		require.GreaterOrEqual(t, f, 0.0)
	}
	require.LessOrEqual(t, rep.HeuristicMeanGap, rep.SShapeMeanGap)
	require.Contains(t, rep.String(), "routes shorter than the exact optimum: 0")
}

// --file routes one instance of the published format and finds its
// published optimum by its name.
func TestRunRoutingFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "picking"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "picking", "results_SPRP.csv"), []byte(
		"problem type;unit demand;num aisles;num cells;num articles;alpha;random seed;num pick positions;GS MIP cost;GS MIP time cplex [ms];Netw MIP cost;Netw MIP time cplex [ms];DP cost;DP time cplex [ms]\n"+
			"SPRP;true;2;3;2;1;4;2;1.012;1,0;1.012;1,0;1.012;0,1\n"), 0o644))
	path := filepath.Join(dir, "unit_F1_m2_C3_a2_4.txt")
	require.NoError(t, os.WriteFile(path, []byte(`NAME : unit_F1_m2_C3_a2_4.txt
NUM_AISLES : 2
NUM_CELLS : 3
DEPOT_AISLE : 0
DEPOT_LOCATION : bottom
DISTANCE_AISLE_TO_AISLE : 500
DISTANCE_CELL_TO_CELL : 1
DISTANCE_TOP_TO_CELL : 1
DISTANCE_BOTTOM_TO_CELL : 1
DISTANCE_TOP_OR_BOTTOM_TO_DEPOT : 0
ARTICLE_SECTION
SKU_SECTION
ID 0 AISLE 0 CELL 2 QUANTITY 1 LEFT_RIGHT_HAND_SIDE left
ID 1 AISLE 1 CELL 0 QUANTITY 1 LEFT_RIGHT_HAND_SIDE left
ORDER_SECTION
ID 0 QUANTITY 1
ID 1 QUANTITY 1
EOF`), 0o644))
	rep, err := bench.RunRoutingFile(path, dir)
	require.NoError(t, err)
	// Aisles 4 long, cells at 3, 2, 1 from the front: over the back and
	// back by the front, 4 + 500 + 4 + 500 = 1008; or in and out of each
	// aisle by the front, 2*1 + 2*3 + 2*500 = 1008 too.
	require.Equal(t, 1008.0, rep.Exact)
	require.Equal(t, 1008.0, rep.HeldKarp)
	require.Equal(t, 1012.0, rep.Published, "German thousands: 1.012 is 1012")
	require.NotNil(t, rep.MatchesPublished)
	require.False(t, *rep.MatchesPublished, "a made-up optimum differs, and the report says so")
	require.Contains(t, rep.String(), "DIFFERENT")
}
