package webhook_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/webhook"
)

// The secret is in the create answer only: not in GET or list, not in the
// stored idempotent answer (a retry with the same key is told what was
// created, without it), not in the audit log.
func TestTheSecretIsShownOnce(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := setup(t, d, clk, webhook.Config{Resolver: names})
		srv := apitest.New(t, d, func(api *httpapi.API) { webhook.Register(api, r.hooks) })
		body := `{"url": "https://hooks.example.com/waybill", "event_types": ["order.*"], "description": "ERP"}`
		key := map[string]string{"Idempotency-Key": "create-hook-1"}
		res := srv.Send(actor.Integration, http.MethodPost, "/v1/webhook-endpoints", body, key)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		secret, _ := res.Body["secret"].(string)
		require.True(t, strings.HasPrefix(secret, "whsec_"), res.Raw)
		id := res.Body["id"].(string)
		require.Equal(t, true, res.Body["enabled"])

		for _, path := range []string{"/v1/webhook-endpoints/" + id, "/v1/webhook-endpoints"} {
			got := srv.Do(actor.Integration, http.MethodGet, path, "")
			require.Equal(t, http.StatusOK, got.Status, got.Raw)
			require.Contains(t, got.Raw, id)
			require.NotContains(t, got.Raw, secret, path)
			require.NotContains(t, got.Raw, `"secret"`, path)
		}
		again := srv.Send(actor.Integration, http.MethodPost, "/v1/webhook-endpoints", body, key)
		require.Equal(t, http.StatusConflict, again.Status, again.Raw)
		require.NotContains(t, again.Raw, secret)
		require.Equal(t, 1, count(t, d, `SELECT COUNT(*) FROM webhook_endpoints`), "the retry created nothing")
		require.Zero(t, count(t, d, `SELECT COUNT(*) FROM idempotency_keys WHERE response LIKE $1`, "%"+secret[6:]+"%"))
		require.Zero(t, count(t, d, `SELECT COUNT(*) FROM audit_log WHERE CAST(detail AS TEXT) LIKE $1`, "%"+secret[6:]+"%"))
		require.Equal(t, 1, count(t, d, `SELECT COUNT(*) FROM webhook_endpoints WHERE secret = $1`, secret),
			"kept to sign with")
	})
}

