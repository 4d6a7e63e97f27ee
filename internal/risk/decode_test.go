package risk

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

// problem is the field path and code a validation failure must name.
type problem struct{ path, code string }

func problemsOf(err error) []problem {
	var out []problem
	for _, e := range errs.FieldsOf(err) {
		out = append(out, problem{e.Path, e.Code})
	}
	return out
}

func TestDecodeRule(t *testing.T) {
	r, err := DecodeRule([]byte(`{"id":"addr-24h","name":" Many orders to one address ","kind":"velocity","weight":40,
		"action":"hold","params":{"dimension":"address","window":"1d","max_orders":3}}`))
	require.NoError(t, err)
	require.Equal(t, Rule{ID: "addr-24h", Name: "Many orders to one address", Kind: Velocity, Weight: 40, Action: Hold,
		Active: true, Params: VelocityParams{Dimension: ByAddress, Window: Duration(24 * time.Hour), MaxOrders: 3}}, r)

	r, err = DecodeRule([]byte(`{"name":"Remote islands","kind":"flagged_address","action":"hold","active":false,
		"params":{"country":"gb","postal_codes":["hs*","ze*"," KW15 1AA","hs*"],"keywords":["Hôtel","C/O"],"po_box":true}}`))
	require.NoError(t, err)
	require.False(t, r.Active)
	require.Equal(t, FlaggedAddressParams{Country: "GB", PostalCodes: []string{"HS*", "ZE*", "KW151AA"},
		Keywords: []string{"hotel", "c o"}, POBox: true}, r.Params, "lists in the form they are matched in")

	r, err = DecodeRule([]byte(`{"name":"Billing abroad","kind":"country_mismatch","action":"pass","weight":20}`))
	require.NoError(t, err, "country_mismatch needs no params")
	require.Equal(t, CountryMismatchParams{}, r.Params)
}

// TestDecodeRuleRoundTrip stores a rule as JSON and reads it back, as the
// engine does when it loads rules.
func TestDecodeRuleRoundTrip(t *testing.T) {
	rules := []Rule{
		{ID: "v", Name: "Velocity", Kind: Velocity, Weight: 1, Action: Hold, Active: true,
			Params: VelocityParams{Dimension: ByIP, Window: Duration(90 * time.Minute), MaxOrders: 2}},
		{ID: "c", Name: "Coupons", Kind: CouponAbuse, Action: Reject, Active: false,
			Params: CouponAbuseParams{Coupons: []string{"WELCOME10"}, Shared: []Dimension{ByDevice}, MaxAccounts: ptr(1)}},
		{ID: "cod", Name: "COD", Kind: CODLimit, Weight: 1000, Action: Hold, Active: true,
			Params: CODLimitParams{MaxRefusals: ptr(0)}},
		{ID: "n", Name: "New", Kind: NewCustomerValue, Action: Hold, Active: true,
			Params: NewCustomerValueParams{Currency: "JPY", MaxTotalMinor: 0}},
	}
	for _, r := range rules {
		require.NoError(t, r.Validate())
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var back Rule
		require.NoError(t, json.Unmarshal(b, &back), "%s", b)
		require.Equal(t, r, back)
	}
}

