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
	t.Parallel()
	mp := mailpittest.Start(t)
	dbURL := migrated(t, dbtest.SQLiteURL(t))
	srv := start(t, "--db", dbURL, "--smtp", fmt.Sprintf("smtp://%s:%d?from=shop@example.com&tls=none", mp.Host, mp.SMTPPort),
		"serve", "--addr", "127.0.0.1:0")
	admin := client{t: t, base: srv.base, key: createKey(t, dbURL, "admin")}
	stockMug(admin, map[string]any{"country": "US"}, 5)
	o := admin.expect("POST", "/v1/orders", map[string]any{"channel": "web", "external_ref": "mail-1", "payment_method": "prepaid", "currency": "USD",
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
