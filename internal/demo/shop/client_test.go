package shop

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// A failing request is logged once, however often it fails, until it works
// again; a request cut short because the demo stops is not logged.
func TestFailuresLoggedOnce(t *testing.T) {
	var up atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	var logs bytes.Buffer
	c := &client{base: srv.URL, http: srv.Client(), log: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx := context.Background()
	for range 3 {
		require.Error(t, c.post(ctx, "placing an order", "/v1/orders", nil, []byte("{}"), nil))
	}
	require.Equal(t, 1, strings.Count(logs.String(), "failed"), "%s", logs.String())
	up.Store(true)
	require.NoError(t, c.post(ctx, "placing an order", "/v1/orders", nil, []byte("{}"), nil))
	require.Contains(t, logs.String(), "works again")
	up.Store(false)
	require.Error(t, c.post(ctx, "placing an order", "/v1/orders", nil, []byte("{}"), nil))
	require.Equal(t, 2, strings.Count(logs.String(), "failed"), "a new failure after a success is logged")

	stopped, cancel := context.WithCancel(ctx)
	cancel()
	require.Error(t, c.post(stopped, "paying an order", "/v1/payment-events/demo", nil, []byte("{}"), nil))
	require.Equal(t, 2, strings.Count(logs.String(), "failed"), "%s", logs.String())
}
