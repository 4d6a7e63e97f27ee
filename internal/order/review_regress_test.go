package order_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment/gateway"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
)

func (r *reviewFixture) pay(t *testing.T, o order.Order, eventID string, amount int64) {
	t.Helper()
	_, err := r.orders.ApplyPaymentEvent(r.ctx, gateway.Event{Gateway: "test", EventID: eventID, Type: "payment.succeeded",
		Kind: gateway.KindPaid, OrderRef: o.ID, PaymentID: "pay_" + eventID, AmountMinor: amount, Currency: o.Currency,
		OccurredAt: time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), Raw: []byte(`{}`)})
	require.NoError(t, err)
}

// An order held for its payment before review ever ran is reviewed when a
// person approves the payment task: the risk rules still decide, here a
// reject. Its tasks are closed with it.
func TestPaymentHeldOrderIsStillReviewed(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := reviewSetup(t, d, clk)
		r.rule(t, risk.Rule{Name: "no big orders", Kind: risk.HighValue, Weight: 100, Action: risk.Reject,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 1500}})
		r.receive(t, "WEST", r.skus[0], 5)
		o := r.accepted(t, request("pay-1", line(r.skus[0], 2))) // prepaid, 20.00
		r.pay(t, o, "evt-1", 2001)                               // one cent too much: held
		o = r.runJobs(t, o.ID)
		require.Equal(t, order.OnHold, o.Status)
		tasks, err := r.tasks.List(r.ctx, review.Filter{OrderID: o.ID})
		require.NoError(t, err)
		require.Len(t, tasks, 1)
		require.Equal(t, review.PaymentMismatch, tasks[0].Kind)

		r.decide(t, o.ID, review.Decision{Outcome: review.Approve, Note: "the cent is ours to refund"})
		o = r.get(t, o.ID)
		require.Equal(t, order.Cancelled, o.Status, "approving the payment ran the review, which rejects")
		require.Empty(t, o.Fulfilments)
		require.Equal(t, int64(0), r.reserved(t, "WEST", r.skus[0]))
	})
}

// Stock arriving for a waiting order whose review has not run yet does
// not release it: only the review may. A reject rule therefore still
// cancels it, whichever job runs first.
func TestArrivalNeverReleasesUnreviewedOrders(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := reviewSetup(t, d, clk)
		sku := r.skus[0]
		r.policy(t, sku, "", order.ShortagePolicy{Policy: order.PolicyBackorder, MaxWaiting: 100, LeadDays: 3})
		r.rule(t, risk.Rule{Name: "no big orders", Kind: risk.HighValue, Weight: 100, Action: risk.Reject,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 1500}})
		for i := range 5 {
			o := r.cod(t, "ar-"+string(rune('a'+i)), line(sku, 2))
			require.Equal(t, int64(2), o.Lines[0].ShortQuantity, "nothing in stock: all backordered")
			require.Equal(t, order.PolicyBackorder, o.Lines[0].ShortPolicy)
			r.receive(t, "WEST", sku, 2) // arrival and review jobs due together
			o = r.runJobs(t, o.ID)
			require.Equal(t, order.Cancelled, o.Status)
			require.Empty(t, o.Fulfilments, "never released")
			// The rejected order gave its 2 units back; take them away so the
			// next round starts with nothing in stock again.
			_, err := r.stock.Adjust(r.ctx, inventory.Adjustment{Warehouse: "WEST", Bin: "A-01-01-1", SKU: sku, Delta: -2, Reason: "damaged"})
			require.NoError(t, err)
		}
	})
}

// Cancelling an order closes its open tasks; a correction to an address
// no warehouse with the stock serves is refused and changes nothing.
func TestCancelClosesTasksAndUnservedCorrectionIsRefused(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := reviewSetup(t, d, clk)
		r.rule(t, risk.Rule{Name: "PO boxes", Kind: risk.FlaggedAddress, Weight: 10, Action: risk.Hold,
			Params: risk.FlaggedAddressParams{POBox: true}})
		r.receive(t, "WEST", r.skus[0], 5)
		req := request("cc-1", line(r.skus[0], 1))
		req.PaymentMethod = "cod"
		req.ShippingAddress.Line1 = "PO Box 77"
		o := r.runJobs(t, r.accepted(t, req).ID)
		require.Equal(t, order.OnHold, o.Status)

		tasks, err := r.tasks.List(r.ctx, review.Filter{OrderID: o.ID})
		require.NoError(t, err)
		ctx := actorWith(r, agent)
		_, err = r.tasks.Claim(ctx, tasks[0].ID)
		require.NoError(t, err)
		toronto := address.Address{Name: "Ada", Line1: "100 Queen St W", City: "Toronto", Region: "ON", PostalCode: "M5H 2N2", Country: "CA"}
		_, err = r.tasks.Decide(ctx, tasks[0].ID, review.Decision{Outcome: review.CorrectAddress, Address: &toronto}, r.orders.Decider())
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)
		o = r.get(t, o.ID)
		require.Equal(t, "94043", o.ShippingAddress.PostalCode, "nothing changed")
		require.Equal(t, int64(1), r.reserved(t, "WEST", r.skus[0]))

		_, err = r.orders.Cancel(actorWith(r, admin), o.ID, "customer called")
		require.NoError(t, err)
		tasks, err = r.tasks.List(r.ctx, review.Filter{OrderID: o.ID})
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
		r := reviewSetup(t, d, clk)
		r.rule(t, risk.Rule{Name: "one order per IP a day", Kind: risk.Velocity, Weight: 20, Action: risk.Hold,
			Params: risk.VelocityParams{Dimension: risk.ByIP, Window: risk.Duration(24 * time.Hour), MaxOrders: 1}})
		r.receive(t, "WEST", r.skus[0], 10)
		place := func(ref, email, ip string) order.Order {
			req := request(ref, line(r.skus[0], 1))
			req.PaymentMethod, req.Customer.Email, req.ClientIP, req.DeviceID = "cod", email, ip, "dev-1"
			return r.runJobs(t, r.accepted(t, req).ID)
		}
		require.Equal(t, order.Released, place("ip-1", "a@example.com", "203.0.113.7").Status)
		second := place("ip-2", "b@example.com", "203.0.113.7")
		require.Equal(t, order.OnHold, second.Status, "same IP, other e-mail")
		require.Equal(t, "2 orders from this IP address in the last 24 hours (limit 1)", second.RiskReasons[0].Text)
		require.Equal(t, order.Released, place("ip-3", "c@example.com", "198.51.100.1").Status)

		req := request("ip-4", line(r.skus[0], 1))
		req.ClientIP = "999.1.1.1"
		reply := r.place(req)
		require.Equal(t, map[string]string{"client_ip": "invalid_format"}, fieldMap(reply.Err))
	})
}
