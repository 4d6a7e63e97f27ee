package gateway

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bojanz/currency"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/waybill/waybill/internal/errs"
)

// FuzzVerifyStandard sends arbitrary headers and bodies to a Standard
// Webhooks verifier. Nothing may panic or be classified otherwise than
// Unauthorized or Invalid; nothing is accepted unless the header holds the
// reference library's signature of exactly (id, timestamp, body); and when
// sign is set, that signature is appended, so the event must not be refused
// for want of a matching signature (completeness).
func FuzzVerifyStandard(f *testing.F) {
	f.Add(vectorID, "1614265330", vectorSignature, []byte(vectorBody), false)
	f.Add(vectorID, "1614265330", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", []byte(vectorBody), true)
	f.Add(vectorID, "1614265330", vectorSignature, []byte(`{"test": 2432232315}`), false)
	f.Add("msg_1", "1614265000", "v1a,abc v2,def", []byte(`{}`), true)
	f.Add("msg.1", "1614265330", "garbage", []byte(`{}`), false)
	f.Add("", "", "", []byte(nil), false)
	f.Add("msg_1", "99999999999999999999", "v1,", []byte(`x`), true)
	key, _ := standardKey(vectorSecret)
	ref, _ := standardwebhooks.NewWebhookRaw(key)
	v := setup(f).standard
	f.Fuzz(func(t *testing.T, id, ts, sigs string, body []byte, sign bool) {
		var want string
		if n, ok := parseUnix(ts); ok {
			want, _ = ref.Sign(id, time.Unix(n, 0), body)
		}
		if sign && want != "" {
			sigs += " " + want
		}
		h := http.Header{}
		h.Set(HeaderWebhookID, id)
		h.Set(HeaderWebhookTimestamp, ts)
		h.Set(HeaderWebhookSignature, sigs)
		err := v.Verify(h, body)
		switch errs.KindOf(err) {
		case errs.Unauthorized:
		case errs.Invalid:
			if len(body) > 0 && len(body) <= MaxBodyBytes {
				t.Fatalf("body of %d bytes refused as invalid: %v", len(body), err)
			}
		default:
			if err != nil {
				t.Fatalf("unclassified error: %v", err)
			}
			if want == "" || !validMsgID(id) || !strings.Contains(" "+sigs+" ", " "+want+" ") {
				t.Fatalf("accepted without a genuine signature: id=%q ts=%q sigs=%q", id, ts, sigs)
			}
		}
		if sign && want != "" && errors.Is(err, ErrNoMatchingSignature) {
			t.Fatalf("genuine signature %q not matched: %v", want, err)
		}
	})
}

// FuzzParseGeneric checks that no body panics the generic parser, that
// refusals are Invalid with fields, and that an accepted event is complete.
func FuzzParseGeneric(f *testing.F) {
	for _, s := range []string{
		genericPaid,
		`{"id":"e1","type":"payment.refunded","created_at":"2026-05-01T12:00:00.5Z","data":{"order_ref":"WB-1","amount_minor":0,"currency":"jpy"}}`,
		`{"id":"e1","type":"payment.failed","created_at":"2026-05-01T12:00:00Z","data":{"order_id":"a","order_ref":"b","amount_minor":-1,"currency":"ınr"}}`,
		`{"id":7,"type":null,"data":[]}`, `{"data":{"amount_minor":1e400}}`, `null`, `[]`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseGeneric("acme", body)
		checkParsed(t, body, ev, err, false)
	})
}

// FuzzParseStripe is FuzzParseGeneric for Stripe events, where an accepted
// event may also be an ignored one, which need only carry its id.
func FuzzParseStripe(f *testing.F) {
	for _, s := range []string{
		stripeEventJSON("payment_intent.succeeded", stripeIntent),
		stripeEventJSON("payment_intent.amount_capturable_updated", stripeIntent),
		stripeEventJSON("charge.refunded", stripeCharge),
		stripeEventJSON("customer.created", `{"id":"cus_1"}`),
		stripeEventJSON("payment_intent.canceled", `{"id":"pi_1","amount":-3,"currency":"EUR","metadata":{"order_id":""}}`),
		`{"id":"e","type":"charge.refunded","created":1714564800,"data":{"object":null}}`,
		`{"created":"x"}`, `null`, `"s"`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseStripe("stripe", body)
		checkParsed(t, body, ev, err, true)
	})
}

// checkParsed holds the properties every parser keeps.
func checkParsed(t *testing.T, body []byte, ev Event, err error, mayIgnore bool) {
	t.Helper()
	if err != nil {
		if errs.KindOf(err) != errs.Invalid || len(errs.FieldsOf(err)) == 0 {
			t.Fatalf("refusal is not Invalid with fields: %v", err)
		}
		for _, fe := range errs.FieldsOf(err) {
			if fe.Path == "" || fe.Code == "" || len(fe.Message) > 500 {
				t.Fatalf("bad field error %+v", fe)
			}
		}
		return
	}
	if ev.EventID == "" || !isToken(ev.EventID) || ev.Gateway == "" || ev.Type == "" || string(ev.Raw) != string(body) {
		t.Fatalf("accepted event lacks its identity: %+v", ev)
	}
	if y := ev.OccurredAt.Year(); y < 2000 || y > 9999 || ev.OccurredAt.Location() != time.UTC {
		t.Fatalf("accepted event at %v", ev.OccurredAt)
	}
	if ev.Kind == KindIgnored && mayIgnore {
		return
	}
	if !ev.Kind.Actionable() || ev.OrderRef == "" || !isToken(ev.OrderRef) || !isToken(ev.PaymentID) {
		t.Fatalf("accepted event lacks its order: %+v", ev)
	}
	if len(ev.Currency) != 3 || strings.ToUpper(ev.Currency) != ev.Currency || !currency.IsValid(ev.Currency) {
		t.Fatalf("accepted event has currency %q", ev.Currency)
	}
	if ev.AmountMinor < 0 || ev.AmountMinor > MaxAmountMinor {
		t.Fatalf("accepted event has amount %d", ev.AmountMinor)
	}
}