func TestDecodeRuleProblems(t *testing.T) {
	velocity := func(params string) string {
		return `{"name":"v","kind":"velocity","action":"hold","params":` + params + `}`
	}
	flagged := func(params string) string {
		return `{"name":"f","kind":"flagged_address","action":"hold","params":` + params + `}`
	}
	many := func(n int, entry string) string {
		return `["` + strings.Repeat(entry+`","`, n-1) + entry + `"]`
	}
	tests := []struct {
		name string
		body string
		want []problem
	}{
		{"not an object", `[1,2]`, []problem{{"", errs.CodeType}}},
		{"not JSON", `{"name":`, []problem{{"", errs.CodeType}}},
		{"an empty object", `{}`, []problem{{"name", errs.CodeRequired}, {"action", errs.CodeRequired}, {"kind", errs.CodeRequired}}},
		{"unknown field", `{"name":"x","kind":"high_value","action":"hold","colour":"red","params":{"currency":"USD","max_total_minor":1}}`,
			[]problem{{"colour", errs.CodeUnexpected}}},
		{"field names are case-sensitive", `{"Name":"x","kind":"high_value","action":"hold","params":{"currency":"USD","max_total_minor":1}}`,
			[]problem{{"Name", errs.CodeUnexpected}, {"name", errs.CodeRequired}}},
		{"unknown kind and action, weight out of range", `{"name":"x","kind":"ml","action":"block","weight":1001}`,
			[]problem{{"weight", errs.CodeOutOfRange}, {"action", errs.CodeUnknown}, {"kind", errs.CodeUnknown}}},
		{"negative weight, bad id", `{"id":"a b","name":"x","kind":"country_mismatch","action":"pass","weight":-1}`,
			[]problem{{"id", errs.CodeFormat}, {"weight", errs.CodeOutOfRange}}},
		{"wrong types", `{"name":5,"kind":"velocity","action":"hold","weight":"10","active":"yes","params":{"dimension":"address","window":"1h","max_orders":"3"}}`,
			[]problem{{"active", errs.CodeType}, {"name", errs.CodeType}, {"weight", errs.CodeType}, {"params.max_orders", errs.CodeType}}},
		{"params not an object", velocity(`[]`), []problem{{"params", errs.CodeType}}},
		{"every velocity param missing", velocity(`{}`),
			[]problem{{"params.dimension", errs.CodeRequired}, {"params.window", errs.CodeRequired}, {"params.max_orders", errs.CodeOutOfRange}}},
		{"unknown param", velocity(`{"dimension":"address","window":"1h","max_orders":3,"maxOrders":3}`),
			[]problem{{"params.maxOrders", errs.CodeUnexpected}}},
		{"unknown dimension", velocity(`{"dimension":"zip","window":"1h","max_orders":3}`), []problem{{"params.dimension", errs.CodeUnknown}}},
		{"window too short", velocity(`{"dimension":"ip","window":"30s","max_orders":3}`), []problem{{"params.window", errs.CodeOutOfRange}}},
		{"window too long", velocity(`{"dimension":"ip","window":"91d","max_orders":3}`), []problem{{"params.window", errs.CodeOutOfRange}}},
		{"window not whole minutes", velocity(`{"dimension":"ip","window":"90s","max_orders":3}`), []problem{{"params.window", errs.CodeFormat}}},
		{"window not a duration", velocity(`{"dimension":"ip","window":"a day","max_orders":3}`), []problem{{"params.window", errs.CodeFormat}}},
		{"window as a number", velocity(`{"dimension":"ip","window":3600,"max_orders":3}`), []problem{{"params.window", errs.CodeFormat}}},
		{"max_orders too large", velocity(`{"dimension":"ip","window":"1h","max_orders":100001}`), []problem{{"params.max_orders", errs.CodeOutOfRange}}},
		{"max_orders a fraction", velocity(`{"dimension":"ip","window":"1h","max_orders":2.5}`), []problem{{"params.max_orders", errs.CodeType}}},
		{"coupon rule without a limit, email as a link", `{"name":"c","kind":"coupon_abuse","action":"hold","params":{"shared":["email","zip"],"coupons":["ok","not ok"]}}`,
			[]problem{{"params.coupons[1]", errs.CodeFormat}, {"params.shared[0]", errs.CodeUnknown}, {"params.shared[1]", errs.CodeUnknown},
				{"params", errs.CodeRequired}}},
		{"coupon limits of zero", `{"name":"c","kind":"coupon_abuse","action":"hold","params":{"max_accounts":0,"max_uses_per_customer":0}}`,
			[]problem{{"params.max_accounts", errs.CodeOutOfRange}, {"params.max_uses_per_customer", errs.CodeOutOfRange}}},
		{"flagged rule checking nothing", flagged(`{"po_box":false}`), []problem{{"params", errs.CodeRequired}}},
		{"bad postal codes and keywords", flagged(`{"country":"GBR","postal_codes":["H*S","--","1234567890123"],"keywords":["x","ok","!!"]}`),
			[]problem{{"params.country", errs.CodeFormat}, {"params.postal_codes[0]", errs.CodeFormat}, {"params.postal_codes[1]", errs.CodeFormat},
				{"params.postal_codes[2]", errs.CodeFormat}, {"params.keywords[0]", errs.CodeFormat}, {"params.keywords[2]", errs.CodeFormat}}},
		{"too many postal codes", flagged(`{"postal_codes":` + many(MaxPostalCodes+1, "HS1") + `}`),
			[]problem{{"params.postal_codes", errs.CodeOutOfRange}}},
		{"many bad postal codes are summed up", flagged(`{"postal_codes":` + many(maxEntries+5, "*") + `}`),
			append(repeat(maxEntries, func(i int) problem { return problem{"params.postal_codes[" + itoa(i) + "]", errs.CodeFormat} }),
				problem{"params.postal_codes", errs.CodeFormat}, problem{"params", errs.CodeRequired})},
		{"postal codes as a string", flagged(`{"postal_codes":"HS*"}`), []problem{{"params.postal_codes", errs.CodeType}}},
		{"high value without currency, negative", `{"name":"h","kind":"high_value","action":"hold","params":{"max_total_minor":-1}}`,
			[]problem{{"params.currency", errs.CodeRequired}, {"params.max_total_minor", errs.CodeOutOfRange}}},
		{"unknown currency", `{"name":"h","kind":"new_customer_value","action":"hold","params":{"currency":"XYZ","max_total_minor":1}}`,
			[]problem{{"params.currency", errs.CodeUnknown}}},
		{"COD rule without a limit", `{"name":"c","kind":"cod_limit","action":"hold","params":{}}`, []problem{{"params", errs.CodeRequired}}},
		{"COD amount without currency, refusals negative", `{"name":"c","kind":"cod_limit","action":"hold","params":{"max_total_minor":5,"max_refusals":-1}}`,
			[]problem{{"params.currency", errs.CodeRequired}, {"params.max_refusals", errs.CodeOutOfRange}}},
		{"COD currency without amount", `{"name":"c","kind":"cod_limit","action":"hold","params":{"currency":"EUR","max_refusals":1}}`,
			[]problem{{"params.currency", errs.CodeUnexpected}}},
		{"bad country pairs", `{"name":"m","kind":"country_mismatch","action":"pass","params":{"allow_pairs":["DE-AT","DE-DE","DEAT","DE-AUT"]}}`,
			[]problem{{"params.allow_pairs[1]", errs.CodeFormat}, {"params.allow_pairs[2]", errs.CodeFormat}, {"params.allow_pairs[3]", errs.CodeFormat}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeRule([]byte(tc.body))
			require.Error(t, err)
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
			require.Equal(t, tc.want, problemsOf(err), "%v", err)
		})
	}
}

