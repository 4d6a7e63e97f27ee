package pick_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pick"
)

// TestShortPickRecordsCountsAndResources: a bin found short opens a
// discrepancy and a count task; the rest comes from another bin when one
// holds it, else the order line goes short; the ledger stays whole.
func TestShortPickRecordsCountsAndResources(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFloor(t, d)
		// KETTLE: 5 units in one bin, 10 in another; the stop's bin is
		// found holding 1.
		o := f.ReleasedOrder(t, "S1", flowtest.Line("KETTLE", 3))
		w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		task, err := f.Floor.Claim(as(ann), w.Tasks[0].ID)
		require.NoError(t, err)
		stop := *task.Next
		_, err = f.Floor.Short(as(ann), task.ID, pick.ShortReport{ScanID: "s", Bin: stop.Bin, Found: 3})
		require.Equal(t, "found", errs.FieldsOf(err)[0].Path, "found covers the stop: %v", err)
		_, err = f.Floor.Short(as(ann), task.ID, pick.ShortReport{ScanID: "s", Bin: "A-99-99-9", Found: 1})
		require.Equal(t, "bin", errs.FieldsOf(err)[0].Path)

		res, err := f.Floor.Short(as(ann), task.ID, pick.ShortReport{ScanID: "s1", Bin: stop.Bin, Found: 1})
		require.NoError(t, err)
		require.Equal(t, int64(2), res.Short)
		require.Equal(t, int64(2), res.Resourced, "the other bin holds them")
		require.Zero(t, res.Missing)
		require.NotEmpty(t, res.Count)
		require.Len(t, res.Task.Lines, 2)
		require.NotEqual(t, stop.Bin, res.Task.Lines[1].Bin)
		again, err := f.Floor.Short(as(ann), task.ID, pick.ShortReport{ScanID: "s1", Bin: stop.Bin, Found: 1})
		require.NoError(t, err)
		require.True(t, again.Replayed)
		f.pickAll(as(ann), res.Task)
		require.Equal(t, fulfilment.Picked, f.Get(t, o.ID).Fulfilments[0].Status)
		f.reconciled()
		f.checkFloor(t)
		var counts, discrepancies int
		require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
			if err := tx.QueryRowContext(context.Background(), `SELECT count(*) FROM count_tasks WHERE status = 'open'`).Scan(&counts); err != nil {
				return err
			}
			return tx.QueryRowContext(context.Background(), `SELECT count(*) FROM stock_discrepancies WHERE found = 1 AND source = 'short_pick'`).Scan(&discrepancies)
		}))
		require.Equal(t, 1, counts)
		require.Equal(t, 1, discrepancies)

		// All of a SKU promised: a short stop has nowhere else to go, and
		// the order line goes short.
		o2 := f.ReleasedOrder(t, "S2", flowtest.Line(f.skus[1], 15))
		w, err = f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		task, err = f.Floor.Claim(as(bob), w.Tasks[0].ID)
		require.NoError(t, err)
		stop = *task.Next
		res, err = f.Floor.Short(as(bob), task.ID, pick.ShortReport{ScanID: "s2", Bin: stop.Bin, Found: 0})
		require.NoError(t, err)
		require.Equal(t, stop.Quantity, res.Missing)
		f.pickAll(as(bob), res.Task)
		got := f.Get(t, o2.ID)
		require.True(t, got.Short)
		require.Equal(t, stop.Quantity, got.Lines[0].ShortQuantity)
		require.Equal(t, fulfilment.Picked, got.Fulfilments[0].Status)
		require.Equal(t, 15-stop.Quantity, got.Fulfilments[0].Lines[0].Quantity)
		f.reconciled()
		f.checkFloor(t)
		// The release stage follows the product's policy (none: the units
		// follow when stock arrives), and the customer is told: the delay
		// notice is queued for the order whose units went missing, by e-mail
		// once, and none for the one resourced.
		f.RunJobs(t)
		delays := map[string]int{}
		require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
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
				if j.Message == order.DelayMessage {
					delays[j.OrderID]++
				}
			}
			return rows.Err()
		}))
		require.Equal(t, map[string]int{o2.ID: 1}, delays)

		// Stock arrives: the short units are served like any waiting order's,
		// as a new fulfilment from the warehouse.
		_, err = f.Stock.Receive(f.Ctx, inventory.Receipt{Warehouse: "EAST", Bin: "A-03-06-1", SKU: f.skus[1], Quantity: 20, Reference: "PO-2"})
		require.NoError(t, err)
		f.RunJobs(t)
		got = f.Get(t, o2.ID)
		require.False(t, got.Short, "served")
		require.Len(t, got.Fulfilments, 2)
		require.Equal(t, stop.Quantity, got.Fulfilments[1].Lines[0].Quantity)
		require.Equal(t, fulfilment.ReadyToPick, got.Fulfilments[1].Status)
		f.reconciled()
	})
}

// TestAValuableStopNeedsASecondPerson: the picker is refused until an
// admin other than them scans the stop; the picker cannot verify it.
func TestAValuableStopNeedsASecondPerson(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFloor(t, d)
		valuable := true
		products := catalog.NewStore(d)
		kettle, err := products.GetBySKU(f.Ctx, "KETTLE")
		require.NoError(t, err)
		_, err = products.Update(f.Ctx, kettle.ID, catalog.ProductPatch{Valuable: &valuable})
		require.NoError(t, err)
		f.ReleasedOrder(t, "V1", flowtest.Line("KETTLE", 1))
		w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		task, err := f.Floor.Claim(as(ann), w.Tasks[0].ID)
		require.NoError(t, err)
		stop := *task.Next
		require.True(t, stop.Valuable)
		scan := pick.Scan{ScanID: "p", Line: stop.ID, Bin: stop.Bin, Item: gtin0, Quantity: 1, Tote: "V-1"}
		_, err = f.Floor.Pick(as(ann), task.ID, scan)
		require.ErrorContains(t, err, "second person")
		_, err = f.Floor.Verify(as(ann), task.ID, pick.Verification{ScanID: "v0", Line: stop.ID, Bin: stop.Bin, Item: gtin0})
		require.True(t, errs.Is(err, errs.Forbidden), "a picker is no admin: %v", err)
		_, err = f.Floor.Verify(as(chief), task.ID, pick.Verification{ScanID: "v1", Line: stop.ID, Bin: "A-99-99-9", Item: gtin0})
		require.Equal(t, "bin", errs.FieldsOf(err)[0].Path)
		got, err := f.Floor.Verify(as(chief), task.ID, pick.Verification{ScanID: "v2", Line: stop.ID, Bin: stop.Bin, Item: gtin0})
		require.NoError(t, err)
		require.Equal(t, chief.ID, got.Lines[0].VerifiedBy)
		res, err := f.Floor.Pick(as(ann), task.ID, scan)
		require.NoError(t, err)
		require.True(t, res.FulfilmentPicked)
	})
}
