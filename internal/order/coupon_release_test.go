package order

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// TestReleaseCoupons: a cancelled order gives its coupon use back once; the
// redemption stays for history and no longer counts against the customer.
func TestReleaseCoupons(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := actor.With(context.Background(), actor.CLI("test"))
		s := NewStore(d)
		_, err := s.CreateCoupon(ctx, CouponInput{Code: "BACK", Kind: PercentCoupon, PercentBP: 1000, MaxUses: 1, MaxUsesPerCustomer: 1})
		require.NoError(t, err)
		asked := []*pending{{req: PlaceRequest{Coupons: []string{"BACK"}, Customer: CustomerInput{Email: "Ada@example.com"}}}}
		o := Order{ID: "ord_test", Number: "WB-TEST-0001", Channel: "web", ExternalRef: "r-1", Status: Placed,
			PaymentStatus: AwaitingPayment, PaymentMethod: "prepaid", Currency: "USD", Locale: "en",
			Customer: Customer{Email: "Ada@example.com"}, Coupons: []string{"BACK"}}
		book := func(tx *db.Tx) couponBook {
			b := &batch{tx: tx}
			require.NoError(t, b.loadCoupons(ctx, asked))
			return b.coupons
		}
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			var r rows
			o.CreatedAt, o.UpdatedAt = tx.Now, tx.Now
			if _, err := r.add(tx, o, &pending{}, time.Hour); err != nil {
				return err
			}
			if err := db.InsertRows(ctx, tx, "orders", orderColumns, r.orders); err != nil {
				return err
			}
			cb := book(tx)
			cb.redeem(&r, o, tx.Now)
			if err := db.InsertRows(ctx, tx, "coupon_redemptions", redemptionColumns, r.redemptions); err != nil {
				return err
			}
			return cb.countUses(ctx, tx)
		}))
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			cb := book(tx)
			require.Equal(t, int64(1), cb.byCode["BACK"].Uses)
			require.Equal(t, int64(1), cb.perCustomer[[2]string{"BACK", "ada@example.com"}])
			return nil
		}))
		for range 2 { // the second release finds nothing to give back
			require.NoError(t, d.Write(ctx, func(tx *db.Tx) error { return releaseCoupons(ctx, tx, o.ID) }))
			require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
				cb := book(tx)
				require.Equal(t, int64(0), cb.byCode["BACK"].Uses)
				require.Zero(t, cb.perCustomer[[2]string{"BACK", "ada@example.com"}])
				return nil
			}))
		}
		var released int
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM coupon_redemptions WHERE released_at IS NOT NULL`).Scan(&released)
		}))
		require.Equal(t, 1, released, "the redemption is kept, marked released")
	})
}
