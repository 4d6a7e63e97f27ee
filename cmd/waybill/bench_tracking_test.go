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

// `waybill bench tracking --json` ingests a small shuffled stream with
// repeats on SQLite (and PostgreSQL when WAYBILL_TEST_POSTGRES is set):
// every event kept once, every parcel, fulfilment and order in its right
// end state, and the naive baseline leaving parcels in wrong ones. Bad
// flags are refused.
func TestBenchTracking(t *testing.T) {
	t.Parallel()
	// The race leg (-short): a third of the orders, the same three workers,
	// open load and baseline; the 150 orders run in the other leg.
	orders, naive := 150, 60
	if testing.Short() {
		orders, naive = 50, 30
	}
	parcels := orders + orders/5 // every fifth order has two parcels
	legs := map[string][]string{"sqlite": {"--dir", t.TempDir()}}
	if url := os.Getenv(dbtest.PostgresEnv); url != "" {
		legs["postgres"] = []string{"--db", url}
	}
	for name, extra := range legs {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"bench", "tracking", "--orders", strconv.Itoa(orders), "--batch-min", "20", "--batch-max", "60", "--workers", "3",
				"--naive-parcels", strconv.Itoa(naive), "--json"}, extra...)
			err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), args)
			require.NoError(t, err, stderr.String())
			var rep bench.TrackingReport
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stdout.String())
			require.Equal(t, name, rep.Database)
			require.Equal(t, parcels, rep.Parcels, "every fifth order has two parcels")
			require.Equal(t, rep.Unique, rep.New)
			require.Equal(t, rep.Repeats, rep.Duplicates)
			require.InDelta(t, 0.3, float64(rep.Repeats)/float64(rep.Events), 0.02)
			require.Equal(t, rep.Unique, rep.Checks.EventsKept)
			require.Zero(t, rep.Checks.ParcelsWrong+rep.Checks.OrdersWrong+rep.Checks.FulfilmentsWrong)
			require.Equal(t, rep.Checks.OrdersByStatus["delivered"], rep.Checks.DeliveredEvents)
			require.Positive(t, rep.Checks.ParcelsByStatus["returned_to_sender"])
			require.Positive(t, rep.EventsPerSec)
			require.Equal(t, rep.Calls, rep.CallLatency.Count)
			require.Equal(t, naive, rep.Naive.Parcels)
			require.Positive(t, rep.Naive.Wrong, "last event received wins leaves shuffled parcels wrong")
		})
	}
	t.Run("open load", func(t *testing.T) {
		// Offered at 2,000 events/s, the ~1,100 events (~370 in the race leg)
		// take their count over 2,000 s to send: the wall time cannot be
		// shorter, whatever the machine.
		var stdout, stderr bytes.Buffer
		err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), []string{"bench", "tracking", "--dir", t.TempDir(),
			"--orders", strconv.Itoa(orders), "--batch-min", "20", "--batch-max", "60", "--rate", "2000", "--naive-parcels", "0", "--json"})
		require.NoError(t, err, stderr.String())
		var rep bench.TrackingReport
		require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stdout.String())
		require.Equal(t, 2000.0, rep.Rate)
		require.Equal(t, rep.Calls, rep.CallLatency.Count)
		require.Zero(t, rep.Checks.ParcelsWrong+rep.Checks.OrdersWrong+rep.Checks.FulfilmentsWrong)
		last := float64(rep.Events-60) / 2000 // the last call falls due no earlier than this
		require.GreaterOrEqual(t, rep.Seconds, last, "calls were sent before they fell due")
	})
	var out bytes.Buffer
	require.Error(t, (&Main{Stdout: &out, Stderr: &out}).Run(context.Background(), []string{"bench", "tracking", "--workers", "0"}))
	require.Error(t, (&Main{Stdout: &out, Stderr: &out}).Run(context.Background(), []string{"bench", "tracking", "--batch-min", "50", "--batch-max", "10"}))
	require.Error(t, (&Main{Stdout: &out, Stderr: &out}).Run(context.Background(), []string{"bench", "tracking", "--rate", "-1"}))
}