func TestValidateGoRule(t *testing.T) {
	r := Rule{Name: "v", Kind: Velocity, Action: Hold}
	require.Equal(t, []problem{{"params.dimension", errs.CodeRequired}, {"params.window", errs.CodeRequired},
		{"params.max_orders", errs.CodeOutOfRange}}, problemsOf(r.Validate()), "nil params are the kind's zero params")

	r.Params = HighValueParams{Currency: "USD", MaxTotalMinor: 1}
	require.Equal(t, []problem{{"params", errs.CodeType}}, problemsOf(r.Validate()))
}

func TestDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"30m": 30 * time.Minute, "24h": day, "7d": 7 * day, "1d12h": 36 * time.Hour, " 90m ": 90 * time.Minute, "0d": 0,
	} {
		got, err := ParseDuration(in)
		require.NoError(t, err, in)
		require.Equal(t, want, time.Duration(got), in)
	}
	for _, in := range []string{"", "d", "1dd", "-1d", "+1d", "1d-2h", "1.5d", "36501d", "1w", "abc", "99999999999h"} {
		_, err := ParseDuration(in)
		require.Error(t, err, in)
	}
	for d, want := range map[time.Duration]string{7 * day: "7d", day: "1d", 36 * time.Hour: "36h", 90 * time.Minute: "90m", 90 * time.Second: "1m30s"} {
		require.Equal(t, want, Duration(d).String())
	}
}

func repeat(n int, f func(int) problem) []problem {
	out := make([]problem, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
