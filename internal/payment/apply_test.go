package payment_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// TestPaymentEventRefused: every delivery that is not genuine, fresh and
// well-formed is refused with its own status and problem, and writes nothing.
func TestPaymentEventRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := paySetup(t, d)
		o := p.place(t, "refused-1")
		body := generic("evt_r1", "payment.succeeded", o.ID, o.TotalMinor, "USD", payNow)
		good := signed(t, "evt_r1", payNow, body)
		otherSecret, err := gateway.SignStandard("whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=", "evt_r1", payNow, body)
		require.NoError(t, err)
		altered := bytes.Replace(body, []byte(fmt.Sprint(o.TotalMinor)), []byte("1"), 1)
		notUTF8 := bytes.Replace(body, []byte(`"payment.succeeded"`), []byte("\"payment.succeeded\",\"note\":\"\xff\""), 1)
		malformed := []byte(`{"id":"evt_bad","type":"payment.settled","data":{"amount_minor":-1}}`)
		before := p.counts(t)

		for _, tc := range []struct {
			name, path string
			header     http.Header
			body       []byte
			status     int
			detail     string
			fields     []string
		}{
			{"wrong secret", "shop", otherSecret, body, 401, "no webhook-signature entry matches", nil},
			{"stale timestamp", "shop", signed(t, "evt_r1", payNow.Add(-6*time.Minute), body), body, 401, "old; the tolerance is 5m0s", nil},
			{"future timestamp", "shop", signed(t, "evt_r1", payNow.Add(6*time.Minute), body), body, 401, "ahead of our clock", nil},
			{"altered body", "shop", good, altered, 401, "no webhook-signature entry matches", nil},
			{"missing headers", "shop", http.Header{}, body, 401, "missing webhook-id header", nil},
			{"missing signature", "shop", http.Header{"Webhook-Id": good["Webhook-Id"], "Webhook-Timestamp": good["Webhook-Timestamp"]}, body, 401, "missing webhook-signature", nil},
			{"repeated signature header", "shop", http.Header{"Webhook-Id": good["Webhook-Id"], "Webhook-Timestamp": good["Webhook-Timestamp"],
				"Webhook-Signature": {good.Get("Webhook-Signature"), good.Get("Webhook-Signature")}}, body, 401, "sent 2 times", nil},
			{"standard gateway on the Stripe route", "shop/stripe", gateway.SignStripe(stripeSecret, payNow, body), body, 401, "missing webhook-id", nil},
			{"unknown gateway", "acme", good, body, 404, `no payment gateway "acme"`, nil},
			{"malformed event", "shop", signed(t, "evt_bad", payNow, malformed), malformed, 422, "",
				[]string{"type", "created_at", "data.order_id", "data.amount_minor", "data.currency"}},
			{"not UTF-8", "shop", signed(t, "evt_r1", payNow, notUTF8), notUTF8, 422, "", []string{"body"}},
			{"empty body", "shop", signed(t, "evt_e", payNow, nil), nil, 400, "request body is required", nil},
			{"oversized body", "shop", good, bytes.Repeat([]byte(" "), gateway.MaxBodyBytes+1), 413, "too large", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, raw := p.post(t, "/v1/payment-events/"+tc.path, tc.header, tc.body)
				require.Equal(t, tc.status, status, "%s", raw)
				var problem httpapi.Problem
				require.NoError(t, json.Unmarshal(raw, &problem), "%s", raw)
				require.Contains(t, problem.Detail, tc.detail)
				if tc.fields != nil {
					fields := apitest.ProblemFields(t, raw)
					for _, f := range tc.fields {
						require.Contains(t, fields, f, "%s", raw)
					}
				}
			})
		}
		require.Equal(t, before, p.counts(t), "nothing written for a refused event")
		require.Equal(t, order.AwaitingPayment, p.view(t, o.ID).PaymentStatus)

		// The genuine delivery then goes through.
		status, raw := p.post(t, "/v1/payment-events/shop", good, body)
		require.Equal(t, 200, status, "%s", raw)
	})
}

