package bench_test

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/bench"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// The benchmark itself must keep working and keep its promises: a short run
// on each database measures every part and finds nothing oversold.
func TestRunIntakeSmoke(t *testing.T) {
	bases := []string{"sqlite"}
	if pg := os.Getenv(dbtest.PostgresEnv); pg != "" {
		bases = append(bases, pg)
	}
	loaded := 1000
	if testing.Short() {
		loaded = 300 // the race leg: the copies are written by one goroutine, nothing for the detector
	}
	for _, base := range bases {
		rep, err := bench.RunIntake(context.Background(), bench.Options{
			DB: base, Dir: t.TempDir(), Duration: 500 * time.Millisecond, NaiveDuration: 300 * time.Millisecond,
			Workers: 32, NaiveWorkers: 4, MaxBatch: 64, HTTP: true, Log: slog.New(slog.DiscardHandler),
			Workload: bench.Workload{SKUs: 200, Skew: 1.1, HotShare: 0.5}, Orders: loaded,
		})
		require.NoError(t, err)
		require.Equal(t, loaded+200, rep.OrdersBefore, "counted in the table: the copies and the 200 orders placed to copy")
		require.Positive(t, rep.Engine.Orders, base)
		require.Positive(t, rep.Naive.Orders, base)
		require.Positive(t, rep.HTTP.Orders, base)
		require.Positive(t, rep.HTTPCeiling.Orders, base)
		require.Zero(t, rep.HTTPCeiling.Refused, base)
		require.Positive(t, rep.Disk.FsyncsPerSec, base)
		if base == "sqlite" {
			require.Positive(t, rep.Rows.FourRowsPerSec)
			require.Positive(t, rep.Rows.FourRowsIndexedPerSec)
			require.Positive(t, rep.Rows.OneRowPerSec)
		} else {
			require.Nil(t, rep.Rows, "the row ceiling is a SQLite figure")
		}
		require.Zero(t, rep.Oversold, base)
		require.True(t, rep.ReconcileOK, base)
		require.Positive(t, rep.SearchLag.Count, "search lag sampled through the engine run")
		require.Zero(t, rep.SearchMissing, "every order, loaded or placed, found by the search indexes")
	}
}
