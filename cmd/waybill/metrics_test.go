package main

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
)

// With --metrics-token, /metrics answers only that bearer token; anyone
// else gets a 401 problem and no figures. The other public pages stay open.
func TestMetricsToken(t *testing.T) {
	t.Parallel()
	dbURL := migrated(t, dbtest.SQLiteURL(t))
	srv := start(t, "--db", dbURL, "--metrics-token", "s3cret-scrape", "serve", "--addr", "127.0.0.1:0")

	get := func(auth string) (int, string, http.Header) {
		req, err := http.NewRequest(http.MethodGet, srv.base+"/metrics", nil)
		require.NoError(t, err)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b), resp.Header
	}
	for _, auth := range []string{"", "Bearer wrong", "Bearer s3cret-scrap", "Bearer s3cret-scrape-and-more", "Basic s3cret-scrape", "s3cret-scrape"} {
		status, body, h := get(auth)
		require.Equal(t, http.StatusUnauthorized, status, "Authorization %q", auth)
		require.Equal(t, "application/problem+json", h.Get("Content-Type"))
		require.Contains(t, body, `"code":"unauthorized"`)
		require.NotContains(t, body, "waybill_", "no figures leak")
	}
	status, body, _ := get("Bearer s3cret-scrape")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "waybill_engine_orders_total")
	status, _, _ = get("bearer s3cret-scrape")
	require.Equal(t, http.StatusOK, status, "the scheme is case-insensitive")

	status, _ = client{t: t, base: srv.base}.raw(http.MethodGet, "/healthz", nil, "")
	require.Equal(t, http.StatusOK, status)
}