// TestPaymentEventEffects: mismatches hold the order with the reason, an
// unknown order is recorded and acknowledged, a repeat replays the first
// outcome, a late failure changes nothing, money for a cancelled order is due
// back; each change is on the timeline and in the audit log once.
func TestPaymentEventEffects(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := paySetup(t, d)
		short, foreign, paid, cancelled := p.place(t, "fx-1"), p.place(t, "fx-2"), p.place(t, "fx-3"), p.place(t, "fx-4")
		at := payNow.Add(-time.Minute)

		status, out, raw := p.send(t, generic("evt_1", "payment.succeeded", short.Number, 900, "USD", at))
		require.Equal(t, 200, status, "%s", raw)
		require.True(t, out.Applied)
		require.Equal(t, short.ID, out.OrderID)
		wantHold := "payment mismatch: expected 10.00 USD, shop reported 9.00 USD paid (event evt_1)"
		require.Equal(t, payView{order.OnHold, order.Paid, wantHold, 900, 0}, p.view(t, short.ID))
		require.Equal(t, "applied: paid; order held: "+wantHold, out.Outcome)

		_, out, _ = p.send(t, generic("evt_2", "payment.succeeded", foreign.ID, foreign.TotalMinor, "EUR", at))
		require.Equal(t, payView{order.OnHold, order.Paid, "payment mismatch: expected 10.00 USD, shop reported 10.00 EUR paid (event evt_2)",
			1000, 0}, p.view(t, foreign.ID))

		before := p.counts(t)
		status, out, _ = p.send(t, generic("evt_1", "payment.succeeded", short.Number, 900, "USD", at))
		require.Equal(t, 200, status)
		require.True(t, out.Duplicate)
		require.Equal(t, "applied: paid; order held: "+wantHold, out.Outcome, "a repeat answers the first outcome")
		require.Equal(t, before, p.counts(t), "and writes nothing")

		status, out, _ = p.send(t, generic("evt_3", "payment.succeeded", "WB-NOPE-0000", 1000, "USD", at))
		require.Equal(t, 200, status, "acknowledged so the gateway stops retrying")
		require.Equal(t, payment.Outcome{Outcome: `unmatched: no order "WB-NOPE-0000"`}, out)

		_, out, _ = p.send(t, generic("evt_4", "payment.authorized", paid.ID, paid.TotalMinor, "USD", at.Add(-time.Second)))
		require.Equal(t, "applied: authorized", out.Outcome)
		_, out, _ = p.send(t, generic("evt_5", "payment.succeeded", paid.ID, paid.TotalMinor, "USD", at))
		require.Equal(t, "applied: paid; order confirmed", out.Outcome)
		_, out, _ = p.send(t, generic("evt_6", "payment.failed", paid.ID, paid.TotalMinor, "USD", at.Add(time.Second)))
		require.Equal(t, payment.Outcome{Outcome: "ignored: order already paid", OrderID: paid.ID}, out)
		require.Equal(t, payView{order.Confirmed, order.Paid, "", 1000, 0}, p.view(t, paid.ID))
		_, out, _ = p.send(t, generic("evt_7", "payment.refunded", paid.ID, 250, "USD", at.Add(2*time.Second)))
		require.Equal(t, "applied: refunded 2.50 USD in total", out.Outcome)
		require.Equal(t, int64(250), p.view(t, paid.ID).Refunded)
		got, getErr := order.NewStore(p.DB).Get(context.Background(), paid.ID)
		require.NoError(t, getErr)
		require.Equal(t, []int64{1000, 250}, []int64{got.PaidMinor, got.RefundedMinor}, "the API shows what the gateway reported")

		_, err := p.Orders.Cancel(p.Ctx, cancelled.ID, "customer changed their mind")
		require.NoError(t, err)
		_, out, _ = p.send(t, generic("evt_8", "payment.succeeded", cancelled.ID, cancelled.TotalMinor, "USD", at))
		require.Equal(t, "applied: paid after the order was cancelled; refund due", out.Outcome)
		require.Equal(t, payView{order.Cancelled, order.RefundDue, "", 1000, 0}, p.view(t, cancelled.ID))

		require.Equal(t, []string{"order.placed", "payment.authorized", "payment.paid", "order.confirmed", "payment.refunded"},
			timeline(t, p, paid.ID))
		require.Equal(t, []string{"order.placed", "payment.paid", "order.held"}, timeline(t, p, short.ID))
		require.Equal(t, []string{"order.placed", "order.cancelled", "payment.refund_due"}, timeline(t, p, cancelled.ID))
		evs, err := p.Orders.Events(p.Ctx, paid.ID)
		require.NoError(t, err)
		require.Equal(t, "gateway:shop", evs[1].Actor)

		entries, err := audit.List(p.Ctx, d, audit.Filter{EntityID: paid.ID, Limit: 10})
		require.NoError(t, err)
		var actions []string
		for _, e := range entries {
			if strings.HasPrefix(e.Action, "payment.") {
				actions = append(actions, e.Action)
				require.Equal(t, actor.Actor{ID: "gateway:shop", Name: "shop", Role: actor.Integration, RemoteAddr: "127.0.0.1"}, e.Actor)
			}
		}
		require.ElementsMatch(t, []string{"payment.authorized", "payment.paid", "payment.refunded"}, actions)
	})
}

