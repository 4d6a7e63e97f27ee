package review

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// TestDecideIdempotencyKey: a decision retried with its Idempotency-Key
// (httpapi's layer, as the server runs it) gets the first answer back
// instead of "already decided", and reaches the order once.
func TestDecideIdempotencyKey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		send := func(path, idem, body string) (int, string, string) {
			t.Helper()
			res := f.srv.Send(actor.CustomerService, http.MethodPost, path, body, map[string]string{"Idempotency-Key": idem})
			return res.Status, res.Header.Get("Idempotent-Replayed"), res.Raw
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
		require.Len(t, f.orders.take(), 1, "the order heard of the decision once")

		status, _, body := send(path, "decide-1", `{"outcome":"cancel","reason":"changed my mind"}`)
		require.Equal(t, 422, status, "another body under the same key: %s", body)
		status, _, _ = send(path, "decide-2", `{"outcome":"approve"}`)
		require.Equal(t, 409, status, "a new key is a new request, and the task is done")
	})
}
