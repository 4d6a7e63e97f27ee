package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/notify/mailpittest"
)

// An order placed over the API gets its confirmation e-mail through a real
// SMTP server, sent by the durable job created with the order.
func TestOrderConfirmationIsEmailed(t *testing.T) {
	mp := mailpittest.Start(t)
	dbURL := dbtest.SQLiteURL(t)
	srv := start(t, "--db", dbURL, "--smtp", fmt.Sprintf("smtp://%s:%d?from=shop@example.com&tls=none", mp.Host, mp.SMTPPort),
		"serve", "--addr", "127.0.0.1:0")
	admin := client{t: t, base: srv.base, key: createKey(t, dbURL, "admin")}
	expect := func(method, path string, body any, want int) map[string]any {
		t.Helper()
		status, out := admin.do(method, path, body)
		require.Equal(t, want, status, "%s %s: %v", method, path, out)
		return out
	}
	expect("POST", "/v1/products", map[string]any{"sku": "MUG", "name": "Ceramic mug", "weight_g": 340, "length_mm": 120,
		"width_mm": 90, "height_mm": 95, "price_minor": 1499, "currency": "USD"}, http.StatusCreated)
	expect("POST", "/v1/warehouses", map[string]any{"code": "US-1", "name": "Newark", "latitude": 40.7, "longitude": -74.1,
		"address":        map[string]any{"line1": "1 Dock St", "city": "Newark", "region": "NJ", "postal_code": "07105", "country": "US"},
		"regions_served": []map[string]any{{"country": "US"}}, "cutoff_time": "16:00", "timezone": "America/New_York"}, http.StatusCreated)
	expect("POST", "/v1/warehouses/US-1/bins", map[string]any{"bins": []map[string]any{{"code": "A-01-01-1", "x": 1, "y": 1}}}, http.StatusCreated)
	expect("POST", "/v1/stock/receipts", map[string]any{"warehouse": "US-1", "bin": "A-01-01-1", "sku": "MUG", "quantity": 5, "reference": "PO"}, http.StatusCreated)
	o := expect("POST", "/v1/orders", map[string]any{"channel": "web", "external_ref": "mail-1", "payment_method": "prepaid", "currency": "USD",
		"customer":         map[string]any{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+1 650-253-0000"},
		"shipping_address": map[string]any{"name": "Ada Lovelace", "line1": "1600 Amphitheatre Pkwy", "city": "Mountain View", "region": "CA", "postal_code": "94043", "country": "US"},
		"lines":            []map[string]any{{"sku": "MUG", "quantity": 2}}}, http.StatusCreated)

	deadline := time.Now().Add(15 * time.Second)
	for mp.Count(t) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	var list struct {
		Messages []mailpittest.Summary `json:"messages"`
	}
	mp.GetJSON(t, "/api/v1/messages", &list)
	require.Len(t, list.Messages, 1, "one confirmation")
	require.Contains(t, list.Messages[0].Subject, o["number"].(string))
	require.Equal(t, "ada@example.com", list.Messages[0].To[0].Address)
}
