package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
)

// The review stage through the served API on both databases, as an
// operator would drive it (cash on delivery to Brazil, confirmed at once): a shortage policy and a risk rule set over
// HTTP; a clean COD order is reviewed by the server's job runner and
// released to the warehouse's fulfilment queue; a held one waits for a
// reviewer, who claims and approves its task over HTTP; a second reviewer
// cannot take the same task.
func TestReviewOverHTTP(t *testing.T) {
	t.Parallel()
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		dbURL = migrated(t, dbURL)
		srv := start(t, "--db", dbURL, "serve", "--addr", "127.0.0.1:0")
		admin := client{t: t, base: srv.base, key: createKey(t, dbURL, "admin")}
		shop := client{t: t, base: srv.base, key: createKey(t, dbURL, "integration")}
		agent := client{t: t, base: srv.base, key: createKey(t, dbURL, "customer_service")}
		other := client{t: t, base: srv.base, key: createKey(t, dbURL, "customer_service")}
		picker := client{t: t, base: srv.base, key: createKey(t, dbURL, "warehouse")}
		stockMug(admin, map[string]any{"country": "BR", "parcel_cost_minor": 700, "transit_days": 3}, 5)

		bad := admin.expect("PUT", "/v1/products/MUG/shortage-policy", map[string]any{"policy": "presale"}, http.StatusUnprocessableEntity)
		require.Contains(t, bad["errors"].([]any)[0].(map[string]any)["field"], "release_on")
		admin.expect("PUT", "/v1/products/MUG/shortage-policy", map[string]any{"policy": "backorder", "max_waiting": 10, "lead_days": 5}, http.StatusOK)
		admin.expect("POST", "/v1/risk-rules", map[string]any{"name": "big orders", "kind": "high_value", "weight": 40, "action": "hold",
			"active": true, "params": map[string]any{"currency": "USD", "max_total_minor": 5000}}, http.StatusCreated)

		place := func(ref string, qty int) map[string]any {
			return shop.expect("POST", "/v1/orders", map[string]any{"channel": "web", "external_ref": ref, "payment_method": "cod",
				"currency": "USD", "customer": map[string]any{"name": "Ana Souza", "email": "ana@example.com", "phone": "+55 11 91234-5678"},
				"shipping_address": map[string]any{"name": "Ana Souza", "line1": "Av. Paulista, 1000", "city": "São Paulo",
					"region": "SP", "postal_code": "01310-100", "country": "BR"},
				"lines": []map[string]any{{"sku": "MUG", "quantity": qty}}}, http.StatusCreated)
		}
		status := func(id string) string {
			return admin.expect("GET", "/v1/orders/"+id, nil, http.StatusOK)["status"].(string)
		}
		waitFor := func(id, want string) {
			t.Helper()
			deadline := time.Now().Add(20 * time.Second)
			for status(id) != want && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
			}
			require.Equal(t, want, status(id))
		}

		clean := place("r-1", 1)
		require.NotEmpty(t, clean["estimated_ship_date"])
		waitFor(clean["id"].(string), "released")
		queue := picker.expect("GET", "/v1/fulfilments?warehouse=US-1&status=ready_to_pick", nil, http.StatusOK)
		require.Len(t, queue["items"], 1, "the warehouse sees the released order")

		big := place("r-2", 5) // 74.95 USD: held by the rule; 4 in stock, one unit backordered
		waitFor(big["id"].(string), "on_hold")
		tasks := agent.expect("GET", "/v1/review-tasks?status=open&order_id="+big["id"].(string), nil, http.StatusOK)["items"].([]any)
		require.Len(t, tasks, 1)
		task := tasks[0].(map[string]any)["id"].(string)
		agent.expect("POST", "/v1/review-tasks/"+task+"/claim", nil, http.StatusOK)
		other.expect("POST", "/v1/review-tasks/"+task+"/claim", nil, http.StatusConflict)
		other.expect("POST", "/v1/review-tasks/"+task+"/decide", map[string]any{"outcome": "approve"}, http.StatusForbidden)
		agent.expect("POST", "/v1/review-tasks/"+task+"/decide", map[string]any{"outcome": "approve", "note": "called"}, http.StatusOK)
		require.Equal(t, "confirmed", status(big["id"].(string)), "approved; its backordered unit keeps it waiting")

		admin.expect("POST", "/v1/stock/receipts", map[string]any{"warehouse": "US-1", "bin": "A-01-01-1", "sku": "MUG", "quantity": 3, "reference": "PO-2"}, http.StatusCreated)
		waitFor(big["id"].(string), "released")
		code, raw := admin.raw("GET", "/v1/orders/"+big["id"].(string)+"/events", nil, "")
		require.Equal(t, http.StatusOK, code)
		var events []struct {
			Type string `json:"type"`
		}
		require.NoError(t, json.Unmarshal(raw, &events))
		var types []string
		for _, e := range events {
			types = append(types, e.Type)
		}
		require.Subset(t, types, []string{"order.reviewed", "order.held", "order.review_approved", "order.waiting_for_stock", "order.stock_reserved", "order.released"})
	})
}
