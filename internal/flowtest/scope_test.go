package flowtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/webhook"
)

// A key confined to a shop's channel sees and changes only that shop's
// orders (another shop's order is "not found", never "forbidden": its
// existence is not told); a warehouse key confined to its site sees only
// its fulfilments and moves only its stock. Unconfined keys see all.
func TestConfinedKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := flowtest.New(t, d, flowtest.Options{})
		skus := r.AddProducts(t, 1)
		r.AddWarehouse(t, "US-EWR1")
		r.AddWarehouse(t, "US-LAX1")
		r.Receive(t, "US-EWR1", skus[0], 10)
		mine := r.ReleasedOrder(t, "a-1", flowtest.Line(skus[0], 1)) // channel web
		theirs := r.Accepted(t, func() order.PlaceRequest {
			req := flowtest.Request("b-1", flowtest.Line(skus[0], 1))
			req.Channel = "shop-b"
			return req
		}())

		keys := auth.NewKeys(d)
		srv := httpapi.New(httpapi.Options{Auth: keys, Idempotency: d})
		order.Register(srv.API(), r.Engine, r.Orders)
		fulfilment.Register(srv.API(), fulfilment.NewStore(d))
		inventory.Register(srv.API(), r.Stock)
		webhook.Register(srv.API(), webhook.NewStore(d, webhook.Config{}))
		conform := apitest.NewConformance(srv.API().OpenAPI())
		ts := httptest.NewServer(conform.Wrap(srv.Handler()))
		t.Cleanup(ts.Close)
		create := func(role actor.Role, scope auth.Scope) string {
			_, secret, err := keys.CreateScoped(actor.With(context.Background(), actor.CLI("test")), "k", role, scope)
			require.NoError(t, err)
			return secret
		}
		shopA := create(actor.Integration, auth.Scope{Channels: []string{"web"}})
		everyone := create(actor.Integration, auth.Scope{})
		lax := create(actor.Warehouse, auth.Scope{Warehouses: []string{"US-LAX1"}})
		call := func(key, method, path, body string) (int, string) {
			t.Helper()
			req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(raw)
		}
		ids := func(raw string) []string {
			var p struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
			}
			require.NoError(t, json.Unmarshal([]byte(raw), &p), raw)
			var out []string
			for _, it := range p.Items {
				out = append(out, it.ID)
			}
			return out
		}

		// Orders: the shop's key sees its own only.
		status, raw := call(shopA, "GET", "/v1/orders", "")
		require.Equal(t, 200, status, raw)
		require.Equal(t, []string{mine.ID}, ids(raw))
		status, raw = call(everyone, "GET", "/v1/orders", "")
		require.Equal(t, 200, status, raw)
		require.ElementsMatch(t, []string{mine.ID, theirs.ID}, ids(raw))
		status, raw = call(shopA, "GET", "/v1/orders?channel=shop-b", "")
		require.Equal(t, 403, status, raw)
		require.Equal(t, map[string]string{"query.channel": "out_of_scope"}, apitest.ProblemFields(t, []byte(raw)))
		for _, path := range []string{"/v1/orders/" + theirs.ID, "/v1/orders/" + theirs.Number, "/v1/orders/" + theirs.ID + "/events"} {
			status, raw = call(shopA, "GET", path, "")
			require.Equal(t, 404, status, "%s: %s", path, raw)
			require.NotContains(t, raw, "shop-b", "as if it did not exist")
		}
		status, raw = call(shopA, "POST", "/v1/orders/"+theirs.ID+"/cancel", `{"reason":"not mine"}`)
		require.Equal(t, 404, status, raw)
		require.Equal(t, order.Placed, r.Get(t, theirs.ID).Status, "nothing changed")
		status, raw = call(shopA, "GET", "/v1/orders/"+mine.ID, "")
		require.Equal(t, 200, status, raw)
		body, _ := json.Marshal(func() order.PlaceRequest {
			req := flowtest.Request("b-2", flowtest.Line(skus[0], 1))
			req.Channel = "shop-b"
			return req
		}())
		status, raw = call(shopA, "POST", "/v1/orders", string(body))
		require.Equal(t, 403, status, raw)
		require.Equal(t, map[string]string{"channel": "out_of_scope"}, apitest.ProblemFields(t, []byte(raw)))

		// The changes feed shows the shop its own orders' events only.
		// (On PostgreSQL the newest events show once every transaction older
		// than them has ended, anywhere on the server: other tests' too.)
		var feed order.FeedPage
		require.Eventually(t, func() bool {
			status, raw = call(shopA, "GET", "/v1/events?limit=1000", "")
			feed = order.FeedPage{}
			return status == 200 && json.Unmarshal([]byte(raw), &feed) == nil && len(feed.Items) > 0
		}, 20*time.Second, 50*time.Millisecond, "the shop's own events")
		for _, e := range feed.Items {
			require.Equal(t, mine.ID, e.OrderID)
			require.Equal(t, "web", e.Channel)
		}
		require.Eventually(t, func() bool {
			status, raw = call(everyone, "GET", "/v1/events?limit=1000", "")
			return status == 200 && strings.Contains(raw, theirs.ID)
		}, 20*time.Second, 50*time.Millisecond, "an unconfined key sees every channel's events")

		// Webhook endpoints receive every channel's events: not for a confined key.
		status, raw = call(shopA, "POST", "/v1/webhook-endpoints", `{"url":"https://example.com/hook","event_types":["*"]}`)
		require.Equal(t, 403, status, raw)
		status, raw = call(shopA, "GET", "/v1/webhook-endpoints", "")
		require.Equal(t, 403, status, raw)

		// Fulfilments: by channel for the shop, by site for the warehouse key.
		status, raw = call(shopA, "GET", "/v1/fulfilments", "")
		require.Equal(t, 200, status, raw)
		require.Equal(t, []string{mine.Fulfilments[0].ID}, ids(raw))
		status, raw = call(lax, "GET", "/v1/fulfilments", "")
		require.Equal(t, 200, status, raw)
		require.Empty(t, ids(raw), "the EWR1 fulfilment is not LAX1's")
		status, raw = call(lax, "GET", "/v1/fulfilments?warehouse=US-EWR1", "")
		require.Equal(t, 403, status, raw)
		require.Equal(t, map[string]string{"query.warehouse": "out_of_scope"}, apitest.ProblemFields(t, []byte(raw)))

		// Stock: the LAX1 key receives into LAX1, not into EWR1.
		status, raw = call(lax, "POST", "/v1/stock/receipts", `{"warehouse":"US-EWR1","bin":"A-01-01-1","sku":"`+skus[0]+`","quantity":1,"reference":"PO-1"}`)
		require.Equal(t, 403, status, raw)
		require.Equal(t, map[string]string{"warehouse": "out_of_scope"}, apitest.ProblemFields(t, []byte(raw)))
		require.Equal(t, int64(10), onHand(t, r, "US-EWR1", skus[0]))
		status, raw = call(lax, "POST", "/v1/stock/receipts", `{"warehouse":"us-lax1","bin":"A-01-01-1","sku":"`+skus[0]+`","quantity":1,"reference":"PO-1"}`)
		require.Equal(t, 201, status, raw)

		for _, p := range conform.Problems() {
			t.Errorf("%s", p)
		}
	})
}

func onHand(t *testing.T, r *flowtest.Rig, wh, sku string) int64 {
	t.Helper()
	var n int64
	require.NoError(t, r.DB.Read(r.Ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(r.Ctx, `SELECT b.on_hand FROM stock_balances b JOIN warehouses w ON w.id = b.warehouse_id
			JOIN products p ON p.id = b.product_id WHERE w.code = $1 AND p.sku = $2`, wh, sku).Scan(&n)
	}))
	return n
}
