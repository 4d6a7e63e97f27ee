package coupon_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// couponNow is when the coupon tests' clock stands, so window edges are exact.
var couponNow = time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)

// eachAt is dbtest.Each with the database's clock fixed at couponNow, one clock per
// database.
func eachAt(t *testing.T, fn func(t *testing.T, d *db.DB, clk *clock.Fixed)) {
	t.Helper()
	dbtest.EachAt(t, couponNow, fn)
}

// shopWarehouse is where shop keeps its stock.
const shopWarehouse = "US-EWR1"

// shop is the whole flow over d with three 10.00 USD products in stock.
func shop(t *testing.T, d *db.DB) *flowtest.Rig {
	t.Helper()
	r := flowtest.New(t, d, flowtest.Options{})
	r.AddWarehouse(t, shopWarehouse)
	for _, sku := range r.AddProducts(t, 3) {
		r.Receive(t, shopWarehouse, sku, 10_000)
	}
	return r
}

// addCoupon creates a coupon, failing the test if it is refused.
func addCoupon(t *testing.T, r *flowtest.Rig, in coupon.Input) coupon.Coupon {
	t.Helper()
	c, err := r.Coupons.Create(r.Ctx, in)
	require.NoError(t, err)
	return c
}

// withCoupons is a request from email with the given coupons.
func withCoupons(ref, email string, lines []order.LineInput, coupons ...string) order.PlaceRequest {
	req := flowtest.Request(ref, lines...)
	req.Customer.Email = email
	req.Coupons = coupons
	return req
}

func addr[T any](v T) *T { return &v }

// countRows runs q, a SELECT COUNT(*).
func countRows(t *testing.T, d *db.DB, q string) int {
	t.Helper()
	var n int
	require.NoError(t, d.Read(t.Context(), func(tx *db.Tx) error { return tx.QueryRowContext(t.Context(), q).Scan(&n) }))
	return n
}
