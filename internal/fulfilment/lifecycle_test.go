package fulfilment_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
)

// A fulfilment's life so far, each change on its timeline: released for two
// merged orders, one order cancelled (its lines leave, the other's still
// ship), then the other (the fulfilment is cancelled, its lines kept for
// the record).
func TestFulfilmentLifecycle(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		s := flowtest.NewUSShop(t, d, clk, flowtest.Options{MergeWindow: 15 * time.Minute})
		s.Receive(t, "WEST", s.SKUs[0], 10)
		a := s.COD(t, "m-1", flowtest.Line(s.SKUs[0], 1))
		b := s.COD(t, "m-2", flowtest.Line(s.SKUs[0], 2))
		s.RunJobs(t) // reviewed; they wait for the merge window
		clk.Advance(16 * time.Minute)
		s.RunJobs(t)
		a, b = s.Get(t, a.ID), s.Get(t, b.ID)
		require.Len(t, a.Fulfilments, 1)
		ful := a.Fulfilments[0]
		require.Equal(t, ful.ID, b.Fulfilments[0].ID, "merged: one fulfilment for both")
		require.Equal(t, fulfilment.ReadyToPick, ful.Status)
		require.Len(t, ful.Lines, 1, "an order shows its own lines of the shared fulfilment")
		require.Len(t, queue(t, s.Rig, ful.ID).Lines, 2, "the warehouse's queue shows both orders' lines")
		require.Equal(t, []string{"fulfilment.created ready_to_pick"}, timeline(t, s.Rig, ful.ID))

		_, err := s.Orders.Cancel(s.Ctx, a.ID, "changed mind")
		require.NoError(t, err)
		b = s.Get(t, b.ID)
		require.Equal(t, fulfilment.ReadyToPick, b.Fulfilments[0].Status, "the other order still ships")
		left := queue(t, s.Rig, ful.ID)
		require.Len(t, left.Lines, 1)
		require.Equal(t, b.ID, left.Lines[0].OrderID, "the cancelled order's lines left it")
		require.Equal(t, []string{"fulfilment.created ready_to_pick", "fulfilment.order_removed ready_to_pick"}, timeline(t, s.Rig, ful.ID))

		_, err = s.Orders.Cancel(s.Ctx, b.ID, "changed mind too")
		require.NoError(t, err)
		b = s.Get(t, b.ID)
		require.Equal(t, fulfilment.Cancelled, b.Fulfilments[0].Status)
		require.Len(t, b.Fulfilments[0].Lines, 1, "a cancelled fulfilment keeps its lines")
		require.Equal(t, []string{"fulfilment.created ready_to_pick", "fulfilment.order_removed ready_to_pick",
			"fulfilment.cancelled cancelled"}, timeline(t, s.Rig, ful.ID))
	})
}

// queue is the fulfilment as the warehouse's queue shows it.
func queue(t *testing.T, r *flowtest.Rig, id string) fulfilment.Fulfilment {
	t.Helper()
	list, err := fulfilment.NewStore(r.DB).List(r.Ctx, fulfilment.Filter{Limit: 100})
	require.NoError(t, err)
	for _, f := range list {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("fulfilment %s is not in the queue", id)
	return fulfilment.Fulfilment{}
}

// timeline lists a fulfilment's events, "type status", oldest first.
func timeline(t *testing.T, r *flowtest.Rig, fulfilmentID string) []string {
	t.Helper()
	var out []string
	require.NoError(t, r.DB.Read(r.Ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(r.Ctx, `SELECT type, status FROM fulfilment_events WHERE fulfilment_id = $1 ORDER BY id`, fulfilmentID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var typ, status string
			if err := rows.Scan(&typ, &status); err != nil {
				return err
			}
			out = append(out, typ+" "+status)
		}
		return rows.Err()
	}))
	return out
}
