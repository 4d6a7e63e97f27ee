package review

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/risk"
)

// TestRuleExamples keeps the documented examples true: one per kind, and
// each one a rule the API accepts.
func TestRuleExamples(t *testing.T) {
	require.Len(t, ruleExamples, len(risk.Kinds))
	for _, k := range risk.Kinds {
		r, err := risk.DecodeRule([]byte(ruleExamples[k]))
		require.NoError(t, err, k)
		require.Equal(t, k, r.Kind)
	}
}

func TestRiskRulesAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const admin = actor.Admin
		ids := map[risk.Kind]string{}
		for _, k := range risk.Kinds {
			res := f.do(admin, "POST", "/v1/risk-rules", ruleExamples[k], 201)
			ids[k] = res.Body["id"].(string)
			require.True(t, strings.HasPrefix(ids[k], "rsk_"))
			require.Equal(t, true, res.Body["active"])
			require.Equal(t, []string{"risk_rule.create"}, f.auditActions(ids[k]))
		}
		res := f.do(admin, "GET", "/v1/risk-rules/"+ids[risk.FlaggedAddress], "", 200)
		require.Equal(t, map[string]any{"country": "GB", "postal_codes": []any{"HS*", "ZE*", "KW151AA"},
			"keywords": []any{"forwarder", "c o"}, "po_box": true}, res.Body["params"], "echoed as orders are matched")
		res = f.do(admin, "GET", "/v1/risk-rules/"+ids[risk.Velocity], "", 200)
		require.Equal(t, "1d", res.Body["params"].(map[string]any)["window"])

		velocity := func(params string) string {
			return `{"name":"v","kind":"velocity","action":"hold","params":` + params + `}`
		}
		before := f.snapshot()
		for _, c := range []struct {
			name, method, path, body string
			status                   int
			fields                   []string
		}{
			{"every velocity param wrong", "POST", "/v1/risk-rules", velocity(`{"dimension":"zip","window":"30s","max_orders":"3"}`), 422,
				[]string{"params.max_orders wrong_type", "params.dimension unknown_value", "params.window out_of_range"}},
			{"unknown param", "POST", "/v1/risk-rules", velocity(`{"dimension":"ip","window":"1h","max_orders":3,"maxOrders":3}`), 422,
				[]string{"params.maxOrders unknown_field"}},
			{"coupon rule without a limit", "POST", "/v1/risk-rules", `{"name":"c","kind":"coupon_abuse","action":"hold","params":{"shared":["email"]}}`, 422,
				[]string{"params.shared[0] unknown_value", "params required"}},
			{"unknown kind, no name", "POST", "/v1/risk-rules", `{"kind":"ml","action":"block","weight":5000}`, 422,
				[]string{"name required", "weight out_of_range", "action unknown_value", "kind unknown_value"}},
			{"id is the server's", "POST", "/v1/risk-rules", `{"id":"mine","name":"h","kind":"high_value","action":"hold","params":{"currency":"USD","max_total_minor":1}}`, 422,
				[]string{"id unknown_field"}},
			{"not an object", "POST", "/v1/risk-rules", `[1]`, 422, []string{" wrong_type"}},
			{"not JSON", "POST", "/v1/risk-rules", `{"name":`, 422, []string{" wrong_type"}},
			{"no body", "POST", "/v1/risk-rules", ``, 400, nil},
			{"not an administrator", "POST", "/v1/risk-rules", ruleExamples[risk.HighValue], 403, nil},
			{"replace unknown", "PUT", "/v1/risk-rules/rsk_NOPE", ruleExamples[risk.HighValue], 404, nil},
			{"replace with another id", "PUT", "/v1/risk-rules/" + ids[risk.HighValue],
				`{"id":"rsk_OTHER","name":"h","kind":"high_value","action":"hold","params":{"currency":"USD","max_total_minor":1}}`, 422,
				[]string{"id invalid_format"}},
			{"replace with bad params", "PUT", "/v1/risk-rules/" + ids[risk.HighValue],
				`{"name":"h","kind":"high_value","action":"hold","params":{"currency":"XYZ","max_total_minor":-1}}`, 422,
				[]string{"params.currency unknown_value", "params.max_total_minor out_of_range"}},
			{"delete unknown", "DELETE", "/v1/risk-rules/rsk_NOPE", "", 404, nil},
			{"get unknown", "GET", "/v1/risk-rules/rsk_NOPE", "", 404, nil},
			{"list bad cursor", "GET", "/v1/risk-rules?cursor=***", "", 422, []string{"query.cursor invalid_format"}},
		} {
			role := admin
			if c.status == 403 {
				role = actor.CustomerService
			}
			res := f.srv.Do(role, c.method, c.path, c.body)
			require.Equal(t, c.status, res.Status, "%s: %s", c.name, res.Raw)
			require.Equal(t, c.fields, res.Fields, "%s: %s", c.name, res.Raw)
		}
		require.Equal(t, before, f.snapshot(), "refusals write nothing")

		// Replace: every setting changes but the id; the body may repeat the id.
		hv := ids[risk.HighValue]
		res = f.do(admin, "PUT", "/v1/risk-rules/"+hv, `{"id":"`+hv+`","name":"Very large orders","kind":"high_value",
			"weight":70,"action":"reject","params":{"currency":"eur","max_total_minor":500000}}`, 200)
		require.Equal(t, "Very large orders", res.Body["name"])
		require.Equal(t, "reject", res.Body["action"])
		require.Equal(t, map[string]any{"currency": "EUR", "max_total_minor": 500000.0}, res.Body["params"])

		// What GET answers can be PUT back unchanged.
		got := f.do(admin, "GET", "/v1/risk-rules/"+hv, "", 200)
		res = f.do(admin, "PUT", "/v1/risk-rules/"+hv, got.Raw, 200)
		require.Equal(t, got.Body["params"], res.Body["params"])
		require.Equal(t, got.Body["created_at"], res.Body["created_at"])

		// Delete deactivates and keeps the rule; deleting again changes nothing.
		res = f.do(admin, "DELETE", "/v1/risk-rules/"+hv, "", 200)
		require.Equal(t, false, res.Body["active"])
		f.do(admin, "DELETE", "/v1/risk-rules/"+hv, "", 200)
		res = f.do(admin, "GET", "/v1/risk-rules/"+hv, "", 200)
		require.Equal(t, false, res.Body["active"])
		require.Equal(t, []string{"risk_rule.create", "risk_rule.replace", "risk_rule.replace", "risk_rule.deactivate"}, f.auditActions(hv))

		// Lists: all, active only, deleted only, page by page.
		listIDs := func(query string) []string {
			var out []string
			for pages := 0; ; pages++ {
				require.Less(t, pages, 10)
				res := f.do(admin, "GET", "/v1/risk-rules?"+query, "", 200)
				for _, it := range res.Body["items"].([]any) {
					out = append(out, it.(map[string]any)["id"].(string))
				}
				next, ok := res.Body["next_cursor"].(string)
				if !ok {
					return out
				}
				query = "limit=2&cursor=" + next
			}
		}
		var all []string
		for _, k := range risk.Kinds {
			all = append(all, ids[k])
		}
		slices.Sort(all)
		require.Equal(t, all, listIDs("limit=2"))
		require.Equal(t, []string{hv}, listIDs("active=false"))
		require.Len(t, listIDs("active=true&limit=100"), len(all)-1)
		f.do(actor.CustomerService, "GET", "/v1/risk-rules", "", 403)

		// Reviving: a replacement without "active" is active.
		res = f.do(admin, "PUT", "/v1/risk-rules/"+hv, ruleExamples[risk.HighValue], 200)
		require.Equal(t, true, res.Body["active"])
	})
}

func TestRiskSettingsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const admin = actor.Admin
		res := f.do(admin, "GET", "/v1/risk-settings", "", 200)
		require.Equal(t, 0.0, res.Body["hold_score"])
		require.Equal(t, 0.0, res.Body["reject_score"])
		before := f.snapshot()
		for _, c := range []struct {
			body   string
			status int
			fields []string
		}{
			{`{"hold_score":50,"reject_score":50}`, 422, []string{"reject_score out_of_range"}},
			{`{"hold_score":-1,"reject_score":0}`, 422, []string{"hold_score out_of_range"}},
			{`{"hold_score":0,"reject_score":1000001}`, 422, []string{"reject_score out_of_range"}},
			{`{"hold_score":10}`, 422, []string{"reject_score required"}},
			{`{"hold_score":10,"reject_score":20,"colour":1}`, 422, []string{"colour unknown_field"}},
		} {
			res := f.srv.Do(admin, "PUT", "/v1/risk-settings", c.body)
			require.Equal(t, c.status, res.Status, "%s: %s", c.body, res.Raw)
			require.Equal(t, c.fields, res.Fields, "%s: %s", c.body, res.Raw)
		}
		f.do(actor.CustomerService, "PUT", "/v1/risk-settings", `{"hold_score":1,"reject_score":2}`, 403)
		require.Equal(t, before, f.snapshot())

		res = f.do(admin, "PUT", "/v1/risk-settings", `{"hold_score":60,"reject_score":0}`, 200)
		require.Equal(t, 60.0, res.Body["hold_score"])
		res = f.do(admin, "GET", "/v1/risk-settings", "", 200)
		require.Equal(t, 60.0, res.Body["hold_score"])
		require.Equal(t, 0.0, res.Body["reject_score"])
		require.Equal(t, []string{"risk_settings.update"}, f.auditActions("risk"))
	})
}