// Every new operation refuses bad input naming the field (4xx, nothing
// written), refuses roles other than admin and integration, and answers 404
// for what does not exist; the happy path updates, lists deliveries, replays
// and deletes.
func TestWebhookAPIRefusals(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := setup(t, d, clk, webhook.Config{Resolver: names})
		srv := apitest.New(t, d, func(api *httpapi.API) { webhook.Register(api, r.hooks) })
		ep := r.subscribe(t, "https://hooks.example.com/a", "*")
		r.place(t, "wh-api")
		r.dispatch(t)
		list, err := r.hooks.Deliveries(context.Background(), webhook.DeliveryFilter{EndpointID: ep.ID, Limit: 1})
		require.NoError(t, err)
		del := list[0].ID
		snapshot := func() any {
			return []int{count(t, d, `SELECT COUNT(*) FROM webhook_endpoints`), count(t, d, `SELECT COUNT(*) FROM webhook_deliveries`),
				count(t, d, `SELECT COUNT(*) FROM jobs`), count(t, d, `SELECT COUNT(*) FROM webhook_endpoints WHERE enabled`)}
		}
		const create = "/v1/webhook-endpoints"
		epPath := "/v1/webhook-endpoints/" + ep.ID
		srv.Run(t, snapshot, []apitest.Scenario{
			{Name: "no key", Method: http.MethodPost, Path: create, Body: `{}`, Status: http.StatusUnauthorized},
			{Name: "warehouse may not subscribe", Role: actor.Warehouse, Method: http.MethodPost, Path: create,
				Body: `{"url": "https://hooks.example.com/b", "event_types": ["*"]}`, Status: http.StatusForbidden},
			{Name: "finance may not list", Role: actor.Finance, Method: http.MethodGet, Path: create, Status: http.StatusForbidden},
			{Name: "customer service may not replay", Role: actor.CustomerService, Method: http.MethodPost,
				Path: "/v1/webhook-deliveries/" + del + "/replay", Status: http.StatusForbidden},
			{Name: "url missing", Role: actor.Integration, Method: http.MethodPost, Path: create, Body: `{"event_types": ["*"]}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"url required"}},
			{Name: "event types missing", Role: actor.Integration, Method: http.MethodPost, Path: create,
				Body: `{"url": "https://hooks.example.com/b"}`, Status: http.StatusUnprocessableEntity, Fields: []string{"event_types required"}},
			{Name: "event types empty", Role: actor.Integration, Method: http.MethodPost, Path: create,
				Body: `{"url": "https://hooks.example.com/b", "event_types": []}`, Status: http.StatusUnprocessableEntity,
				Fields: []string{"event_types required"}},
			{Name: "bad event type", Role: actor.Integration, Method: http.MethodPost, Path: create,
				Body:   `{"url": "https://hooks.example.com/b", "event_types": ["order.placed", "Order Placed"]}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"event_types[1] invalid_format"}},
			{Name: "http refused", Role: actor.Admin, Method: http.MethodPost, Path: create,
				Body: `{"url": "http://hooks.example.com/b", "event_types": ["*"]}`, Status: http.StatusUnprocessableEntity,
				Fields: []string{"url scheme_not_allowed"}},
			{Name: "private refused", Role: actor.Admin, Method: http.MethodPost, Path: create,
				Body: `{"url": "https://169.254.169.254/latest/meta-data", "event_types": ["*"]}`, Status: http.StatusUnprocessableEntity,
				Fields: []string{"url private_address"}},
			{Name: "unknown field", Role: actor.Admin, Method: http.MethodPost, Path: create,
				Body:   `{"url": "https://hooks.example.com/b", "event_types": ["*"], "secret": "mine"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"secret unknown_field"}},
			{Name: "list: bad cursor", Role: actor.Admin, Method: http.MethodGet, Path: create + "?cursor=%25%25",
				Status: http.StatusUnprocessableEntity, Fields: []string{"query.cursor invalid_format"}},
			{Name: "list: bad limit", Role: actor.Admin, Method: http.MethodGet, Path: create + "?limit=0",
				Status: http.StatusUnprocessableEntity, Fields: []string{"query.limit out_of_range"}},
			{Name: "get: no such endpoint", Role: actor.Admin, Method: http.MethodGet, Path: create + "/whe_nope", Status: http.StatusNotFound},
			{Name: "update: no such endpoint", Role: actor.Admin, Method: http.MethodPatch, Path: create + "/whe_nope",
				Body: `{"enabled": false}`, Status: http.StatusNotFound},
			{Name: "update: private url", Role: actor.Admin, Method: http.MethodPatch, Path: epPath,
				Body: `{"url": "https://rebind.example.com/a"}`, Status: http.StatusUnprocessableEntity, Fields: []string{"url private_address"}},
			{Name: "update: bad event type", Role: actor.Admin, Method: http.MethodPatch, Path: epPath,
				Body: `{"event_types": ["*.placed"]}`, Status: http.StatusUnprocessableEntity, Fields: []string{"event_types[0] invalid_format"}},
			{Name: "update: enabled not a boolean", Role: actor.Admin, Method: http.MethodPatch, Path: epPath,
				Body: `{"enabled": "yes"}`, Status: http.StatusUnprocessableEntity, Fields: []string{"enabled wrong_type"}},
			{Name: "delete: no such endpoint", Role: actor.Admin, Method: http.MethodDelete, Path: create + "/whe_nope", Status: http.StatusNotFound},
			{Name: "deliveries: no such endpoint", Role: actor.Admin, Method: http.MethodGet, Path: create + "/whe_nope/deliveries", Status: http.StatusNotFound},
			{Name: "deliveries: bad state", Role: actor.Admin, Method: http.MethodGet, Path: epPath + "/deliveries?state=lost",
				Status: http.StatusUnprocessableEntity, Fields: []string{"query.state unknown_value"}},
			{Name: "deliveries: bad cursor", Role: actor.Admin, Method: http.MethodGet, Path: epPath + "/deliveries?cursor=%25",
				Status: http.StatusUnprocessableEntity, Fields: []string{"query.cursor invalid_format"}},
			{Name: "delivery: none such", Role: actor.Admin, Method: http.MethodGet, Path: "/v1/webhook-deliveries/whd_nope", Status: http.StatusNotFound},
			{Name: "replay: none such", Role: actor.Admin, Method: http.MethodPost, Path: "/v1/webhook-deliveries/whd_nope/replay", Status: http.StatusNotFound},
			{Name: "deliveries", Role: actor.Integration, Method: http.MethodGet, Path: epPath + "/deliveries?state=pending", Status: http.StatusOK},
			{Name: "delivery with its log", Role: actor.Integration, Method: http.MethodGet, Path: "/v1/webhook-deliveries/" + del, Status: http.StatusOK},
			{Name: "replay", Role: actor.Integration, Method: http.MethodPost, Path: "/v1/webhook-deliveries/" + del + "/replay", Status: http.StatusAccepted},
			{Name: "disable", Role: actor.Integration, Method: http.MethodPatch, Path: epPath, Body: `{"enabled": false}`, Status: http.StatusOK},
			{Name: "replay: endpoint disabled", Role: actor.Integration, Method: http.MethodPost,
				Path: "/v1/webhook-deliveries/" + del + "/replay", Status: http.StatusConflict, Detail: "disabled"},
			{Name: "delete", Role: actor.Admin, Method: http.MethodDelete, Path: epPath, Status: http.StatusNoContent},
			{Name: "gone", Role: actor.Admin, Method: http.MethodGet, Path: epPath, Status: http.StatusNotFound},
		})
		require.Zero(t, count(t, d, `SELECT COUNT(*) FROM webhook_deliveries`), "deleted with its endpoint")
	})
}
