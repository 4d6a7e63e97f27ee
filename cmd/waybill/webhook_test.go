package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
)

// The served binary on both databases: an order placed and cancelled over
// the API reaches a subscribed receiver as two signed webhooks (checked
// with the Standard Webhooks library against the secret the create answer
// showed), whose webhook-ids are the ids the changes feed lists.
func TestWebhooksThroughTheServer(t *testing.T) {
	t.Parallel()
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		dbURL = migrated(t, dbURL)
		var mu sync.Mutex
		var secret string
		var got []string
		rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			wh, err := standardwebhooks.NewWebhook(secret)
			if err != nil || wh.Verify(body, r.Header) != nil {
				http.Error(w, "bad signature", http.StatusUnauthorized)
				return
			}
			if id := r.Header.Get("webhook-id"); !slices.Contains(got, id) {
				got = append(got, id)
			}
		}))
		t.Cleanup(rc.Close)
		srv := start(t, "--db", dbURL, "--webhook-allow-http", "--webhook-allow-private", "serve", "--addr", "127.0.0.1:0")
		admin := client{t: t, base: srv.base, key: createKey(t, dbURL, "admin")}
		shop := client{t: t, base: srv.base, key: createKey(t, dbURL, "integration")}
		stockMug(admin, map[string]any{"country": "US"}, 5)
		ep := shop.expect("POST", "/v1/webhook-endpoints", map[string]any{"url": rc.URL + "/waybill",
			"event_types": []string{"order.placed", "order.cancelled"}}, http.StatusCreated)
		mu.Lock()
		secret = ep["secret"].(string)
		mu.Unlock()

		o := shop.expect("POST", "/v1/orders", map[string]any{"channel": "web", "external_ref": "hook-1", "payment_method": "prepaid", "currency": "USD",
			"customer":         map[string]any{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+1 650-253-0000"},
			"shipping_address": map[string]any{"name": "Ada Lovelace", "line1": "1600 Amphitheatre Pkwy", "city": "Mountain View", "region": "CA", "postal_code": "94043", "country": "US"},
			"lines":            []map[string]any{{"sku": "MUG", "quantity": 1}}}, http.StatusCreated)
		shop.expect("POST", "/v1/orders/"+o["id"].(string)+"/cancel", map[string]any{"reason": "test"}, http.StatusOK)

		var want []string
		deadline := time.Now().Add(30 * time.Second)
		for {
			feed := shop.expect("GET", "/v1/events?limit=100", nil, http.StatusOK)
			want = want[:0]
			for _, it := range feed["items"].([]any) {
				e := it.(map[string]any)
				if e["type"] == "order.placed" || e["type"] == "order.cancelled" {
					want = append(want, e["id"].(string))
				}
			}
			mu.Lock()
			n := len(got)
			mu.Unlock()
			if (len(want) == 2 && n == 2) || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		mu.Lock()
		require.Len(t, want, 2, "the feed shows the placement and the cancel")
		require.ElementsMatch(t, want, got, "both delivered and signed (attempts run in parallel, so in any order)")
		mu.Unlock()
		// The receiver has answered; the attempts are recorded just after.
		for {
			deliveries := shop.expect("GET", "/v1/webhook-endpoints/"+ep["id"].(string)+"/deliveries", nil, http.StatusOK)
			var states []string
			for _, it := range deliveries["items"].([]any) {
				states = append(states, it.(map[string]any)["state"].(string))
			}
			if slices.Equal(states, []string{"delivered", "delivered"}) {
				break
			}
			require.True(t, time.Now().Before(deadline), "deliveries: %v", states)
			time.Sleep(50 * time.Millisecond)
		}
	})
}