// TestLoadPolicy: what the API stores is what the engine evaluates with.
func TestLoadPolicy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		var want []risk.Rule
		for _, k := range risk.Kinds {
			r, err := risk.DecodeRule([]byte(ruleExamples[k]))
			require.NoError(t, err)
			stored, err := f.store.CreateRule(f.ctx, r)
			require.NoError(t, err)
			if k == risk.CountryMismatch {
				_, err := f.store.DeactivateRule(f.ctx, stored.ID)
				require.NoError(t, err)
				continue
			}
			r.ID = stored.ID
			want = append(want, r)
		}
		_, err := f.store.UpdateSettings(f.ctx, SettingsInput{HoldScore: 60, RejectScore: 150})
		require.NoError(t, err)

		var p risk.Policy
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) (err error) { p, err = LoadPolicy(f.ctx, tx); return err }))
		slices.SortFunc(want, func(a, b risk.Rule) int { return strings.Compare(a.ID, b.ID) })
		require.Equal(t, risk.Policy{Rules: want, HoldScore: 60, RejectScore: 150}, p)
		require.NoError(t, p.Validate())

		// The policy evaluates against the stored history: with three earlier
		// orders to one address, a fourth trips the velocity rule (limit 3),
		// and the order's own recorded keys are not counted twice.
		facts := risk.Facts{Email: "ana@example.com", Phone: "+14155550100", PaymentMethod: "prepaid",
			Currency: "USD", TotalMinor: 1000}
		facts.Shipping.Line1, facts.Shipping.PostalCode, facts.Shipping.Country = "350 Fifth Avenue", "10118", "US"
		for i := range 3 {
			require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error { return RecordKeys(f.ctx, tx, "ord_"+strconv.Itoa(i), tx.Now, facts) }))
		}
		var v risk.Verdict
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			if err := RecordKeys(f.ctx, tx, "ord_new", tx.Now, facts); err != nil {
				return err
			}
			v, err = p.Evaluate(f.ctx, facts, NewHistory(tx, "ord_new"), tx.Now)
			return err
		}))
		require.Equal(t, risk.Hold, v.Action, "%+v", v)
		require.Equal(t, "4 orders to this address in the last 24 hours (limit 3)", v.Reasons[0].Text)
		require.Equal(t, want[0].ID, v.Reasons[0].RuleID)
	})
}

// TestRiskRuleOpenAPI: the raw rule body is documented as JSON with an
// example per kind, not as an opaque byte string.
func TestRiskRuleOpenAPI(t *testing.T) {
	srv := httpapi.New(httpapi.Options{})
	Register(srv.API(), NewStore(nil, Config{}))
	paths := srv.API().OpenAPI().Paths
	for _, o := range []*huma.Operation{paths["/v1/risk-rules"].Post, paths["/v1/risk-rules/{id}"].Put} {
		require.Len(t, o.RequestBody.Content, 1, o.OperationID)
		mt := o.RequestBody.Content["application/json"]
		require.NotNil(t, mt, o.OperationID)
		require.Len(t, mt.Examples, len(risk.Kinds))
		require.Contains(t, o.Description, "`velocity`: `dimension`")
	}
}
