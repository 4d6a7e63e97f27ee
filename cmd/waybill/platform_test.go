package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
)

// The platform end to end through the binary, on each database: health,
// OpenAPI, docs, metrics, auth, and the version and migrate commands.
func TestServeEndToEnd(t *testing.T) {
	t.Parallel()
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		out, err := runCmd(t, "--db", dbURL, "migrate")
		require.NoError(t, err)
		require.Contains(t, out, "schema at version")

		srv := start(t, "--db", dbURL, "serve", "--addr", "127.0.0.1:0")
		anon := client{t: t, base: srv.base}
		for _, path := range []string{"/healthz", "/readyz", "/metrics", "/docs", "/openapi.json"} {
			status, body := anon.raw(http.MethodGet, path, nil, "")
			require.Equal(t, http.StatusOK, status, path)
			require.NotEmpty(t, body, path)
		}
		status, doc := anon.do(http.MethodGet, "/openapi.json", nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "3.1.0", doc["openapi"])

		status, problem := anon.do(http.MethodGet, "/v1/api-keys", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "unauthorized", problem["code"])
		status, _ = client{t: t, base: srv.base, key: "wb_" + strings.Repeat("A", 69)}.do(http.MethodGet, "/v1/api-keys", nil)
		require.Equal(t, http.StatusUnauthorized, status)

		admin := client{t: t, base: srv.base, key: createKey(t, dbURL, "admin")}
		status, created := admin.do(http.MethodPost, "/v1/api-keys", map[string]any{"name": "shop", "role": "integration"})
		require.Equal(t, http.StatusCreated, status)
		shop := client{t: t, base: srv.base, key: created["key"].(string)}
		status, _ = shop.do(http.MethodGet, "/v1/api-keys", nil)
		require.Equal(t, http.StatusForbidden, status, "integration may not manage keys")

		status, _ = admin.do(http.MethodDelete, "/v1/api-keys/"+created["id"].(string), nil)
		require.Equal(t, http.StatusNoContent, status)

		status, audit := admin.do(http.MethodGet, "/v1/audit-log?entity=api_key", nil)
		require.Equal(t, http.StatusOK, status)
		actions := []string{}
		for _, e := range audit["items"].([]any) {
			actions = append(actions, e.(map[string]any)["action"].(string))
		}
		require.Contains(t, actions, "api_key.create")
		require.Contains(t, actions, "api_key.revoke")

		_, metrics := anon.raw(http.MethodGet, "/metrics", nil, "")
		require.Contains(t, string(metrics), `waybill_http_requests_total{method="GET",route="GET /v1/api-keys",status="403"} 1`)
		for _, m := range []string{"waybill_engine_orders_total 0", "waybill_engine_queued 0", "waybill_jobs_failed_total 0",
			"waybill_jobs_pending "} {
			require.Contains(t, string(metrics), m, "the engine and the job runner publish their counters")
		}
	})
}

func TestVersionAndUsage(t *testing.T) {
	t.Parallel()
	out, err := runCmd(t, "version")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(out, "waybill "), out)

	_, err = runCmd(t, "no-such-command")
	require.Error(t, err)
	_, err = runCmd(t, "--db", "mysql://x", "migrate")
	require.ErrorContains(t, err, "sqlite: or postgres://")
	_, err = runCmd(t, "--db", "sqlite:"+t.TempDir()+"/x.db", "apikey", "create", "--role", "root", "--name", "x")
	require.Error(t, err, "unknown role is refused")
}
