package pick_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/shortage"
)

// shortAll releases a wave for what is ready in EAST, claims its first
// task as ann and reports every stop of sku short (found 0), stop after
// stop, as the re-sourced stops come; then it picks the rest. It returns
// the units the order lines went short of.
func (f *floor) shortAll(sku string) int64 {
	f.t.Helper()
	w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
	require.NoError(f.t, err)
	task, err := f.Floor.Claim(as(ann), w.Tasks[0].ID)
	require.NoError(f.t, err)
	var missing int64
	for {
		var stop *pick.Line
		for _, l := range task.Lines {
			if l.SKU == sku && l.Left() > 0 {
				stop = &l
				break
			}
		}
		if stop == nil {
			break
		}
		res, err := f.Floor.Short(as(ann), task.ID, pick.ShortReport{ScanID: "short-" + stop.ID, Line: stop.ID, Bin: stop.Bin})
		require.NoError(f.t, err)
		missing += res.Missing
		task = res.Task
	}
	if task.Status == pick.TaskClaimed {
		f.pickAll(as(ann), task)
	}
	return missing
}

// emails counts the e-mail notices queued per order and message.
func (f *floor) emails() map[string]int {
	f.t.Helper()
	out := map[string]int{}
	require.NoError(f.t, f.DB.Read(context.Background(), func(tx *db.Tx) error {
		rows, err := tx.QueryContext(context.Background(), `SELECT payload FROM jobs WHERE kind = 'notify.email'`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var payload []byte
			var j order.EmailJob
			if err := rows.Scan(&payload); err != nil {
				return err
			}
			if err := json.Unmarshal(payload, &j); err != nil {
				return err
			}
			out[j.OrderID+" "+string(j.Message)]++
		}
		return rows.Err()
	}))
	return out
}

// A short pick follows the product's shortage policy once the warehouse's
// other bins have nothing: another warehouse's stock first (a fulfilment
// of its own, no delay notice); what none has is cancelled with its refund
// under cancel_short, the customer told once; the whole order is
// cancelled when nothing of it would be left. The ledger stays whole.
func TestShortPickFollowsTheShortagePolicy(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFloor(t, d)
		f.AddWarehouse(t, "WEST")
		sku := f.skus[1] // 15 in EAST, promised whole to the first order

		t.Run("another warehouse", func(t *testing.T) {
			o := f.ReleasedOrder(t, "R1", flowtest.Line(sku, 15))
			f.Receive(t, "WEST", sku, 40) // after release: the order holds EAST's
			missing := f.shortAll(sku)
			require.Equal(t, int64(15), missing)
			f.RunJobs(t)
			got := f.Get(t, o.ID)
			require.False(t, got.Short)
			require.Equal(t, order.Released, got.Status)
			west := got.Fulfilments[len(got.Fulfilments)-1]
			require.Equal(t, "WEST", west.Warehouse, "one fulfilment for both bins found short")
			require.Equal(t, fulfilment.ReadyToPick, west.Status)
			require.Equal(t, int64(15), west.Lines[0].Quantity)
			require.Equal(t, int64(15), f.Reserved(t, "WEST", sku))
			require.Contains(t, f.EventTypes(t, o.ID), "order.resourced")
			require.Zero(t, f.emails()[o.ID+" delay"], "nothing is late for the customer")
			f.reconciled()
		})

		t.Run("cancel_short refunds the units", func(t *testing.T) {
			cancelSKU := f.skus[2] // 15 in EAST
			f.Policy(t, cancelSKU, "", shortage.Policy{Kind: order.PolicyCancelShort})
			o := f.ReleasedOrder(t, "C1", flowtest.Line(cancelSKU, 15), flowtest.Line(f.skus[3], 2))
			missing := f.shortAll(cancelSKU)
			require.Equal(t, int64(15), missing)
			f.RunJobs(t)
			got := f.Get(t, o.ID)
			require.Equal(t, order.Released, got.Status)
			require.False(t, got.Short)
			require.Equal(t, int64(15), got.Lines[0].CancelledQuantity)
			require.Zero(t, got.Lines[0].ShortQuantity)
			require.Equal(t, got.Lines[0].TotalMinor, got.RefundDueMinor, "paid: the cancelled units are due back")
			require.Equal(t, order.Paid, got.PaymentStatus)
			require.Contains(t, f.EventTypes(t, o.ID), "order.units_cancelled")
			mails := f.emails()
			require.Equal(t, 1, mails[o.ID+" units_cancelled"])
			require.Zero(t, mails[o.ID+" delay"])
			f.RunJobs(t) // a second run finds nothing more to do
			require.Equal(t, got.RefundDueMinor, f.Get(t, o.ID).RefundDueMinor)
			f.reconciled()
		})

		t.Run("cancel_short of the whole order cancels it", func(t *testing.T) {
			f.Receive(t, "EAST", f.skus[2], 4)
			o := f.ReleasedOrder(t, "C2", flowtest.Line(f.skus[2], 4))
			require.Equal(t, int64(4), f.shortAll(f.skus[2]))
			f.RunJobs(t)
			got := f.Get(t, o.ID)
			require.Equal(t, order.Cancelled, got.Status)
			require.Equal(t, order.RefundDue, got.PaymentStatus)
			require.Equal(t, got.PaidMinor, got.RefundDueMinor)
			require.Equal(t, 1, f.emails()[o.ID+" cancellation"])
			f.reconciled()
			f.checkFloor(t)
		})
	})
}
