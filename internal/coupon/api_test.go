package coupon_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
)

// couponAPI serves the order and coupon operations with a client per role.
func couponAPI(t *testing.T, d *db.DB) (*flowtest.Rig, map[actor.Role]couponClient) {
	t.Helper()
	r := shop(t, d)
	keys := auth.NewKeys(d)
	srv := httpapi.New(httpapi.Options{Auth: keys})
	order.Register(srv.API(), r.Engine, r.Orders)
	coupon.Register(srv.API(), r.Coupons)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	clients := map[actor.Role]couponClient{}
	for _, role := range actor.Roles {
		_, key, err := keys.Create(actor.With(r.Ctx, actor.CLI("test")), "test "+string(role), role)
		require.NoError(t, err)
		clients[role] = couponClient{t: t, base: ts.URL, key: key}
	}
	return r, clients
}

// couponClient sends bodies as written, so tests can send malformed JSON.
type couponClient struct {
	t         *testing.T
	base, key string
}

func (c couponClient) call(method, path, body string) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+c.key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp.StatusCode, raw
}

func TestCouponAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, as := couponAPI(t, d)
		admin := as[actor.Admin]
		const valid = `{"code":"summer-10","kind":"percent","percent_bp":1000,"currency":"USD","min_spend_minor":5000,` +
			`"starts_at":"2030-06-01T00:00:00Z","ends_at":"2030-09-01T00:00:00Z","max_uses":100,"max_uses_per_customer":1}`
		with := func(field, value string) string { // valid with one field replaced, added or (value "") removed
			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(valid), &m))
			if value == "" {
				delete(m, field)
			} else {
				m[field] = json.RawMessage(value)
			}
			b, _ := json.Marshal(m)
			return string(b)
		}
		for _, c := range []struct {
			name   string
			body   string
			status int
			fields map[string]string
		}{
			{"malformed", `{"code":"X",`, 400, nil},
			{"unknown field", with("colour", `"red"`), 422, map[string]string{"colour": "unknown_field"}},
			{"absurd percent", with("percent_bp", "20000"), 422, map[string]string{"percent_bp": "out_of_range"}},
			{"zero percent", with("percent_bp", "0"), 422, map[string]string{"percent_bp": "out_of_range"}},
			{"negative amount", `{"code":"NEG","kind":"amount","amount_minor":-5,"currency":"USD"}`, 422, map[string]string{"amount_minor": "out_of_range"}},
			{"amount without currency", `{"code":"NOCUR","kind":"amount","amount_minor":500}`, 422, map[string]string{"currency": "required"}},
			{"amount with a percent", `{"code":"BOTH","kind":"amount","amount_minor":500,"currency":"USD","percent_bp":10}`, 422, map[string]string{"percent_bp": "unknown_field"}},
			{"min spend without currency", with("currency", ""), 422, map[string]string{"currency": "required"}},
			{"no such currency", with("currency", `"XYZ"`), 422, map[string]string{"currency": "unknown_value"}},
			{"ends before starts", with("ends_at", `"2030-05-31T23:59:59Z"`), 422, map[string]string{"ends_at": "out_of_range"}},
			{"ends as it starts", with("ends_at", `"2030-06-01T00:00:00Z"`), 422, map[string]string{"ends_at": "out_of_range"}},
			{"bad code", with("code", `"SUMMER 10!"`), 422, map[string]string{"code": "invalid_format"}},
			{"no kind", with("kind", ""), 422, map[string]string{"kind": "required"}},
			{"negative limit", with("max_uses", "-1"), 422, map[string]string{"max_uses": "out_of_range"}},
			{"created", valid, 201, nil},
			{"duplicate code, other case", with("code", `"SUMMER-10"`), 409, map[string]string{"code": "duplicate"}},
		} {
			status, body := admin.call("POST", "/v1/coupons", c.body)
			require.Equal(t, c.status, status, "%s: %s", c.name, body)
			if c.fields != nil {
				require.Equal(t, c.fields, apitest.ProblemFields(t, body), "%s: %s", c.name, body)
			}
		}

		// Roles: only administrators write; customer service and integrations read.
		for role, want := range map[actor.Role]int{actor.CustomerService: 403, actor.Integration: 403, actor.Warehouse: 403, actor.Finance: 403} {
			status, _ := as[role].call("POST", "/v1/coupons", with("code", `"OTHER"`))
			require.Equal(t, want, status, role)
		}
		for role, want := range map[actor.Role]int{actor.Admin: 200, actor.CustomerService: 200, actor.Integration: 200, actor.Warehouse: 403, actor.Finance: 403} {
			status, _ := as[role].call("GET", "/v1/coupons/summer-10", "")
			require.Equal(t, want, status, role)
		}
		status, body := admin.call("GET", "/v1/coupons/SUMMER-10", "")
		require.Equal(t, 200, status)
		var got coupon.Coupon
		require.NoError(t, json.Unmarshal(body, &got))
		require.Equal(t, "SUMMER-10", got.Code)
		require.True(t, got.Active)
		require.Equal(t, "2030-09-01T00:00:00Z", got.EndsAt.Format("2006-01-02T15:04:05Z07:00"))
		status, _ = admin.call("GET", "/v1/coupons/NOPE", "")
		require.Equal(t, 404, status)

		// Changes: deactivate, move the window; validated as a whole; kind and value cannot change.
		status, body = admin.call("PATCH", "/v1/coupons/summer-10", `{"active":false,"max_uses":0}`)
		require.Equal(t, 200, status, "%s", body)
		require.NoError(t, json.Unmarshal(body, &got))
		require.False(t, got.Active)
		require.Zero(t, got.MaxUses)
		status, body = admin.call("PATCH", "/v1/coupons/summer-10", `{"ends_at":"2030-01-01T00:00:00Z"}`)
		require.Equal(t, 422, status)
		require.Equal(t, map[string]string{"ends_at": "out_of_range"}, apitest.ProblemFields(t, body))
		status, body = admin.call("PATCH", "/v1/coupons/summer-10", `{"percent_bp":5000}`)
		require.Equal(t, 422, status)
		require.Equal(t, map[string]string{"percent_bp": "unknown_field"}, apitest.ProblemFields(t, body))
		status, _ = as[actor.CustomerService].call("PATCH", "/v1/coupons/summer-10", `{"active":true}`)
		require.Equal(t, 403, status)
		status, _ = admin.call("PATCH", "/v1/coupons/NOPE", `{"active":true}`)
		require.Equal(t, 404, status)

		entries, err := audit.List(t.Context(), d, audit.Filter{Entity: "coupon", EntityID: "SUMMER-10", Limit: 10})
		require.NoError(t, err)
		require.Len(t, entries, 2, "create and the one change that was made")
		require.Equal(t, []string{"coupon.update", "coupon.create"}, []string{entries[0].Action, entries[1].Action})

		// The list pages by code and filters on active.
		for _, code := range []string{"B-2", "A-1", "C-3"} {
			status, body := admin.call("POST", "/v1/coupons", `{"code":"`+code+`","kind":"amount","amount_minor":100,"currency":"EUR"}`)
			require.Equal(t, 201, status, "%s", body)
		}
		var codes []string
		next := "/v1/coupons?limit=3"
		for next != "" {
			status, body := as[actor.Integration].call("GET", next, "")
			require.Equal(t, 200, status, "%s", body)
			var page httpapi.Page[coupon.Coupon]
			require.NoError(t, json.Unmarshal(body, &page))
			for _, c := range page.Items {
				codes = append(codes, c.Code)
			}
			next = ""
			if page.NextCursor != "" {
				next = "/v1/coupons?limit=3&cursor=" + page.NextCursor
			}
		}
		require.Equal(t, []string{"A-1", "B-2", "C-3", "SUMMER-10"}, codes)
		status, body = admin.call("GET", "/v1/coupons?active=false", "")
		require.Equal(t, 200, status)
		require.Equal(t, 1, strings.Count(string(body), `"code"`), "%s", body)
		status, _ = admin.call("GET", "/v1/coupons?cursor=***", "")
		require.Equal(t, 422, status)

		// Checkout: coupons priced server-side; limits answered per coupon.
		status, body = admin.call("POST", "/v1/coupons", `{"code":"API5","kind":"amount","amount_minor":500,"currency":"USD","max_uses":2}`)
		require.Equal(t, 201, status, "%s", body)
		shopper := as[actor.Integration]
		for i := range 3 {
			req, _ := json.Marshal(withCoupons(fmt.Sprintf("api-%d", i), "ada@example.com", []order.LineInput{flowtest.Line("SKU-000", 2)}, "api5"))
			status, body = shopper.call("POST", "/v1/orders", string(req))
			if i < 2 {
				require.Equal(t, 201, status, "%s", body)
				require.Contains(t, string(body), `"discount_minor":500,"shipping_minor":0,"total_minor":1500`)
				continue
			}
			require.Equal(t, 422, status, "%s", body)
			require.Equal(t, map[string]string{"coupons[0]": coupon.UsedUp}, apitest.ProblemFields(t, body))
		}
		status, body = admin.call("PATCH", "/v1/coupons/api5", `{"max_uses":1}`)
		require.Equal(t, 409, status, "%s", body)
		require.Equal(t, map[string]string{"max_uses": "out_of_range"}, apitest.ProblemFields(t, body))
	})
}
