package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
)

// Every write takes an Idempotency-Key: a stock receipt retried with its key
// books the stock once and gets the first answer's bytes back, even when
// twenty copies race (those that arrive while the first runs wait for its
// answer); the same key with another body is refused.
func TestIdempotencyKeyOnOtherWrites(t *testing.T) {
	t.Parallel()
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		dbURL = migrated(t, dbURL)
		srv := start(t, "--db", dbURL, "serve", "--addr", "127.0.0.1:0")
		admin := client{t: t, base: srv.base, key: createKey(t, dbURL, "admin")}
		status, _ := admin.do("POST", "/v1/products", map[string]any{"sku": "TEA-1", "name": "Green tea", "weight_g": 100,
			"length_mm": 100, "width_mm": 60, "height_mm": 40, "price_minor": 450, "currency": "EUR"})
		require.Equal(t, http.StatusCreated, status)
		status, _ = admin.do("POST", "/v1/warehouses", map[string]any{"code": "DE-1", "name": "Lager", "latitude": 50.1, "longitude": 8.6,
			"address":     map[string]any{"line1": "Weg 1", "city": "Frankfurt", "postal_code": "60549", "country": "DE"},
			"cutoff_time": "15:00", "timezone": "Europe/Berlin"})
		require.Equal(t, http.StatusCreated, status)
		status, _ = admin.do("POST", "/v1/warehouses/DE-1/bins", map[string]any{"bins": []map[string]any{{"code": "A-01-01-1", "x": 1, "y": 1}}})
		require.Equal(t, http.StatusCreated, status)

		receipt := func(qty int, key string) (int, http.Header, []byte) {
			body, _ := json.Marshal(map[string]any{"warehouse": "DE-1", "bin": "A-01-01-1", "sku": "TEA-1", "quantity": qty, "reference": "PO-7"})
			req, _ := http.NewRequest("POST", srv.base+"/v1/stock/receipts", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+admin.key)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", key)
			resp, err := http.DefaultClient.Do(req)
			if !assert.NoError(t, err) { // also called from goroutines: no FailNow
				return 0, nil, nil
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, resp.Header, raw
		}

		var wg sync.WaitGroup
		var mu sync.Mutex
		created := map[string]int{}
		for range 20 {
			wg.Go(func() {
				status, _, raw := receipt(10, "rcpt-1")
				mu.Lock()
				defer mu.Unlock()
				assert.Equal(t, http.StatusCreated, status, "%s", raw)
				created[string(raw)]++
			})
		}
		wg.Wait()
		require.Len(t, created, 1, "every copy got the same answer")
		for _, n := range created {
			require.Equal(t, 20, n)
		}

		status, h, raw := receipt(10, "rcpt-1")
		require.Equal(t, http.StatusCreated, status)
		require.Equal(t, "true", h.Get("Idempotent-Replayed"))
		for first := range created {
			require.Equal(t, first, string(raw))
		}
		status, _, _ = receipt(11, "rcpt-1")
		require.Equal(t, http.StatusUnprocessableEntity, status)

		_, page := admin.do("GET", "/v1/stock/balances?sku=TEA-1", nil)
		require.Equal(t, float64(10), page["items"].([]any)[0].(map[string]any)["on_hand"], "booked once")
	})
}
