package coupon_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// TestReleaseCoupons: a cancelled order gives its coupon use back once; the
// redemption stays for history and no longer counts against the customer.
func TestReleaseCoupons(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := shop(t, d)
		addCoupon(t, r, coupon.Input{Code: "BACK", Kind: coupon.Percent, PercentBP: 1000, MaxUses: 1, MaxUsesPerCustomer: 1})
		one := []order.LineInput{flowtest.Line("SKU-000", 1)}
		o := flowtest.Placed(t, r.Place(withCoupons("r-1", "Ada@example.com", one, "BACK")))
		counted := func(uses, mine int64, why string) { // as the next engine batch counts them
			t.Helper()
			var gotUses, gotMine int64
			require.NoError(t, d.Write(r.Ctx, func(tx *db.Tx) (err error) {
				gotUses, gotMine, err = coupon.BatchView(r.Ctx, tx, "BACK", "ada@example.com")
				return err
			}))
			require.Equal(t, uses, gotUses, "uses %s", why)
			require.Equal(t, mine, gotMine, "the customer's uses %s", why)
		}
		counted(1, 1, "once placed")

		cancelled, err := r.Orders.Cancel(r.Ctx, o.ID, "customer changed their mind")
		require.NoError(t, err)
		require.Equal(t, order.Cancelled, cancelled.Status)
		counted(0, 0, "once cancelled")
		// The cancel hook run again (a retried cancel) finds nothing to give back.
		require.NoError(t, d.Write(r.Ctx, func(tx *db.Tx) error {
			return coupon.GiveBack(r.Ctx, tx, order.Cancellation{Order: &o})
		}))
		counted(0, 0, "after a second give back")
		c, err := r.Coupons.Get(r.Ctx, "BACK")
		require.NoError(t, err)
		require.Zero(t, c.Uses)

		require.Equal(t, 1, countRows(t, d, `SELECT COUNT(*) FROM coupon_redemptions WHERE released_at IS NOT NULL`),
			"the redemption is kept, marked released")
		require.Equal(t, 1, countRows(t, d, `SELECT COUNT(*) FROM coupon_redemptions`))

		// The use is free again, for the same customer too.
		flowtest.Placed(t, r.Place(withCoupons("r-2", "ada@example.com", one, "BACK")))
		counted(1, 1, "once placed again")
	})
}
