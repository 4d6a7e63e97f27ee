package order_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
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

// shop is a fixture with three 10.00 USD products in stock.
func shop(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	f := setup(t, d, order.Config{})
	f.addProducts(t, 3)
	f.addWarehouse(t, "US-EWR1")
	for _, sku := range []string{"SKU-000", "SKU-001", "SKU-002"} {
		f.receive(t, "US-EWR1", sku, 10_000)
	}
	return f
}

func (f *fixture) coupon(t *testing.T, in order.CouponInput) order.Coupon {
	t.Helper()
	c, err := f.orders.CreateCoupon(f.ctx, in)
	require.NoError(t, err)
	return c
}

// withCoupons is a request from email with the given coupons.
func withCoupons(ref, email string, lines []order.LineInput, coupons ...string) order.PlaceRequest {
	r := request(ref, lines...)
	r.Customer.Email = email
	r.Coupons = coupons
	return r
}

// placed decodes an accepted order, failing the test on a refusal.
func placed(t *testing.T, r order.Reply) order.Order {
	t.Helper()
	require.NoError(t, r.Err)
	require.Equal(t, 201, r.Status)
	var o order.Order
	require.NoError(t, json.Unmarshal(r.Body, &o))
	return o
}

// refusedAt returns the field codes of a refused order.
func refusedAt(t *testing.T, r order.Reply) map[string]string {
	t.Helper()
	require.Error(t, r.Err, "expected a refusal")
	out := map[string]string{}
	for _, fe := range errs.FieldsOf(r.Err) {
		out[fe.Path] = fe.Code
	}
	return out
}

func addr[T any](v T) *T { return &v }

// place submits an order without an idempotency key.
func (f *fixture) place(req order.PlaceRequest) order.Reply { return f.engine.Place(f.ctx, req, nil) }
