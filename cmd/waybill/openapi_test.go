package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/demo"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// TestOpenAPIDescribesEveryAnswer drives the whole API, wired as the
// server wires it, through a checker that compares every answer with the
// published document (status documented for the operation, content type
// documented for the status, body valid against its schema): every
// operation with every role and none, every write with a malformed, a
// non-JSON and an oversized body, and a day's work on the demo data
// (orders placed and replayed, paid by a signed event, cancelled; products,
// stock, keys). A handler that answers something the document does not
// say fails here, so the document cannot drift from the server again.
func TestOpenAPIDescribesEveryAnswer(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t, dbtest.Options{})
	ctx := context.Background()
	_, err := demo.Load(ctx, d, 1)
	require.NoError(t, err)
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	v, err := gateway.New(gateway.Config{Gateway: "test", Scheme: gateway.SchemeStandard, Secret: secret}, clock.Real{})
	require.NoError(t, err)
	srv, stop, err := newServer(d, slog.New(slog.DiscardHandler), services{gateways: map[string]*gateway.Verifier{"test": v}})
	require.NoError(t, err)
	t.Cleanup(stop)
	conform := apitest.NewConformance(srv.API().OpenAPI())
	ts := httptest.NewServer(conform.Wrap(srv.Handler()))
	t.Cleanup(ts.Close)
	keys := map[actor.Role]string{}
	for _, role := range actor.Roles {
		_, keys[role], err = auth.NewKeys(d).Create(actor.With(ctx, actor.CLI("test")), "test "+string(role), role)
		require.NoError(t, err)
	}
	send := func(role actor.Role, method, path, contentType string, body []byte, header ...string) (int, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
		require.NoError(t, err)
		if role != "" {
			req.Header.Set("Authorization", "Bearer "+keys[role])
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, raw
	}
	admin := func(method, path string, body any, want int, header ...string) map[string]any {
		t.Helper()
		var b []byte
		if body != nil {
			b, err = json.Marshal(body)
			require.NoError(t, err)
		}
		status, raw := send(actor.Admin, method, path, "application/json", b, header...)
		require.Equal(t, want, status, "%s %s: %s", method, path, raw)
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return out
	}

	// Every operation, every role and none, and the bodies that cannot be read.
	var doc map[string]any
	status, raw := send("", "GET", "/openapi.json", "", nil)
	require.Equal(t, 200, status)
	require.NoError(t, json.Unmarshal(raw, &doc))
	param := regexp.MustCompile(`\{[^}]+\}`)
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			method = strings.ToUpper(method)
			url := param.ReplaceAllString(path, "nonexistent")
			body := []byte(nil)
			if op.(map[string]any)["requestBody"] != nil {
				body = []byte("{}")
			}
			send("", method, url, "application/json", body)
			for _, role := range actor.Roles {
				send(role, method, url, "application/json", body)
			}
			if body != nil {
				send(actor.Admin, method, url, "application/json", []byte(`{"x":`))
				send(actor.Admin, method, url, "text/plain", []byte(`{}`))
				send(actor.Admin, method, url, "application/json", []byte(`[]`))
				send(actor.Admin, method, url, "application/json", bytes.Repeat([]byte("x"), 2<<20))
			}
			if method != "GET" {
				send(actor.Admin, method, url, "application/json", body, "Idempotency-Key", "bad key with spaces")
			}
		}
	}

	// A day's work.
	sku := "WB-APP-0001"
	req := map[string]any{"channel": "web", "external_ref": "doc-1", "currency": "USD", "payment_method": "prepaid",
		"customer":         map[string]any{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+1 650-253-0000"},
		"shipping_address": map[string]any{"name": "Ada Lovelace", "line1": "1600 Amphitheatre Pkwy", "city": "Mountain View", "region": "CA", "postal_code": "94043", "country": "US"},
		"lines":            []any{map[string]any{"sku": sku, "quantity": 1}}}
	placed := admin("POST", "/v1/orders", req, 201, "Idempotency-Key", "doc-order-1")
	admin("POST", "/v1/orders", req, 201, "Idempotency-Key", "doc-order-1") // the replay
	req["external_ref"] = "doc-1b"
	admin("POST", "/v1/orders", req, 422, "Idempotency-Key", "doc-order-1") // another body under the key
	admin("POST", "/v1/orders", req, 201)
	admin("POST", "/v1/orders", req, 409) // external_ref taken
	id := placed["id"].(string)
	admin("GET", "/v1/orders/"+id, nil, 200)
	admin("GET", "/v1/orders/"+id+"/events", nil, 200)
	admin("GET", "/v1/orders?limit=2", nil, 200)
	admin("GET", "/v1/orders?cursor=garbage", nil, 422)
	admin("GET", "/v1/orders/ord_missing", nil, 404)

	event := func(eventID, typ string, amount any) (int, []byte) {
		body, _ := json.Marshal(map[string]any{"id": eventID, "type": typ, "created_at": time.Now().UTC().Format(time.RFC3339),
			"data": map[string]any{"order_id": id, "amount_minor": amount, "currency": "USD"}})
		h, err := gateway.SignStandard(secret, eventID, time.Now(), body)
		require.NoError(t, err)
		return send("", "POST", "/v1/payment-events/test", "application/json", body,
			"webhook-id", h.Get("webhook-id"), "webhook-timestamp", h.Get("webhook-timestamp"), "webhook-signature", h.Get("webhook-signature"))
	}
	total := placed["total_minor"]
	for _, want := range []int{200, 200} { // the event and its redelivery
		status, raw := event("evt_doc_1", "payment.succeeded", total)
		require.Equal(t, want, status, "%s", raw)
	}
	status, raw = event("evt_doc_2", "payment.unknown", total)
	require.Equal(t, 422, status, "%s", raw)
	status, _ = send("", "POST", "/v1/payment-events/nope", "application/json", []byte(`{}`))
	require.Equal(t, 404, status)
	admin("POST", "/v1/orders/"+id+"/cancel", map[string]any{"reason": "doc"}, 200)
	admin("POST", "/v1/orders/"+id+"/cancel", map[string]any{"reason": "again"}, 409)

	product := admin("GET", "/v1/products/"+sku, nil, 200)
	admin("PATCH", "/v1/products/"+product["id"].(string), map[string]any{"name": "Renamed"}, 200)
	admin("GET", "/v1/products?limit=3", nil, 200)
	admin("GET", "/v1/warehouses", nil, 200)
	admin("GET", "/v1/stock/balances?sku="+sku, nil, 200)
	bins := admin("GET", "/v1/warehouses/US-EWR1/bins?limit=1", nil, 200)["items"].([]any)
	receipt := map[string]any{"warehouse": "US-EWR1", "bin": bins[0].(map[string]any)["code"], "sku": sku, "quantity": 3, "reference": "PO-doc"}
	admin("POST", "/v1/stock/receipts", receipt, 201, "Idempotency-Key", "doc-receipt")
	admin("POST", "/v1/stock/receipts", receipt, 201, "Idempotency-Key", "doc-receipt")
	derived := admin("POST", "/v1/warehouses/US-EWR1/layout/derive", nil, 200)
	admin("PUT", "/v1/warehouses/US-EWR1/layout", derived, 200)
	admin("GET", "/v1/warehouses/US-EWR1/layout", nil, 200)
	derived["depot"] = map[string]any{"aisle": "NOPE", "distance": 1}
	admin("PUT", "/v1/warehouses/US-EWR1/layout", derived, 422)
	status, raw = send(actor.Warehouse, "POST", "/v1/warehouses/US-EWR1/layout/bins", "text/csv",
		[]byte("bin_code,aisle,side,position,level,zone,pick_face\nNOPE,x,up,-1,1,Q,no\n"))
	require.Equal(t, 422, status, "%s", raw)
	admin("GET", "/v1/fulfilments?warehouse=NOPE", nil, 422)
	admin("GET", "/v1/review-tasks", nil, 200)
	admin("GET", "/v1/audit-log?limit=5", nil, 200)
	created := admin("POST", "/v1/api-keys", map[string]any{"name": "doc", "role": "finance"}, 201, "Idempotency-Key", "doc-key")
	admin("POST", "/v1/api-keys", map[string]any{"name": "doc", "role": "finance"}, 409, "Idempotency-Key", "doc-key")
	admin("DELETE", "/v1/api-keys/"+created["id"].(string), nil, 204)
	status, _ = send(actor.Admin, "POST", "/v1/products/import", "text/csv", []byte("sku,name\nX,"))
	require.Less(t, status, 500)

	answered := conform.Answered()
	t.Logf("%d documented (operation, status) pairs answered", len(answered))
	for _, p := range conform.Problems() {
		t.Errorf("%s", p)
	}
	require.Greater(t, len(answered), 200, fmt.Sprint(answered))
}
