package order_test

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
)

// What a storefront's developer ran into, each answered as they expect:
// one problem at the field that is wrong, filters that find what was
// placed, list items that are whole, answers that show the state after
// the change.
func TestIntegratorAnswers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r, c := apiSetup(t, d)
		skus := r.AddProducts(t, 2)
		r.AddWarehouse(t, "US-EWR1")
		r.Receive(t, "US-EWR1", skus[0], 20)
		r.Receive(t, "US-EWR1", skus[1], 20)
		place := func(req order.PlaceRequest) (int, []byte) {
			status, _, raw := c.call("POST", "/v1/orders", req)
			return status, raw
		}

		// The currency is blamed, once, not every line's sku.
		req := flowtest.Request("cur-1", flowtest.Line(skus[0], 1), flowtest.Line(skus[1], 1))
		req.Currency = "ABC"
		status, raw := place(req)
		require.Equal(t, 422, status, "%s", raw)
		require.Equal(t, map[string]string{"currency": "unknown_value"}, apitest.ProblemFields(t, raw))
		req.Currency = "EUR" // real, but not what the catalogue prices in
		status, raw = place(req)
		require.Equal(t, 422, status, "%s", raw)
		require.Equal(t, map[string]string{"currency": "unknown_value"}, apitest.ProblemFields(t, raw))
		require.Contains(t, string(raw), "priced in USD")

		// A total no payment event could carry is refused at intake, not
		// accepted to wait for a payment that can never settle it.
		dear := int64(100_000_000_000) // the catalogue's most per unit
		_, err := catalog.NewStore(d).Update(r.Ctx, skus[1], catalog.ProductPatch{PriceMinor: &dear})
		require.NoError(t, err)
		status, raw = place(flowtest.Request("dear-1", flowtest.Line(skus[1], 11)))
		require.Equal(t, 422, status, "%s", raw)
		require.Equal(t, map[string]string{"lines": "out_of_range"}, apitest.ProblemFields(t, raw))

		// A name that would read differently on a label than it was stored.
		req = flowtest.Request("bidi-1", flowtest.Line(skus[0], 1))
		req.Customer.Name = "Ada \u202eecalevol"
		status, raw = place(req)
		require.Equal(t, 422, status, "%s", raw)
		require.Equal(t, map[string]string{"customer.name": "invalid_format"}, apitest.ProblemFields(t, raw))

		// A whole number written 2.0 is 2; a body that is not JSON is one problem.
		body, err := json.Marshal(flowtest.Request("num-1", flowtest.Line(skus[0], 1)))
		require.NoError(t, err)
		body = []byte(string(body[:len(body)-1]) + `,"lines":[{"sku":"` + skus[0] + `","quantity":2.0}]}`)
		status, _, raw = c.call("POST", "/v1/orders", json.RawMessage(body))
		require.Equal(t, 201, status, "%s", raw)
		var two order.Order
		require.NoError(t, json.Unmarshal(raw, &two))
		require.Equal(t, int64(2), two.Lines[0].Quantity)
		status, _, raw = c.call("POST", "/v1/orders", []byte(`{"channel":`))
		require.Equal(t, 400, status, "%s", raw)
		require.Equal(t, map[string]string{"": "invalid_format"}, apitest.ProblemFields(t, raw))

		// The e-mail filter finds the order by the address as submitted,
		// as stored, and in lower case.
		req = flowtest.Request("mail-1", flowtest.Line(skus[1], 1))
		req.Customer.Email = "Zed.Case@Example.COM"
		status, raw = place(req)
		require.Equal(t, 201, status, "%s", raw)
		var zed order.Order
		require.NoError(t, json.Unmarshal(raw, &zed))
		require.Equal(t, "Zed.Case@example.com", zed.Customer.Email)
		list := func(query string) httpapi.Page[order.Order] {
			t.Helper()
			status, _, raw := c.call("GET", "/v1/orders?"+query, nil)
			require.Equal(t, 200, status, "%s: %s", query, raw)
			var p httpapi.Page[order.Order]
			require.NoError(t, json.Unmarshal(raw, &p))
			return p
		}
		for _, email := range []string{"Zed.Case@Example.COM", "Zed.Case@example.com", "zed.case@example.com"} {
			p := list("email=" + url.QueryEscape(email))
			require.Len(t, p.Items, 1, email)
			require.Equal(t, zed.ID, p.Items[0].ID)
		}
		// List items are whole orders: lines and reservations, as get shows them.
		p := list("external_ref=mail-1&channel=web")
		require.Len(t, p.Items, 1)
		require.Equal(t, zed.Lines, p.Items[0].Lines)
		require.NotEmpty(t, p.Items[0].Allocations)
		require.Equal(t, zed.Allocations, p.Items[0].Allocations)

		for query, field := range map[string]string{
			"external_ref=mail-1": "query.channel",
			"cursor=garbage":      "query.cursor",
			"email=not-an-email":  "query.email",
			"phone=12":            "query.phone",
		} {
			status, _, raw := c.call("GET", "/v1/orders?"+query, nil)
			require.Equal(t, 422, status, "%s: %s", query, raw)
			require.Contains(t, apitest.ProblemFields(t, raw), field, "%s: %s", query, raw)
		}
		// A cursor this API issued still pages.
		first := list("limit=1")
		require.NotEmpty(t, first.NextCursor)
		next := list("limit=1&cursor=" + first.NextCursor)
		require.Len(t, next.Items, 1)
		require.NotEqual(t, first.Items[0].ID, next.Items[0].ID)

		// Cancelling a released order answers with its fulfilments cancelled,
		// as a read right after shows them.
		released := r.ReleasedOrder(t, "rel-1", flowtest.Line(skus[0], 1))
		require.Equal(t, fulfilment.ReadyToPick, released.Fulfilments[0].Status)
		require.Equal(t, skus[0], released.Fulfilments[0].Lines[0].SKU)
		status, _, raw = c.call("POST", "/v1/orders/"+released.ID+"/cancel", map[string]string{"reason": "changed mind"})
		require.Equal(t, 200, status, "%s", raw)
		var cancelled order.Order
		require.NoError(t, json.Unmarshal(raw, &cancelled))
		require.Equal(t, fulfilment.Cancelled, cancelled.Fulfilments[0].Status)
		require.Equal(t, r.Get(t, released.ID).Fulfilments, cancelled.Fulfilments)
	})
}
