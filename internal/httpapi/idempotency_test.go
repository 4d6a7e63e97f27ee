package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
)

// The idempotency layer replays a write sent again with its
// Idempotency-Key, and leaves alone the operations marked OwnIdempotency,
// which store and replay their answers themselves (order placement does it
// in the order's transaction).
func TestOwnIdempotency(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	srv := httpapi.New(httpapi.Options{Auth: keys{}, Idempotency: d})
	var plain, own atomic.Int64
	type out struct{ Body map[string]int64 }
	httpapi.Register(srv.API(), huma.Operation{OperationID: "plain-write", Method: http.MethodPost, Path: "/v1/plain/{id}"},
		[]actor.Role{actor.Admin}, func(context.Context, *struct {
			ID string `path:"id"`
		}) (*out, error) {
			return &out{map[string]int64{"run": plain.Add(1)}}, nil
		})
	httpapi.Register(srv.API(), httpapi.OwnIdempotency(huma.Operation{OperationID: "own-write", Method: http.MethodPost, Path: "/v1/own/{id}"}),
		[]actor.Role{actor.Admin}, func(context.Context, *struct {
			ID string `path:"id"`
		}) (*out, error) {
			return &out{map[string]int64{"run": own.Add(1)}}, nil
		})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	send := func(path string) (string, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(`{}`))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer admin-key")
		req.Header.Set("Idempotency-Key", "k-1")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return string(body), res.Header.Get("Idempotent-Replayed")
	}
	first, _ := send("/v1/plain/a")
	again, replayed := send("/v1/plain/a")
	require.Equal(t, first, again)
	require.Equal(t, "true", replayed)
	require.Equal(t, int64(1), plain.Load(), "the layer answered the retry")

	send("/v1/own/a")
	_, replayed = send("/v1/own/a")
	require.Empty(t, replayed)
	require.Equal(t, int64(2), own.Load(), "the layer left the marked operation to itself")
}
