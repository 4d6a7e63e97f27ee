package payment_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// Finance sees every recorded payment event with what it did: the money
// that matched no order first of all.
func TestPaymentEventsList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := flowtest.New(t, d, flowtest.Options{})
		skus := r.AddProducts(t, 1)
		r.AddWarehouse(t, "US-EWR1")
		r.Receive(t, "US-EWR1", skus[0], 5)
		paid := r.PaidOrder(t, "pe-1", flowtest.Line(skus[0], 1))
		_, err := r.Payments.Apply(r.Ctx, gateway.Event{Gateway: "test", EventID: "evt-stray", Type: "payment.succeeded",
			Kind: gateway.KindPaid, OrderRef: "WB-NONE-NONE", AmountMinor: 999, Currency: "USD", OccurredAt: flowtest.PayAt,
			Raw: []byte(`{"id":"evt-stray"}`)})
		require.NoError(t, err)
		api := apitest.New(t, d, func(api *httpapi.API) { payment.Register(api, r.Payments, nil) })
		page := func(query string) httpapi.Page[payment.Received] {
			t.Helper()
			res := api.Do(actor.Finance, "GET", "/v1/payment-events?"+query, "")
			require.Equal(t, 200, res.Status, res.Raw)
			var p httpapi.Page[payment.Received]
			require.NoError(t, json.Unmarshal([]byte(res.Raw), &p))
			return p
		}
		unmatched := page("outcome=unmatched").Items
		require.Len(t, unmatched, 1)
		require.Equal(t, "evt-stray", unmatched[0].EventID)
		require.Equal(t, int64(999), unmatched[0].AmountMinor)
		require.JSONEq(t, `{"id":"evt-stray"}`, string(unmatched[0].Raw))
		mine := page("order_id=" + paid.ID).Items
		require.Len(t, mine, 1)
		require.True(t, mine[0].Applied)
		require.Equal(t, paid.ID, mine[0].OrderID)

		first := page("limit=1")
		require.Len(t, first.Items, 1)
		require.NotEmpty(t, first.NextCursor)
		second := page("limit=1&cursor=" + first.NextCursor)
		require.Len(t, second.Items, 1)
		require.NotEqual(t, first.Items[0].EventID, second.Items[0].EventID)
		require.Empty(t, second.NextCursor)

		api.Run(t, func() any { return nil }, []apitest.Scenario{
			{Name: "integration may not", Role: actor.Integration, Method: "GET", Path: "/v1/payment-events", Status: 403},
			{Name: "unknown outcome", Role: actor.Finance, Method: "GET", Path: "/v1/payment-events?outcome=lost", Status: 422,
				Fields: []string{"query.outcome unknown_value"}},
			{Name: "made-up cursor", Role: actor.Finance, Method: "GET", Path: "/v1/payment-events?cursor=abc", Status: 422,
				Fields: []string{"query.cursor invalid_format"}},
		})
	})
}

// A delivery signed right but refused for its body is kept once for
// finance, with its problems and body; a badly signed one is not kept.
func TestRefusedDeliveriesAreKept(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := flowtest.New(t, d, flowtest.Options{})
		const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		v, err := gateway.New(gateway.Config{Gateway: "acme", Scheme: gateway.SchemeStandard, Secret: secret}, clock.Real{})
		require.NoError(t, err)
		api := apitest.New(t, d, func(api *httpapi.API) {
			payment.Register(api, r.Payments, map[string]*gateway.Verifier{"acme": v})
		})
		post := func(id, body string, signed bool) apitest.Response {
			h, err := gateway.SignStandard(secret, id, time.Now(), []byte(body))
			require.NoError(t, err)
			header := map[string]string{"webhook-id": id, "webhook-timestamp": h.Get("webhook-timestamp"),
				"webhook-signature": h.Get("webhook-signature"), "Content-Type": "application/json"}
			if !signed {
				header["webhook-signature"] = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
			}
			return api.Send("", "POST", "/v1/payment-events/acme", body, header)
		}
		bad := `{"id":"evt-9","type":"payment.settled","created_at":"2026-05-01T12:00:00Z","data":{"order_id":"ord_x","amount_minor":100,"currency":"USD"}}`
		for range 2 { // a gateway retrying the same message
			res := post("msg-9", bad, true)
			require.Equal(t, 422, res.Status, res.Raw)
		}
		require.Equal(t, 401, post("msg-10", bad, false).Status)

		res := api.Do(actor.Finance, "GET", "/v1/payment-refusals", "")
		require.Equal(t, 200, res.Status, res.Raw)
		var p httpapi.Page[payment.Refusal]
		require.NoError(t, json.Unmarshal([]byte(res.Raw), &p))
		require.Len(t, p.Items, 1, "kept once, and only the signed one")
		got := p.Items[0]
		require.Equal(t, "acme", got.Gateway)
		require.Equal(t, "msg-9", got.MessageKey)
		require.Equal(t, bad, got.Body)
		require.Equal(t, "type", got.Problems[0].Path)
		require.Equal(t, 403, api.Do(actor.Integration, "GET", "/v1/payment-refusals", "").Status)
	})
}
