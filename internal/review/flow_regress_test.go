package review_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/shortage"
)

// An order held for its payment before review ever ran is reviewed when a
// person approves the payment task: the risk rules still decide, here a
// reject. Its tasks are closed with it.
func TestPaymentHeldOrderIsStillReviewed(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		r.Rule(t, risk.Rule{Name: "no big orders", Kind: risk.HighValue, Weight: 100, Action: risk.Reject,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 1500}})
		r.Receive(t, "WEST", r.SKUs[0], 5)
		o := r.Accepted(t, flowtest.Request("pay-1", line(r.SKUs[0], 2))) // prepaid, 20.00
		r.Pay(t, o, "evt-1", 2001)                                        // one cent too much: held
		o = settle(t, r, o.ID)
		require.Equal(t, order.OnHold, o.Status)
		tasks, err := r.Tasks.List(r.Ctx, review.Filter{OrderID: o.ID})
		require.NoError(t, err)
		require.Len(t, tasks, 1)
		require.Equal(t, review.PaymentMismatch, tasks[0].Kind)

		r.Decide(t, o.ID, review.Decision{Outcome: review.Approve, Note: "the cent is ours to refund"})
		o = r.Get(t, o.ID)
		require.Equal(t, order.Cancelled, o.Status, "approving the payment ran the review, which rejects")
		require.Empty(t, o.Fulfilments)
		require.Equal(t, int64(0), r.Reserved(t, "WEST", r.SKUs[0]))
	})
}

// Stock arriving for a waiting order whose review has not run yet does
// not release it: only the review may. A reject rule therefore still
// cancels it, whichever job runs first.
func TestArrivalNeverReleasesUnreviewedOrders(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		sku := r.SKUs[0]
		r.Policy(t, sku, "", shortage.Policy{Kind: order.PolicyBackorder, MaxWaiting: 100, LeadDays: 3})
		r.Rule(t, risk.Rule{Name: "no big orders", Kind: risk.HighValue, Weight: 100, Action: risk.Reject,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 1500}})
		for i := range 5 {
			o := r.COD(t, "ar-"+string(rune('a'+i)), line(sku, 2))
			require.Equal(t, int64(2), o.Lines[0].ShortQuantity, "nothing in stock: all backordered")
			require.Equal(t, order.PolicyBackorder, o.Lines[0].ShortPolicy)
			r.Receive(t, "WEST", sku, 2) // arrival and review jobs due together
			o = settle(t, r, o.ID)
			require.Equal(t, order.Cancelled, o.Status)
			require.Empty(t, o.Fulfilments, "never released")
			// The rejected order gave its 2 units back; take them away so the
			// next round starts with nothing in stock again.
			_, err := r.Stock.Adjust(r.Ctx, inventory.Adjustment{Warehouse: "WEST", Bin: "A-01-01-1", SKU: sku, Delta: -2, Reason: "damaged"})
			require.NoError(t, err)
		}
	})
}

// Cancelling an order closes its open tasks; a correction to an address
// no warehouse with the stock serves is refused and changes nothing.
func TestCancelClosesTasksAndUnservedCorrectionIsRefused(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		r.Rule(t, risk.Rule{Name: "PO boxes", Kind: risk.FlaggedAddress, Weight: 10, Action: risk.Hold,
			Params: risk.FlaggedAddressParams{POBox: true}})
		r.Receive(t, "WEST", r.SKUs[0], 5)
		req := codRequest("cc-1", line(r.SKUs[0], 1))
		req.ShippingAddress.Line1 = "PO Box 77"
		o := settle(t, r, r.Accepted(t, req).ID)
		require.Equal(t, order.OnHold, o.Status)

		tasks, err := r.Tasks.List(r.Ctx, review.Filter{OrderID: o.ID})
		require.NoError(t, err)
		ctx := actorWith(r, flowtest.Agent)
		_, err = r.Tasks.Claim(ctx, tasks[0].ID)
		require.NoError(t, err)
		toronto := address.Address{Name: "Ada", Line1: "100 Queen St W", City: "Toronto", Region: "ON", PostalCode: "M5H 2N2", Country: "CA"}
		_, err = r.Tasks.Decide(ctx, tasks[0].ID, review.Decision{Outcome: review.CorrectAddress, Address: &toronto})
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)
		o = r.Get(t, o.ID)
		require.Equal(t, "94043", o.ShippingAddress.PostalCode, "nothing changed")
		require.Equal(t, int64(1), r.Reserved(t, "WEST", r.SKUs[0]))

		_, err = r.Orders.Cancel(actorWith(r, flowtest.Admin), o.ID, "customer called")
		require.NoError(t, err)
		tasks, err = r.Tasks.List(r.Ctx, review.Filter{OrderID: o.ID})
		require.NoError(t, err)
		require.Equal(t, review.StatusDone, tasks[0].Status, "no one works a task whose order is gone")
		require.Equal(t, review.Cancel, tasks[0].Outcome)
	})
}

// The shopper's IP and device come from the order, not from the API
// caller: an IP velocity rule holds the second order from one address even
// under another e-mail, and a different IP passes. A malformed IP is
// refused, naming the field.
func TestRiskUsesTheShoppersIPAndDevice(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		r.Rule(t, risk.Rule{Name: "one order per IP a day", Kind: risk.Velocity, Weight: 20, Action: risk.Hold,
			Params: risk.VelocityParams{Dimension: risk.ByIP, Window: risk.Duration(24 * time.Hour), MaxOrders: 1}})
		r.Receive(t, "WEST", r.SKUs[0], 10)
		place := func(ref, email, ip string) order.Order {
			req := codRequest(ref, line(r.SKUs[0], 1))
			req.Customer.Email, req.ClientIP, req.DeviceID = email, ip, "dev-1"
			return settle(t, r, r.Accepted(t, req).ID)
		}
		require.Equal(t, order.Released, place("ip-1", "a@example.com", "203.0.113.7").Status)
		second := place("ip-2", "b@example.com", "203.0.113.7")
		require.Equal(t, order.OnHold, second.Status, "same IP, other e-mail")
		require.Equal(t, "2 orders from this IP address in the last 24 hours (limit 1)", second.RiskReasons[0].Text)
		require.Equal(t, order.Released, place("ip-3", "c@example.com", "198.51.100.1").Status)

		req := flowtest.Request("ip-4", line(r.SKUs[0], 1))
		req.ClientIP = "999.1.1.1"
		reply := r.Place(req)
		require.Equal(t, map[string]string{"client_ip": "invalid_format"}, flowtest.RefusedAt(t, reply))
	})
}
