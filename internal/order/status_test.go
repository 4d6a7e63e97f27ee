package order_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/setting"
)

// Every change of an order's status goes through one writer that checks
// the transition table: an illegal move is a conflict that writes nothing,
// a hold stores its kind, and leaving the hold clears kind and reason.
func TestStatusWriterChecksTheTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		rules := setting.Defaults()
		rules.CODCountries = []string{"BR"}
		f := setup(t, d, order.Config{Settings: setting.Static(rules)})
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 10)
		placed := f.Accepted(t, flowtest.Request("s-1", flowtest.Line("SKU-000", 1)))
		require.Equal(t, order.Placed, placed.Status)

		lock := func(id string) order.Order {
			t.Helper()
			var o order.Order
			require.NoError(t, d.Write(f.Ctx, func(tx *db.Tx) (err error) { o, err = order.Lock(f.Ctx, tx, id); return err }))
			return o
		}
		err := d.Write(f.Ctx, func(tx *db.Tx) error {
			o, err := order.Lock(f.Ctx, tx, placed.ID)
			if err != nil {
				return err
			}
			return order.MarkReleased(f.Ctx, tx, &o, flowtest.Shop, map[string]any{})
		})
		require.True(t, errs.Is(err, errs.Conflict), "placed cannot become released: %v", err)
		require.Equal(t, order.Placed, lock(placed.ID).Status)
		require.Equal(t, []string{"order.placed"}, f.EventTypes(t, placed.ID), "nothing was written")

		require.NoError(t, d.Write(f.Ctx, func(tx *db.Tx) error {
			o, err := order.Lock(f.Ctx, tx, placed.ID)
			if err != nil {
				return err
			}
			return order.Hold(f.Ctx, tx, &o, order.HoldReview, "review: a person looks", flowtest.Shop, map[string]any{})
		}))
		held := lock(placed.ID)
		require.Equal(t, order.OnHold, held.Status)
		require.Equal(t, order.HoldReview, held.HoldKind)
		require.NoError(t, d.Write(f.Ctx, func(tx *db.Tx) error {
			o, err := order.Lock(f.Ctx, tx, placed.ID)
			if err != nil {
				return err
			}
			return order.Resume(f.Ctx, tx, &o)
		}))
		resumed := lock(placed.ID)
		require.Equal(t, order.Confirmed, resumed.Status)
		require.Equal(t, order.NotHeld, resumed.HoldKind)
		require.Empty(t, resumed.HoldReason)

		// Intake's own hold is typed too: COD to a country without it.
		req := flowtest.Request("s-2", flowtest.Line("SKU-000", 1))
		req.PaymentMethod = "cod"
		cod := f.Accepted(t, req)
		require.Equal(t, order.OnHold, cod.Status)
		require.Equal(t, order.HoldCOD, lock(cod.ID).HoldKind)
	})
}
