package risk

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/waybill/waybill/internal/errs"
)

// FuzzDecodeRule feeds DecodeRule arbitrary bodies. It must never panic;
// it returns either a rule that validates to itself and survives a JSON
// round trip unchanged, or an errs.Invalid error whose fields say why.
func FuzzDecodeRule(f *testing.F) {
	for _, seed := range []string{
		`{"name":"v","kind":"velocity","action":"hold","weight":40,"params":{"dimension":"address","window":"1d12h","max_orders":3}}`,
		`{"id":"c","name":"c","kind":"coupon_abuse","action":"reject","params":{"coupons":["welcome10"],"shared":["ip"],"max_accounts":1,"max_uses_per_customer":2}}`,
		`{"name":"f","kind":"flagged_address","action":"hold","params":{"country":"gb","postal_codes":["hs*","KW15 1AA"],"keywords":["Hôtel","c/o","酒店"],"po_box":true}}`,
		`{"name":"h","kind":"high_value","action":"hold","params":{"currency":"usd","max_total_minor":100000}}`,
		`{"name":"cod","kind":"cod_limit","action":"hold","active":false,"params":{"currency":"EUR","max_total_minor":50000,"max_refusals":0}}`,
		`{"name":"m","kind":"country_mismatch","action":"pass","params":{"allow_pairs":["de-at"]}}`,
		`{"name":"n","kind":"new_customer_value","action":"hold","params":{"currency":"JPY","max_total_minor":0}}`,
		`{"name":"x","kind":"velocity","params":{"window":"-1d","max_orders":1e99}}`,
		`[]`, `null`, `{"params":null}`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := DecodeRule(body)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("error %v is not an invalid-input error", err)
			}
			return
		}
		again := r
		if err := again.Validate(); err != nil {
			t.Fatalf("a decoded rule does not validate: %v", err)
		}
		b, err := json.Marshal(again)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := DecodeRule(b)
		if err != nil {
			t.Fatalf("%s does not decode again: %v", b, err)
		}
		b2, _ := json.Marshal(back)
		if string(b) != string(b2) {
			t.Fatalf("round trip changed the rule:\n%s\n%s", b, b2)
		}
		if r1, _ := json.Marshal(r); string(r1) != string(b) {
			t.Fatalf("validating again changed the rule:\n%s\n%s", r1, b)
		}
	})
}
