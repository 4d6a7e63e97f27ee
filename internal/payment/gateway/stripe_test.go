package gateway

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// stripeEventJSON builds a Stripe-shaped event around an object, as Stripe
// sends it (members Waybill does not read included).
func stripeEventJSON(typ, object string) string {
	return `{"id":"evt_3P1","object":"event","api_version":"2024-06-20","created":1714564800,` +
		`"livemode":false,"pending_webhooks":1,"type":"` + typ + `","data":{"object":` + object + `}}`
}

const (
	stripeIntent = `{"id":"pi_3P1","object":"payment_intent","amount":2000,"amount_capturable":1500,` +
		`"amount_received":1990,"currency":"eur","status":"succeeded","metadata":{"order_id":"ord_7","other":"x"}}`
	stripeCharge = `{"id":"ch_3P1","object":"charge","amount":2000,"amount_refunded":500,"currency":"gbp",` +
		`"payment_intent":"pi_3P1","refunded":false,"metadata":{"order_id":"ord_7"}}`
)

func TestParseStripeMapping(t *testing.T) {
	at := time.Unix(1714564800, 0).UTC()
	for _, tc := range []struct {
		typ, object string
		kind        Kind
		amount      int64
		currency    string
		payment     string
	}{
		{"payment_intent.succeeded", stripeIntent, KindPaid, 1990, "EUR", "pi_3P1"},
		{"payment_intent.amount_capturable_updated", stripeIntent, KindAuthorized, 1500, "EUR", "pi_3P1"},
		{"payment_intent.payment_failed", stripeIntent, KindFailed, 2000, "EUR", "pi_3P1"},
		{"payment_intent.canceled", stripeIntent, KindCanceled, 2000, "EUR", "pi_3P1"},
		{"charge.refunded", stripeCharge, KindRefunded, 500, "GBP", "pi_3P1"},
		{"charge.refunded", strings.Replace(stripeCharge, `"pi_3P1"`, `null`, 1), KindRefunded, 500, "GBP", "ch_3P1"},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			body := stripeEventJSON(tc.typ, tc.object)
			ev, err := ParseStripe("stripe", []byte(body))
			require.NoError(t, err)
			require.Equal(t, Event{Gateway: "stripe", EventID: "evt_3P1", Type: tc.typ, Kind: tc.kind,
				OrderRef: "ord_7", PaymentID: tc.payment, AmountMinor: tc.amount, Currency: tc.currency,
				OccurredAt: at, Raw: []byte(body)}, ev)
		})
	}
}

func TestParseStripeIgnored(t *testing.T) {
	for _, typ := range []string{"payment_intent.processing", "payment_intent.created", "customer.created", "charge.succeeded"} {
		// The object need not have the shape Waybill reads for the types it acts on.
		ev, err := ParseStripe("stripe", []byte(stripeEventJSON(typ, `{"id":"cus_1","amount":"not read","metadata":[]}`)))
		require.NoError(t, err, typ)
		require.Equal(t, KindIgnored, ev.Kind)
		require.False(t, ev.Kind.Actionable())
		require.Equal(t, "evt_3P1", ev.EventID)
		require.Empty(t, ev.OrderRef)
	}
}

func TestParseStripeRefusals(t *testing.T) {
	succeeded := func(object string) string { return stripeEventJSON("payment_intent.succeeded", object) }
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"malformed", `{"id":"evt_1",`, []string{"body=invalid_format"}},
		{"not an object", `"evt"`, []string{"body=wrong_type"}},
		{"empty envelope", `{}`, []string{"id=required", "type=required", "created=required"}},
		{"ignored type still needs an id", `{"type":"customer.created","created":1714564800}`, []string{"id=required"}},
		{"created as string", `{"id":"e","type":"customer.created","created":"1714564800"}`, []string{"created=wrong_type"}},
		{"created in milliseconds", `{"id":"e","type":"customer.created","created":1714564800000}`, []string{"created=out_of_range"}},
		{"created zero", `{"id":"e","type":"customer.created","created":0}`, []string{"created=out_of_range"}},
		{"type with space", `{"id":"e","type":"customer created","created":1714564800}`, []string{"type=invalid_format"}},
		{"no data", `{"id":"e","type":"payment_intent.succeeded","created":1714564800}`, []string{"data.object=required"}},
		{"null object", succeeded(`null`), []string{"data.object=required"}},
		{"object not an object", succeeded(`"pi_1"`), []string{"data.object=wrong_type"}},
		{"missing order id", succeeded(strings.Replace(stripeIntent, `"order_id":"ord_7",`, ``, 1)),
			[]string{"data.object.metadata.order_id=required"}},
		{"no metadata", succeeded(`{"id":"pi_1","amount_received":1,"currency":"eur"}`),
			[]string{"data.object.metadata.order_id=required"}},
		{"metadata not an object", succeeded(`{"id":"pi_1","amount_received":1,"currency":"eur","metadata":[]}`),
			[]string{"data.object.metadata=wrong_type"}},
		{"order id not a string", succeeded(strings.Replace(stripeIntent, `"ord_7"`, `7`, 1)),
			[]string{"data.object.metadata.order_id=wrong_type"}},
		{"missing payment id", succeeded(strings.Replace(stripeIntent, `"id":"pi_3P1",`, ``, 1)), []string{"data.object.id=required"}},
		{"missing amount_received", succeeded(strings.Replace(stripeIntent, `"amount_received":1990,`, ``, 1)),
			[]string{"data.object.amount_received=required"}},
		{"negative amount", succeeded(strings.Replace(stripeIntent, `1990`, `-1`, 1)), []string{"data.object.amount_received=out_of_range"}},
		{"absurd amount", succeeded(strings.Replace(stripeIntent, `1990`, `9223372036854775807`, 1)),
			[]string{"data.object.amount_received=out_of_range"}},
		{"amount overflowing int64", succeeded(strings.Replace(stripeIntent, `1990`, `9223372036854775808`, 1)),
			[]string{"data.object.amount_received=wrong_type"}},
		{"bad currency", succeeded(strings.Replace(stripeIntent, `"eur"`, `"euro"`, 1)), []string{"data.object.currency=invalid_format"}},
		{"unknown currency", succeeded(strings.Replace(stripeIntent, `"eur"`, `"zzz"`, 1)), []string{"data.object.currency=unknown_value"}},
		{"missing currency", succeeded(strings.Replace(stripeIntent, `"currency":"eur",`, ``, 1)), []string{"data.object.currency=required"}},
		{"refund without amount_refunded", stripeEventJSON("charge.refunded", strings.Replace(stripeCharge, `"amount_refunded":500,`, ``, 1)),
			[]string{"data.object.amount_refunded=required"}},
		{"refund with bad payment_intent", stripeEventJSON("charge.refunded", strings.Replace(stripeCharge, `"pi_3P1"`, `"pi 1"`, 1)),
			[]string{"data.object.payment_intent=invalid_format"}},
		{"everything wrong at once", succeeded(`{"amount_received":-5,"currency":"e","metadata":{}}`),
			[]string{"data.object.id=required", "data.object.metadata.order_id=required",
				"data.object.amount_received=out_of_range", "data.object.currency=invalid_format"}},
		{"oversize", strings.Repeat(" ", MaxBodyBytes) + `{}`, []string{"body=too_long"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseStripe("stripe", []byte(tc.body))
			requireFields(t, err, tc.want...)
		})
	}
}