// TestStripeEvents: payment_intent.succeeded applies through the Stripe
// route; an event type Waybill does not act on is acknowledged and kept but
// changes no order.
func TestStripeEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := paySetup(t, d)
		o := p.place(t, "stripe-1")
		stripe := func(id, typ, object string) (int, payment.Outcome) {
			body := fmt.Appendf(nil, `{"id":%q,"object":"event","created":%d,"type":%q,"data":{"object":%s}}`,
				id, payNow.Unix(), typ, object)
			status, raw := p.post(t, "/v1/payment-events/stripe/stripe", gateway.SignStripe(stripeSecret, payNow, body), body)
			require.Equal(t, 200, status, "%s", raw)
			var out payment.Outcome
			require.NoError(t, json.Unmarshal(raw, &out))
			return status, out
		}
		before := p.counts(t)
		_, out := stripe("evt_s0", "customer.created", `{"id":"cus_1","object":"customer"}`)
		require.Equal(t, payment.Outcome{Outcome: "ignored: customer.created events are not acted on"}, out)
		after := p.counts(t)
		require.Equal(t, before["payment_events"]+1, after["payment_events"], "kept for the record")
		require.Equal(t, before["order_events"], after["order_events"])
		require.Equal(t, order.AwaitingPayment, p.view(t, o.ID).PaymentStatus)

		intent := fmt.Sprintf(`{"id":"pi_1","object":"payment_intent","amount":%d,"amount_received":%d,"currency":"usd","metadata":{"order_id":%q}}`,
			o.TotalMinor, o.TotalMinor, o.ID)
		_, out = stripe("evt_s1", "payment_intent.succeeded", intent)
		require.Equal(t, payment.Outcome{Outcome: "applied: paid; order confirmed", Applied: true, OrderID: o.ID}, out)
		require.Equal(t, payView{order.Confirmed, order.Paid, "", o.TotalMinor, 0}, p.view(t, o.ID))
		_, out = stripe("evt_s2", "payment_intent.payment_failed", intent)
		require.Equal(t, "ignored: order already paid", out.Outcome)
		_, out = stripe("evt_s1", "payment_intent.succeeded", intent)
		require.True(t, out.Duplicate)
	})
}

// timeline lists the types of an order's timeline entries, oldest first.
func timeline(t *testing.T, p *payFixture, orderID string) []string {
	t.Helper()
	evs, err := p.Orders.Events(p.Ctx, orderID)
	require.NoError(t, err)
	var types []string
	for _, e := range evs {
		types = append(types, e.Type)
	}
	return types
}
