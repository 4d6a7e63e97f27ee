package flowtest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/payment/gateway"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/shortage"
)

// Request is a valid prepaid US order (Mountain View, CA) for the given
// lines.
func Request(ref string, lines ...order.LineInput) order.PlaceRequest {
	return order.PlaceRequest{
		Channel: "web", ExternalRef: ref, PaymentMethod: "prepaid", Currency: "USD",
		Customer: order.CustomerInput{Name: "Ada Lovelace", Email: "ada@example.com", Phone: "+1 650-253-0000"},
		ShippingAddress: address.Address{Name: "Ada Lovelace", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View",
			Region: "CA", PostalCode: "94043", Country: "US"},
		Lines: lines,
	}
}

// Line is units of a SKU.
func Line(sku string, qty int64) order.LineInput { return order.LineInput{SKU: sku, Quantity: qty} }

// Place submits an order through the engine, without an idempotency key.
func (r *Rig) Place(req order.PlaceRequest) order.Reply { return r.Engine.Place(r.Ctx, req, nil) }

// Accepted places an order and decodes it, failing the test on a refusal.
func (r *Rig) Accepted(t testing.TB, req order.PlaceRequest) order.Order {
	t.Helper()
	return Placed(t, r.Place(req))
}

// COD places a cash-on-delivery order, which is confirmed at once when the
// engine's COD rules allow its country, and so goes to review.
func (r *Rig) COD(t testing.TB, ref string, lines ...order.LineInput) order.Order {
	t.Helper()
	req := Request(ref, lines...)
	req.PaymentMethod = "cod"
	return r.Accepted(t, req)
}

// Placed decodes an accepted order, failing the test on a refusal.
func Placed(t testing.TB, rep order.Reply) order.Order {
	t.Helper()
	require.NoError(t, rep.Err)
	require.Equal(t, 201, rep.Status, string(rep.Body))
	var o order.Order
	require.NoError(t, json.Unmarshal(rep.Body, &o))
	return o
}

// RefusedAt returns the field codes of a refused order, by path.
func RefusedAt(t testing.TB, rep order.Reply) map[string]string {
	t.Helper()
	require.Error(t, rep.Err, "expected a refusal")
	out := map[string]string{}
	for _, fe := range errs.FieldsOf(rep.Err) {
		out[fe.Path] = fe.Code
	}
	return out
}

// PayAt is when Pay says the gateway's events happened.
var PayAt = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)

// Pay applies a gateway's paid event of amount (in the order's currency)
// to the order, as a verified webhook would.
func (r *Rig) Pay(t testing.TB, o order.Order, eventID string, amount int64) payment.Outcome {
	t.Helper()
	out, err := r.Payments.Apply(r.Ctx, gateway.Event{Gateway: "test", EventID: eventID, Type: "payment.succeeded",
		Kind: gateway.KindPaid, OrderRef: o.ID, PaymentID: "pay_" + eventID, AmountMinor: amount, Currency: o.Currency,
		OccurredAt: PayAt, Raw: []byte(`{}`)})
	require.NoError(t, err)
	return out
}

// PaidOrder places a prepaid order and pays its total: the order is
// confirmed and its review queued.
func (r *Rig) PaidOrder(t testing.TB, ref string, lines ...order.LineInput) order.Order {
	t.Helper()
	o := r.Accepted(t, Request(ref, lines...))
	r.Pay(t, o, "evt-"+ref, o.TotalMinor)
	return r.Get(t, o.ID)
}

// ReleasedOrder is a paid order that review released to its warehouses:
// it needs stock of its lines and no risk rule that holds it.
func (r *Rig) ReleasedOrder(t testing.TB, ref string, lines ...order.LineInput) order.Order {
	t.Helper()
	o := r.PaidOrder(t, ref, lines...)
	r.RunJobs(t)
	o = r.Get(t, o.ID)
	require.Equal(t, order.Released, o.Status, "order %s: %s", o.Number, o.HoldReason)
	return o
}

// ReleasedFulfilment is the fulfilment a released order of one line
// became: what a warehouse picks next.
func (r *Rig) ReleasedFulfilment(t testing.TB, ref string, line order.LineInput) fulfilment.Fulfilment {
	t.Helper()
	o := r.ReleasedOrder(t, ref, line)
	require.Len(t, o.Fulfilments, 1)
	return o.Fulfilments[0]
}

// Admin and Agent are the people reviewers' tests act as.
var (
	Admin = actor.Actor{ID: "key_admin", Name: "admin", Role: actor.Admin}
	Agent = actor.Actor{ID: "key_agent", Name: "agent", Role: actor.CustomerService}
)

// Rule stores an active risk rule.
func (r *Rig) Rule(t testing.TB, rule risk.Rule) {
	t.Helper()
	rule.Active = true
	_, err := r.Tasks.CreateRule(actor.With(context.Background(), Admin), rule)
	require.NoError(t, err)
}

// Policy sets a product's shortage policy, for every channel ("") or one.
func (r *Rig) Policy(t testing.TB, sku, channel string, p shortage.Policy) {
	t.Helper()
	_, err := r.Shortages.Set(actor.With(r.Ctx, Admin), sku, channel, p)
	require.NoError(t, err)
}

// Decide claims the order's one open task as Agent and decides it.
func (r *Rig) Decide(t testing.TB, orderID string, d review.Decision) {
	t.Helper()
	tasks, err := r.Tasks.List(r.Ctx, review.Filter{OrderID: orderID, Status: review.StatusOpen})
	require.NoError(t, err)
	require.Len(t, tasks, 1)
	ctx := actor.With(context.Background(), Agent)
	_, err = r.Tasks.Claim(ctx, tasks[0].ID)
	require.NoError(t, err)
	_, err = r.Tasks.Decide(ctx, tasks[0].ID, d)
	require.NoError(t, err)
}
