package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// The whole way from a paid order to a parcel handed to the carrier,
// through the served API on both databases, as the shop, the warehouse and
// the dock would drive it: the order is paid by a signed gateway event and
// released by the server's job runner; a wave is picked into a tote; the
// tote opens the pack station, the units are scanned (a wrong item
// refused) into a carton and weighed; the shipment is rate-shopped and
// booked with the table carrier; the parcel is staged, manifested and
// scanned by the driver; the order is shipped with its tracking number;
// the carrier's events (shuffled, repeated) deliver it, the order completes
// with no confirmation period, the public tracking page shows it without
// personal data, the changes feed carries every step out, and the ledger
// reconciles.
func TestPaidOrderToCompletionOverHTTP(t *testing.T) {
	t.Parallel()
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		dbURL = migrated(t, dbURL)
		srv := start(t, "--db", dbURL, "--gateways=shop=standard:"+crashGatewaySecret, "serve", "--addr", "127.0.0.1:0")
		admin := client{t: t, base: srv.base, key: createKey(t, dbURL, "admin")}
		shop := client{t: t, base: srv.base, key: createKey(t, dbURL, "integration")}
		staff := client{t: t, base: srv.base, key: createKey(t, dbURL, "warehouse")}
		stockMug(admin, map[string]any{"country": "US", "parcel_cost_minor": 700, "transit_days": 3}, 10)
		admin.expect("PUT", "/v1/warehouses/US-1/cartons/M", map[string]any{"inner_mm": []int{250, 250, 250}, "outer_mm": []int{262, 262, 262},
			"tare_g": 300, "max_weight_g": 20000, "cost_minor": 90, "material": "corrugated", "on_hand": 5, "active": true}, http.StatusOK)
		code, answer := admin.raw("PUT", "/v1/carriers", strings.ReplaceAll(string(flowtest.Eastline), `"EAST"`, `"US-1"`), "application/json")
		require.Equal(t, http.StatusOK, code, "%s", answer)

		o := shop.expect("POST", "/v1/orders", map[string]any{"channel": "web", "external_ref": "whole-1", "payment_method": "prepaid",
			"currency": "USD", "customer": map[string]any{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+1 650-253-0000"},
			"shipping_address": map[string]any{"name": "Ada Lovelace", "line1": "1600 Amphitheatre Pkwy", "city": "Mountain View",
				"region": "CA", "postal_code": "94043", "country": "US"},
			"lines": []map[string]any{{"sku": "MUG", "quantity": 2}}}, http.StatusCreated)
		orderID := o["id"].(string)
		pay(t, srv.base, orderID, int64(o["total_minor"].(float64)))
		waitStatus(admin, orderID, "released")

		wave := staff.expect("POST", "/v1/waves", map[string]any{"warehouse": "US-1"}, http.StatusCreated)
		taskID := wave["tasks"].([]any)[0].(map[string]any)["id"].(string)
		task := staff.expect("POST", "/v1/pick-tasks/"+taskID+"/claim", nil, http.StatusOK)
		for i, l := range task["lines"].([]any) {
			line := l.(map[string]any)
			staff.expect("POST", "/v1/pick-tasks/"+taskID+"/picks", map[string]any{"scan_id": fmt.Sprint("p", i), "line": line["id"],
				"bin": line["bin"], "item": "MUG", "quantity": line["quantity"], "tote": "TOTE-7"}, http.StatusOK)
		}

		st := staff.expect("GET", "/v1/pack-station?warehouse=US-1&code=tote-7", nil, http.StatusOK)
		fid := st["fulfilment_id"].(string)
		bad := staff.expect("POST", "/v1/fulfilments/"+fid+"/pack-scans", map[string]any{"scan_id": "w", "item": "NOPE"}, http.StatusUnprocessableEntity)
		require.Equal(t, "item", bad["errors"].([]any)[0].(map[string]any)["field"])
		scan := staff.expect("POST", "/v1/fulfilments/"+fid+"/pack-scans", map[string]any{"scan_id": "s1", "item": "MUG", "quantity": 2}, http.StatusOK)
		closed := staff.expect("POST", "/v1/parcels/"+scan["parcel"].(string)+"/close", map[string]any{"scan_id": "c1", "carton": "M",
			"weight_g": 2*340 + 300 + 10}, http.StatusOK)
		require.Equal(t, true, closed["done"])

		sh := staff.expect("POST", "/v1/fulfilments/"+fid+"/shipment", map[string]any{}, http.StatusOK)
		parcel := sh["parcels"].([]any)[0].(map[string]any)
		tracking := parcel["tracking_number"].(string)
		require.NotEmpty(t, sh["choice"].(map[string]any)["alternatives"])
		staff.expect("POST", "/v1/staging", map[string]any{"parcel": tracking, "lane": "LANE-EASTLINE"}, http.StatusOK)
		m := staff.expect("POST", "/v1/manifests", map[string]any{"warehouse": "US-1", "carrier": "eastline"}, http.StatusOK)
		rep := staff.expect("POST", "/v1/manifests/"+m["id"].(string)+"/handover", map[string]any{"scans": []string{tracking, "XX999"}}, http.StatusOK)
		require.Equal(t, []any{"XX999"}, rep["extra"])
		require.Empty(t, rep["missing"])

		got := admin.expect("GET", "/v1/orders/"+orderID, nil, http.StatusOK)
		require.Equal(t, "shipped", got["status"])
		require.Equal(t, []any{tracking}, got["fulfilments"].([]any)[0].(map[string]any)["tracking_numbers"])
		code, csv := admin.raw("GET", "/v1/manifests/"+m["id"].(string)+"/csv", nil, "")
		require.Equal(t, http.StatusOK, code)
		require.Contains(t, string(csv), tracking)

		// The carrier's events, shuffled and one repeated; no confirmation
		// period, so the order completes as soon as the job runner sees it.
		admin.expect("PATCH", "/v1/tracking-rules", map[string]any{"complete_after": "0s"}, http.StatusOK)
		at := func(h int) string { return time.Now().UTC().Add(time.Duration(h-5) * time.Hour).Format(time.RFC3339) }
		events := []map[string]any{
			{"event_id": "e4", "tracking_number": tracking, "status": "delivered", "occurred_at": at(4), "location": "Mountain View"},
			{"event_id": "e2", "tracking_number": tracking, "status": "in_transit", "occurred_at": at(2)},
			{"event_id": "e3", "tracking_number": tracking, "status": "out_for_delivery", "occurred_at": at(3)},
			{"event_id": "e4", "tracking_number": tracking, "status": "delivered", "occurred_at": at(4), "location": "Mountain View"},
		}
		res := shop.expect("POST", "/v1/tracking-events", map[string]any{"carrier": "eastline", "events": events}, http.StatusOK)
		require.Equal(t, float64(3), res["new"])
		require.Equal(t, float64(1), res["duplicates"])
		again := shop.expect("POST", "/v1/tracking-events", map[string]any{"carrier": "eastline", "events": events[1:3]}, http.StatusOK)
		require.Equal(t, float64(2), again["duplicates"], "a late replay changes nothing")
		waitStatus(admin, orderID, "completed")
		code, list := staff.raw("GET", "/v1/orders/"+orderID+"/tracking", nil, "")
		require.Equal(t, http.StatusOK, code)
		require.Contains(t, string(list), `"status":"delivered"`)
		h := staff.expect("GET", "/v1/parcels/"+tracking+"/tracking", nil, http.StatusOK)
		require.Equal(t, "delivered", h["status"])
		require.Len(t, h["events"], 3)
		public := h["public_path"].(string)
		page := client{t: t, base: srv.base}
		pub := page.expect("GET", "/v1/public/tracking/"+strings.TrimPrefix(public, "/track/"), nil, http.StatusOK)
		require.Equal(t, "delivered", pub["status"])
		require.NotContains(t, fmt.Sprint(pub), "Ada", "no personal data on the public page")
		// The changes feed (what the outbound webhooks send) is read as a
		// consumer reads it: following its cursor until the last step shows
		// (on PostgreSQL it holds back what other open transactions could
		// still precede).
		var types []string
		cursor := ""
		for deadline := time.Now().Add(20 * time.Second); !slices.Contains(types, "order.completed") && time.Now().Before(deadline); {
			feed := admin.expect("GET", "/v1/events?limit=1000&after="+url.QueryEscape(cursor), nil, http.StatusOK)
			for _, e := range feed["items"].([]any) {
				if e.(map[string]any)["order_id"] == orderID {
					types = append(types, e.(map[string]any)["type"].(string))
				}
			}
			cursor = feed["next_cursor"].(string)
			time.Sleep(50 * time.Millisecond)
		}
		for _, want := range []string{"order.shipped", "order.out_for_delivery", "order.delivered", "order.completed"} {
			require.Contains(t, types, want, "the outbound events carry every step")
		}
		out, err := runCmd(t, "--db", dbURL, "reconcile")
		require.NoError(t, err, out)
		require.Contains(t, out, "reconcile OK")
	})
}

// pay delivers the gateway's signed payment event for an order.
func pay(t *testing.T, base, orderID string, amount int64) {
	t.Helper()
	id := "evt_" + orderID
	body := fmt.Appendf(nil, `{"id":%q,"type":"payment.succeeded","created_at":%q,"data":{"order_id":%q,"amount_minor":%d,"currency":"USD","payment_id":"pay_%s"}}`,
		id, time.Now().UTC().Format(time.RFC3339), orderID, amount, orderID)
	h, err := gateway.SignStandard(crashGatewaySecret, id, time.Now(), body)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, base+"/v1/payment-events/shop", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header = h
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

// waitStatus waits for the server's job runner to move an order.
func waitStatus(c client, id, want string) {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for c.expect("GET", "/v1/orders/"+id, nil, http.StatusOK)["status"] != want && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	require.Equal(c.t, want, c.expect("GET", "/v1/orders/"+id, nil, http.StatusOK)["status"])
}
