package review

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
)

// TestDecideIdempotencyKey: a decision retried with its Idempotency-Key
// (httpapi's layer, as the server runs it) gets the first answer back
// instead of "already decided", and reaches the order once.
func TestDecideIdempotencyKey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		keys := auth.NewKeys(d)
		srv := httpapi.New(httpapi.Options{Auth: keys, Idempotency: d})
		Register(srv.API(), f.store, f.decider)
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
		_, key, err := keys.Create(f.ctx, "reviewer", actor.CustomerService)
		require.NoError(t, err)
		send := func(path, idem, body string) (int, string, string) {
			t.Helper()
			req, err := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", idem)
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			raw, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			return res.StatusCode, res.Header.Get("Idempotent-Replayed"), string(raw)
		}

		_, taskID := f.openTask(RiskReview, "")
		status, _, _ := send("/v1/review-tasks/"+taskID+"/claim", "claim-1", "")
		require.Equal(t, 200, status)
		path := "/v1/review-tasks/" + taskID + "/decide"
		status, replayed, first := send(path, "decide-1", `{"outcome":"approve"}`)
		require.Equal(t, 200, status, first)
		require.Empty(t, replayed)
		status, replayed, again := send(path, "decide-1", `{"outcome":"approve"}`)
		require.Equal(t, 200, status, again)
		require.Equal(t, "true", replayed)
		require.Equal(t, first, again)
		require.Len(t, f.decider.take(), 1, "the order heard of the decision once")

		status, _, body := send(path, "decide-1", `{"outcome":"cancel","reason":"changed my mind"}`)
		require.Equal(t, 422, status, "another body under the same key: %s", body)
		status, _, _ = send(path, "decide-2", `{"outcome":"approve"}`)
		require.Equal(t, 409, status, "a new key is a new request, and the task is done")
	})
}
