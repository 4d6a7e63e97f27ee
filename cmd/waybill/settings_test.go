package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// The operator's settings through the served API on both databases: a
// PATCH reaches the server's intake engine (COD in a country added, a
// shorter payment window) and its idempotency layer (answers kept for the
// new retention), and it is in the audit log.
func TestSettingsOverHTTP(t *testing.T) {
	t.Parallel()
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		dbURL = migrated(t, dbURL)
		srv := start(t, "--db", dbURL, "--log-level", "warn", "serve", "--addr", "127.0.0.1:0")
		admin := client{t: t, base: srv.base, key: createKey(t, dbURL, "admin")}
		stockMug(admin, map[string]any{"country": "US"}, 5)
		place := func(ref, method string) map[string]any {
			return admin.expect("POST", "/v1/orders", map[string]any{"channel": "web", "external_ref": ref, "payment_method": method,
				"currency": "USD", "customer": map[string]any{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+1 650-253-0000"},
				"shipping_address": map[string]any{"line1": "1600 Amphitheatre Pkwy", "city": "Mountain View", "region": "CA",
					"postal_code": "94043", "country": "US"},
				"lines": []map[string]any{{"sku": "MUG", "quantity": 1}}}, http.StatusCreated)
		}
		require.Equal(t, "on_hold", place("s-1", "cod")["status"], "COD is not offered in the US by default")

		got := admin.expect("PATCH", "/v1/settings", map[string]any{"cod_countries": []string{"US", "BR"},
			"payment_window": "10m", "idempotency_retention": "3h"}, http.StatusOK)
		require.Equal(t, []any{"BR", "US"}, got["cod_countries"])

		require.Equal(t, "confirmed", place("s-2", "cod")["status"], "COD now offered in the US")
		prepaid := place("s-3", "prepaid")
		created, err := time.Parse(time.RFC3339Nano, prepaid["created_at"].(string))
		require.NoError(t, err)
		due, err := time.Parse(time.RFC3339Nano, prepaid["payment_due_at"].(string))
		require.NoError(t, err)
		require.Equal(t, 10*time.Minute, due.Sub(created))

		req, err := http.NewRequest("POST", srv.base+"/v1/products", strings.NewReader(`{"sku":"CUP","name":"Cup","weight_g":200,`+
			`"length_mm":90,"width_mm":90,"height_mm":100,"price_minor":999,"currency":"USD"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+admin.key)
		req.Header.Set("Idempotency-Key", "settings-cup-1")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusCreated, resp.StatusCode)
		d, err := db.Open(context.Background(), dbURL, db.Options{})
		require.NoError(t, err)
		defer d.Close()
		var stored, expires time.Time
		require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
			return tx.QueryRowContext(context.Background(), `SELECT created_at, expires_at FROM idempotency_keys WHERE key = 'settings-cup-1'`).
				Scan(&stored, &expires)
		}))
		require.Equal(t, 3*time.Hour, expires.Sub(stored), "the idempotency layer keeps answers for the setting's retention")

		audit := admin.expect("GET", "/v1/audit-log?entity=settings", nil, http.StatusOK)
		require.Len(t, audit["items"], 1)
		require.Equal(t, "settings.update", audit["items"].([]any)[0].(map[string]any)["action"])
	})
}
