package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/bench"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// `waybill bench picking --json` runs a small shift to the end on SQLite
// (and PostgreSQL when WAYBILL_TEST_POSTGRES is set): every fulfilment
// picked, every wrong bin refused, every repeat replayed, the ledger
// clean, and the optimiser walking less than either baseline. Bad flags
// are refused.
func TestBenchPicking(t *testing.T) {
	t.Parallel()
	// The race leg (-short): half the orders in waves of 10, still three
	// waves walked by the same three concurrent pickers; the 60 orders in
	// waves of 25 run in the other leg.
	orders, wave := 60, 25
	if testing.Short() {
		orders, wave = 30, 10
	}
	legs := map[string][]string{"sqlite": {"--dir", t.TempDir()}}
	if url := os.Getenv(dbtest.PostgresEnv); url != "" {
		legs["postgres"] = []string{"--db", url}
	}
	for name, extra := range legs {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"bench", "picking", "--orders", strconv.Itoa(orders), "--products", "40", "--pickers", "3", "--wave-orders", strconv.Itoa(wave),
				"--wrong", "0.2", "--replay", "0.2", "--json"}, extra...)
			err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), args)
			require.NoError(t, err, stderr.String())
			var rep bench.PickingReport
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stdout.String())
			require.Equal(t, name, rep.Database)
			require.Equal(t, orders, rep.Picked)
			require.Equal(t, map[string]int{"picked": orders}, rep.Checks.ByStatus)
			require.True(t, rep.Checks.ReconcileOK)
			require.Equal(t, rep.Checks.UnitsOrdered, rep.Checks.UnitsPicked)
			require.Equal(t, rep.Checks.UnitsOrdered, rep.UnitsPicked)
			require.GreaterOrEqual(t, rep.Waves, 3)
			require.Positive(t, rep.WrongScans)
			require.Positive(t, rep.ReplayedScans)
			require.Equal(t, rep.Scans+rep.WrongScans+rep.ReplayedScans, rep.ScanLatency.Count)
			require.Positive(t, rep.ScansPerSec)
			w := rep.Walking
			require.InDelta(t, w.WavesAlone, w.ByOrderRouted, 1e-6*w.ByOrderRouted, "the waves measure walking alone as the baseline does")
			require.Less(t, w.Optimiser, w.ByOrderRouted)
			require.LessOrEqual(t, w.ByOrderRouted, w.ByOrderBinCode+1e-6)
		})
	}
	var out bytes.Buffer
	require.Error(t, (&Main{Stdout: &out, Stderr: &out}).Run(context.Background(), []string{"bench", "picking", "--pickers", "0"}))
	require.Error(t, (&Main{Stdout: &out, Stderr: &out}).Run(context.Background(), []string{"bench", "picking", "--wrong", "0.9"}))
}
