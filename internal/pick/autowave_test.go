package pick_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/pick"
)

// TestWavesReleaseThemselvesAheadOfTheCutOff drives the automatic wave job
// by the injected clock: nothing before the window (two hours before EAST's
// 16:00 New York cut-off), the day's ready fulfilments released inside it,
// a late one released on the next run, nothing after the cut-off, and the
// job waiting for the next day's window.
func TestWavesReleaseThemselvesAheadOfTheCutOff(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, ny) // a Monday morning
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := newFloor(t, d, flowtest.Options{Clock: clk})
		o1 := f.ReleasedOrder(t, "AW1", flowtest.Line("KETTLE", 1))
		_, err := f.Floor.SetRules(as(chief), "EAST", pick.WaveRules{Auto: true, Lead: 120, Every: 15, Strategy: pick.ByOrder,
			MaxOrders: 50, MaxLines: 500, CartTotes: 8})
		require.NoError(t, err)
		_, err = f.Floor.SetRules(as(chief), "EAST", pick.WaveRules{Auto: true, Lead: 0, Every: 15, Strategy: pick.ByOrder,
			MaxOrders: 50, MaxLines: 500, CartTotes: 8})
		require.Equal(t, "lead_minutes", errs.FieldsOf(err)[0].Path)

		status := func(id string) fulfilment.Status { return f.Get(t, id).Fulfilments[0].Status }
		f.RunJobs(t)
		require.Equal(t, fulfilment.ReadyToPick, status(o1.ID), "09:00 is before the window")
		clk.Advance(5*time.Hour + 5*time.Minute) // 14:05
		f.RunJobs(t)
		require.Equal(t, fulfilment.Picking, status(o1.ID), "released inside the window")
		o2 := f.ReleasedOrder(t, "AW2", flowtest.Line(f.skus[1], 1))
		require.Equal(t, fulfilment.ReadyToPick, status(o2.ID))
		clk.Advance(16 * time.Minute) // 14:21: the next run
		f.RunJobs(t)
		require.Equal(t, fulfilment.Picking, status(o2.ID), "a late arrival goes on the next run")
		clk.Advance(2 * time.Hour) // 16:21: after the cut-off
		o3 := f.ReleasedOrder(t, "AW3", flowtest.Line(f.skus[2], 1))
		f.RunJobs(t)
		require.Equal(t, fulfilment.ReadyToPick, status(o3.ID), "nothing after the cut-off")
		var runAt time.Time
		require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
			return tx.QueryRowContext(context.Background(), `SELECT run_at FROM jobs WHERE kind = 'pick.auto_wave' AND state = 'queued' ORDER BY run_at DESC LIMIT 1`).Scan(&runAt)
		}))
		require.Equal(t, time.Date(2026, 3, 3, 14, 0, 0, 0, ny).UTC(), runAt.UTC(), "the next run is the next day's window")

		// A lead of a whole day: windows touch, and after today's cut-off
		// what is due by tomorrow's goes at once. Setting the rules again
		// ends the old chain of runs.
		_, err = f.Floor.SetRules(as(chief), "EAST", pick.WaveRules{Auto: true, Lead: 1440, Every: 30, Strategy: pick.Cluster,
			MaxOrders: 50, MaxLines: 500, CartTotes: 8})
		require.NoError(t, err)
		f.RunJobs(t)
		require.Equal(t, fulfilment.Picking, status(o3.ID), "released in tomorrow's window")
		clk.Advance(24 * time.Hour) // the old chain's run is due too: it must end without a second chain
		f.RunJobs(t)
		f.RunJobs(t)
		var queued int
		require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
			return tx.QueryRowContext(context.Background(), `SELECT count(*) FROM jobs WHERE kind = 'pick.auto_wave' AND state = 'queued'`).Scan(&queued)
		}))
		require.Equal(t, 1, queued, "one chain of runs")
	})
}
