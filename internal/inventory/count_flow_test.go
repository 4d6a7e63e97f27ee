package inventory_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pick"
)

func in(a actor.Actor) context.Context { return actor.With(context.Background(), a) }

// The floor and the count together: a picker finds a bin short, which
// opens a count; the count starts, the picker takes the last unit the
// stop still needed from the bin, the counter finds the bin empty. The
// unit picked is not missing; the rest is, and being far off the bin is
// counted again by someone else; the approved recount books the
// difference into the ledger with its reason, reconcile stays clean, and
// the bin promises stock to pick lines again.
func TestShortPickCountApproveFlow(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ann := actor.Actor{ID: "per_ann", Name: "Ann", Role: actor.Warehouse}
		bob := actor.Actor{ID: "per_bob", Name: "Bob", Role: actor.Warehouse}
		chief := actor.Actor{ID: "per_chief", Name: "Chief", Role: actor.Admin}
		r := flowtest.New(t, d, flowtest.Options{})
		sku := r.AddProducts(t, 1)[0]
		r.AddWarehouse(t, "EAST")
		r.Receive(t, "EAST", sku, 10)
		r.ReleasedOrder(t, "C1", flowtest.Line(sku, 3))
		w, err := r.Floor.Release(in(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		task, err := r.Floor.Claim(in(ann), w.Tasks[0].ID)
		require.NoError(t, err)
		stop := *task.Next
		short, err := r.Floor.Short(in(ann), task.ID, pick.ShortReport{ScanID: "s1", Bin: stop.Bin, Found: 1})
		require.NoError(t, err)
		require.NotEmpty(t, short.Count)
		var whID string
		require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
			return tx.QueryRowContext(context.Background(), `SELECT id FROM warehouses WHERE code = 'EAST'`).Scan(&whID)
		}))
		productID := func() string {
			var id string
			require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
				return tx.QueryRowContext(context.Background(), `SELECT id FROM products WHERE sku = $1`, sku).Scan(&id)
			}))
			return id
		}()
		freeUnits := func() []inventory.FreeUnits {
			var out []inventory.FreeUnits
			require.NoError(t, d.Write(context.Background(), func(tx *db.Tx) error {
				var err error
				out, err = inventory.Free(context.Background(), tx, whID, []string{productID}, true)
				return err
			}))
			return out
		}
		require.Empty(t, freeUnits(), "a bin being counted promises nothing new")

		counting, err := r.Stock.ClaimCount(in(bob), short.Count)
		require.NoError(t, err)
		require.Equal(t, "discrepancy", counting.Reason)
		require.Equal(t, "A-01-01-1", counting.Bin)
		require.Empty(t, counting.Variances)
		// The picker takes the unit the stop still needs while Bob counts.
		res, err := r.Floor.Pick(in(ann), task.ID, pick.Scan{ScanID: "p1", Line: stop.ID, Bin: stop.Bin, Item: stop.SKU, Quantity: 1, Tote: "T-1"})
		require.NoError(t, err)
		require.True(t, res.TaskDone)
		first, err := r.Stock.SubmitCount(in(bob), short.Count, inventory.CountSubmission{Lines: []inventory.CountLine{}})
		require.NoError(t, err)
		require.Empty(t, first.Variances, "blind")
		require.NotEmpty(t, first.RecountID, "9 of 9 missing is far off")
		seen, err := r.Stock.Count(in(chief), short.Count)
		require.NoError(t, err)
		require.Equal(t, []inventory.Variance{{ProductID: productID, SKU: sku, Snapshot: 10, Moved: -1, Expected: 9, Counted: 0,
			Variance: -9, Beyond: true}}, seen.Variances, "the unit picked during the count is not missing")

		_, err = r.Stock.ClaimCount(in(bob), first.RecountID)
		require.ErrorContains(t, err, "its recount is for someone else")
		_, err = r.Stock.ClaimCount(in(ann), first.RecountID)
		require.NoError(t, err)
		_, err = r.Stock.SubmitCount(in(ann), first.RecountID, inventory.CountSubmission{Lines: []inventory.CountLine{{Item: sku, Quantity: 0}}})
		require.NoError(t, err)
		approved, err := r.Stock.ApproveCount(in(chief), first.RecountID)
		require.NoError(t, err)

		entries, err := r.Stock.Entries(r.Ctx, inventory.Filter{Movement: approved.Movement, Limit: 10})
		require.NoError(t, err)
		require.Len(t, entries, 1)
		e := entries[0]
		require.Equal(t, []any{"count", "cycle_count", first.RecountID, int64(-9), "A-01-01-1", "per_chief"},
			[]any{e.Kind, e.Reason, e.Reference, e.OnHandDelta, e.Bin, e.Actor})
		bal, err := r.Stock.Balances(r.Ctx, inventory.Filter{Warehouse: "EAST", SKU: sku, Limit: 1})
		require.NoError(t, err)
		require.Equal(t, []int64{0, 0}, []int64{bal[0].OnHand, bal[0].Reserved}, "the order line went short of the rest")
		rep, err := r.Stock.Reconcile(context.Background())
		require.NoError(t, err)
		require.True(t, rep.OK, "%+v", rep.Differences)

		r.Receive(t, "EAST", sku, 4)
		got := freeUnits()
		require.Len(t, got, 1, "after approval the bin takes part in allocation again")
		require.Equal(t, int64(4), got[0].Free)
	})
}
