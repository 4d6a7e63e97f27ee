package review

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/risk"
)

// ruleExamples are a rule of each kind as the API takes it. They document
// create-risk-rule and a test decodes every one, so the documentation
// cannot drift from what the API accepts.
var ruleExamples = map[risk.Kind]string{
	risk.Velocity: `{"name":"Many orders to one address","kind":"velocity","weight":40,"action":"hold",` +
		`"params":{"dimension":"address","window":"24h","max_orders":3}}`,
	risk.CouponAbuse: `{"name":"Welcome coupon once per household","kind":"coupon_abuse","weight":50,"action":"hold",` +
		`"params":{"coupons":["WELCOME10"],"shared":["address","phone","device"],"max_accounts":1,"max_uses_per_customer":1}}`,
	risk.FlaggedAddress: `{"name":"Remote islands, forwarders, PO boxes","kind":"flagged_address","weight":30,"action":"hold",` +
		`"params":{"country":"GB","postal_codes":["HS*","ZE*","KW15 1AA"],"keywords":["forwarder","c/o"],"po_box":true}}`,
	risk.HighValue: `{"name":"Large orders","kind":"high_value","weight":20,"action":"pass",` +
		`"params":{"currency":"USD","max_total_minor":100000}}`,
	risk.CODLimit: `{"name":"Cash on delivery limits","kind":"cod_limit","weight":60,"action":"hold",` +
		`"params":{"currency":"USD","max_total_minor":50000,"max_refusals":1}}`,
	risk.CountryMismatch: `{"name":"Billing country differs","kind":"country_mismatch","weight":20,"action":"pass",` +
		`"params":{"allow_pairs":["DE-AT","US-CA"]}}`,
	risk.NewCustomerValue: `{"name":"Large first order","kind":"new_customer_value","weight":30,"action":"hold",` +
		`"params":{"currency":"EUR","max_total_minor":30000}}`,
}

// ruleBodyDoc says what the raw rule body holds, since huma cannot describe
// params, whose shape depends on kind.
const ruleBodyDoc = "The body is one rule as JSON: `name` (required, 1 to 100 characters), `kind`, `weight` " +
	"(0 to 1000, added to the order's score when the rule trips), `action` (`pass`, `hold` or `reject`), `active` " +
	"(default true) and `params`, whose fields depend on kind:\n\n" +
	"- `velocity`: `dimension` (address, phone, email, ip, device), `window` (\"30m\", \"24h\", \"7d\"; 1m to 90d), " +
	"`max_orders` (orders allowed in the window, this one included).\n" +
	"- `coupon_abuse`: `coupons` (codes watched; empty watches all), `shared` (keys linking accounts: address, " +
	"phone, ip, device; default address, phone, device), `max_accounts`, `max_uses_per_customer` (at least one).\n" +
	"- `flagged_address`: `country`, `postal_codes` (whole or a prefix ending in *), `keywords`, `po_box` " +
	"(at least one check).\n" +
	"- `high_value`, `new_customer_value`: `currency`, `max_total_minor`.\n" +
	"- `cod_limit`: `max_total_minor` with `currency`, and/or `max_refusals`.\n" +
	"- `country_mismatch`: `allow_pairs` (\"DE-AT\"), optional.\n\n" +
	"Unknown fields are refused anywhere; every problem comes back at once under its path (`params.window`). " +
	"The rule is echoed in the form orders are matched in (codes upper-cased, keywords folded). The id is the " +
	"server's: leave it out. Examples: one per kind in the request body's examples."

// ruleBody documents the raw body of create and replace for the OpenAPI
// document; the handler decodes it with risk.DecodeRule.
func ruleBody() *huma.RequestBody {
	kinds := make([]any, len(risk.Kinds))
	for i, k := range risk.Kinds {
		kinds[i] = string(k)
	}
	schema := &huma.Schema{Type: huma.TypeObject, Required: []string{"name", "kind", "action"},
		Properties: map[string]*huma.Schema{
			"name":   {Type: huma.TypeString, MinLength: ptr(1), MaxLength: ptr(100)},
			"kind":   {Type: huma.TypeString, Enum: kinds},
			"weight": {Type: huma.TypeInteger, Minimum: ptr(0.0), Maximum: ptr(float64(risk.MaxWeight))},
			"action": {Type: huma.TypeString, Enum: []any{"pass", "hold", "reject"}},
			"active": {Type: huma.TypeBoolean, Description: "Defaults to true"},
			"params": {Type: huma.TypeObject, Description: "The kind's settings; see the operation's description"},
		}}
	examples := map[string]*huma.Example{}
	for _, k := range risk.Kinds {
		examples[string(k)] = &huma.Example{Summary: "A " + strings.ReplaceAll(string(k), "_", " ") + " rule",
			Value: json.RawMessage(ruleExamples[k])}
	}
	return &huma.RequestBody{Required: true, Description: "A risk rule",
		Content: map[string]*huma.MediaType{"application/json": {Schema: schema, Examples: examples}}}
}

func ptr[T any](v T) *T { return &v }

// registerRawBody registers an operation whose body the handler decodes
// itself, documented by ruleBody rather than by huma's "binary string".
func registerRawBody[I, O any](api *httpapi.API, op huma.Operation, roles []actor.Role, h func(context.Context, *I) (*O, error)) {
	op.RequestBody = ruleBody()
	op.SkipValidateBody = true
	op.MaxBodyBytes = 1 << 20
	op.Description = ruleBodyDoc + "\n\n" + op.Description
	httpapi.Register(api, op, roles, h)
	if item := api.OpenAPI().Paths[op.Path]; item != nil {
		for _, o := range []*huma.Operation{item.Post, item.Put} {
			if o != nil && o.OperationID == op.OperationID {
				delete(o.RequestBody.Content, "application/octet-stream")
			}
		}
	}
}
