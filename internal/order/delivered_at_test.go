package order_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// DeliveredAt is when the order's last parcel arrived (its order.delivered
// entry), not a later parcel's note; an order never delivered is not
// found.
func TestDeliveredAt(t *testing.T) {
	t.Parallel()
	monday := time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.New(t, d, flowtest.Options{Clock: clk})
		skus := r.AddProducts(t, 1)
		r.AddDock(t, skus, 10, 10)
		o, _ := r.Shipped(t, "EAST", "M", "DLV-1", flowtest.Line(skus[0], 1))
		ctx, who := context.Background(), actor.Actor{ID: "carrier:test"}
		settle := func() {
			t.Helper()
			require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
				got, err := order.LockStandings(ctx, tx, []string{o.ID})
				require.NoError(t, err)
				_, err = order.Settle(ctx, tx, who, []order.Settlement{{Order: got[o.ID], Delivered: true, Last: true}})
				return err
			}))
		}
		read := func() (time.Time, error) {
			var at time.Time
			err := d.Read(ctx, func(tx *db.Tx) error {
				var err error
				at, err = order.DeliveredAt(ctx, tx, o.ID)
				return err
			})
			return at, err
		}
		_, err := read()
		require.True(t, errs.Is(err, errs.NotFound), "shipped, not delivered: %v", err)

		clk.Advance(26 * time.Hour)
		delivered := clk.Now()
		settle()
		clk.Advance(3 * time.Hour)
		settle() // delivered already: a parcel's note, not the order's delivery
		at, err := read()
		require.NoError(t, err)
		require.True(t, at.Equal(delivered), "%s, want %s", at, delivered)
		require.Equal(t, time.UTC, at.Location())
	})
}
