package gateway

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const genericPaid = `{"id":"evt_01J9Z3","type":"payment.succeeded","created_at":"2026-05-01T14:00:00+02:00",` +
	`"data":{"order_id":"ord_01J9Z2","amount_minor":1234,"currency":"EUR","payment_id":"pay_9"}}`

func TestParseGeneric(t *testing.T) {
	ev, err := ParseGeneric("acme", []byte(genericPaid))
	require.NoError(t, err)
	require.Equal(t, Event{
		Gateway: "acme", EventID: "evt_01J9Z3", Type: "payment.succeeded", Kind: KindPaid,
		OrderRef: "ord_01J9Z2", PaymentID: "pay_9", AmountMinor: 1234, Currency: "EUR",
		OccurredAt: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC), Raw: json.RawMessage(genericPaid),
	}, ev)
}

func TestParseGenericKinds(t *testing.T) {
	for typ, kind := range map[string]Kind{
		"payment.authorized": KindAuthorized, "payment.succeeded": KindPaid, "payment.failed": KindFailed,
		"payment.canceled": KindCanceled, "payment.refunded": KindRefunded,
	} {
		body := strings.Replace(genericPaid, "payment.succeeded", typ, 1)
		ev, err := ParseGeneric("acme", []byte(body))
		require.NoError(t, err, typ)
		require.Equal(t, kind, ev.Kind, typ)
		require.True(t, ev.Kind.Actionable())
	}
}

func TestParseGenericVariants(t *testing.T) {
	for _, tc := range []struct {
		name, body   string
		ref, cur, pi string
	}{
		{"order_ref instead of order_id",
			`{"id":"e1","type":"payment.failed","created_at":"2026-05-01T12:00:00Z","data":{"order_ref":"WB-1","amount_minor":0,"currency":"JPY"}}`,
			"WB-1", "JPY", ""},
		{"both, equal",
			`{"id":"e1","type":"payment.failed","created_at":"2026-05-01T12:00:00.123456Z","data":{"order_id":"o1","order_ref":"o1","amount_minor":5,"currency":"usd"}}`,
			"o1", "USD", ""},
		{"unknown members ignored",
			`{"id":"e1","type":"payment.failed","created_at":"2026-05-01T12:00:00Z","extra":[1,{"a":null}],"data":{"order_id":"o1","amount_minor":5,"currency":"EUR","note":"x"}}`,
			"o1", "EUR", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := ParseGeneric("acme", []byte(tc.body))
			require.NoError(t, err)
			require.Equal(t, tc.ref, ev.OrderRef)
			require.Equal(t, tc.cur, ev.Currency)
			require.Equal(t, tc.pi, ev.PaymentID)
		})
	}
}

func TestParseGenericRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"empty", ``, []string{"body=required"}},
		{"malformed", `{"id":`, []string{"body=invalid_format"}},
		{"trailing garbage", genericPaid + `x`, []string{"body=invalid_format"}},
		{"not an object", `[1,2]`, []string{"body=wrong_type"}},
		{"null", `null`, []string{"id=required", "type=required", "created_at=required", "data=required"}},
		{"empty object", `{}`, []string{"id=required", "type=required", "created_at=required", "data=required"}},
		{"unknown type", `{"id":"e","type":"payment.cancelled","created_at":"2026-05-01T12:00:00Z","data":{"order_id":"o","amount_minor":1,"currency":"EUR"}}`,
			[]string{"type=unknown_value"}},
		{"everything missing in data", `{"id":"e","type":"payment.failed","created_at":"2026-05-01T12:00:00Z","data":{}}`,
			[]string{"data.order_id=required", "data.amount_minor=required", "data.currency=required"}},
		{"negative amount", strings.Replace(genericPaid, "1234", "-1", 1), []string{"data.amount_minor=out_of_range"}},
		{"absurd amount", strings.Replace(genericPaid, "1234", "1000000000001", 1), []string{"data.amount_minor=out_of_range"}},
		{"fractional amount", strings.Replace(genericPaid, "1234", "12.34", 1), []string{"data.amount_minor=wrong_type"}},
		{"amount as string", strings.Replace(genericPaid, "1234", `"1234"`, 1), []string{"data.amount_minor=wrong_type"}},
		{"huge amount", strings.Replace(genericPaid, "1234", "1e400", 1), []string{"data.amount_minor=wrong_type"}},
		{"id not a string", strings.Replace(genericPaid, `"evt_01J9Z3"`, `7`, 1), []string{"id=wrong_type"}},
		{"data not an object", `{"id":"e","type":"payment.failed","created_at":"2026-05-01T12:00:00Z","data":"x"}`, []string{"data=wrong_type"}},
		{"two-letter currency", strings.Replace(genericPaid, `"EUR"`, `"EU"`, 1), []string{"data.currency=invalid_format"}},
		{"digits in currency", strings.Replace(genericPaid, `"EUR"`, `"E1R"`, 1), []string{"data.currency=invalid_format"}},
		{"unicode case trick", strings.Replace(genericPaid, `"EUR"`, `"ınr"`, 1), []string{"data.currency=invalid_format"}},
		{"unknown currency", strings.Replace(genericPaid, `"EUR"`, `"XYZ"`, 1), []string{"data.currency=unknown_value"}},
		{"orders disagree", strings.Replace(genericPaid, `"order_id":"ord_01J9Z2"`, `"order_id":"a","order_ref":"b"`, 1),
			[]string{"data.order_ref=invalid_format"}},
		{"order id with space", strings.Replace(genericPaid, `ord_01J9Z2`, `ord 1`, 1), []string{"data.order_id=invalid_format"}},
		{"order ref too long", strings.Replace(genericPaid, `"order_id":"ord_01J9Z2"`, `"order_ref":"`+strings.Repeat("r", 256)+`"`, 1),
			[]string{"data.order_ref=too_long"}},
		{"payment id with control", strings.Replace(genericPaid, `pay_9`, `pay\u0000`, 1), []string{"data.payment_id=invalid_format"}},
		{"id with unicode", strings.Replace(genericPaid, `evt_01J9Z3`, `évt`, 1), []string{"id=invalid_format"}},
		{"created_at not RFC 3339", strings.Replace(genericPaid, `2026-05-01T14:00:00+02:00`, `2026-05-01 14:00`, 1), []string{"created_at=invalid_format"}},
		{"created_at in 1999", strings.Replace(genericPaid, `2026-05-01T14:00:00+02:00`, `1999-12-31T23:59:59Z`, 1), []string{"created_at=out_of_range"}},
		{"created_at pushed past 9999 by its zone", strings.Replace(genericPaid, `2026-05-01T14:00:00+02:00`, `9999-12-31T23:00:00-02:00`, 1),
			[]string{"created_at=out_of_range"}},
		{"oversize", `{"id":"` + strings.Repeat("x", MaxBodyBytes) + `"}`, []string{"body=too_long"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseGeneric("acme", []byte(tc.body))
			requireFields(t, err, tc.want...)
		})
	}
}

func TestParseGenericKeepsRawApart(t *testing.T) {
	buf := []byte(genericPaid)
	ev, err := ParseGeneric("acme", buf)
	require.NoError(t, err)
	buf[0] = 'X'
	require.Equal(t, genericPaid, string(ev.Raw))
}
