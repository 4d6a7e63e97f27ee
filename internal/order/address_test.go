package order_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
)

// An address in Austin, TX, and the same with a California ZIP.
const (
	austin    = `{"name":"Ada Lovelace","line1":"500 W 2nd St","city":"Austin","region":"Texas","postal_code":"78701","country":"US"}`
	wrongZIP  = `{"line1":"500 W 2nd St","city":"Austin","region":"TX","postal_code":"94043","country":"US"}`
	toronto   = `{"line1":"100 Queen St W","city":"Toronto","region":"ON","postal_code":"M5H 2N2","country":"CA"}`
	noCountry = `{"line1":"500 W 2nd St","city":"Austin"}`
)

func TestCorrectOrderAddressAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, order.Config{})
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1") // serves the whole US, nothing abroad
		f.Receive(t, "US-EWR1", "SKU-000", 10)
		placed := f.Accepted(t, flowtest.Request("addr-1", flowtest.Line("SKU-000", 1)))
		released := f.ReleasedOrder(t, "addr-2", flowtest.Line("SKU-000", 1))
		cancelled := f.Accepted(t, flowtest.Request("addr-3", flowtest.Line("SKU-000", 1)))
		_, err := f.Orders.Cancel(f.Ctx, cancelled.ID, "test")
		require.NoError(t, err)

		srv := apitest.New(t, d, func(api *httpapi.API) { order.Register(api, f.Engine, f.Orders) })
		snapshot := func() any {
			return []int{countRows(t, d, "order_events"), countRows(t, d, "audit_log"),
				countWhere(t, d, "orders", "CAST(shipping_address AS TEXT) LIKE '%Austin%'")}
		}
		path := func(o order.Order) string { return "/v1/orders/" + o.ID + "/address" }
		srv.Run(t, snapshot, []apitest.Scenario{
			{Name: "no key", Method: http.MethodPost, Path: path(placed), Body: austin, Status: http.StatusUnauthorized},
			{Name: "a shop may not", Role: actor.Integration, Method: http.MethodPost, Path: path(placed), Body: austin, Status: http.StatusForbidden},
			{Name: "finance may not", Role: actor.Finance, Method: http.MethodPost, Path: path(placed), Body: austin, Status: http.StatusForbidden},
			{Name: "a warehouse may not", Role: actor.Warehouse, Method: http.MethodPost, Path: path(placed), Body: austin, Status: http.StatusForbidden},
			{Name: "a ZIP of another state", Role: actor.CustomerService, Method: http.MethodPost, Path: path(placed), Body: wrongZIP,
				Status: http.StatusUnprocessableEntity, Fields: []string{"postal_code invalid_format"}},
			{Name: "no country", Role: actor.CustomerService, Method: http.MethodPost, Path: path(placed), Body: noCountry,
				Status: http.StatusUnprocessableEntity, Fields: []string{"country required"}},
			{Name: "unknown order", Role: actor.CustomerService, Method: http.MethodPost, Path: "/v1/orders/ord_nope/address", Body: austin,
				Status: http.StatusNotFound},
			{Name: "cancelled", Role: actor.CustomerService, Method: http.MethodPost, Path: path(cancelled), Body: austin,
				Status: http.StatusConflict, Detail: "cancelled"},
			{Name: "abroad, where its warehouse does not ship", Role: actor.Admin, Method: http.MethodPost, Path: path(placed), Body: toronto,
				Status: http.StatusConflict, Fields: []string{"postal_code not_served"}},
			{Name: "customer service corrects it", Role: actor.CustomerService, Method: http.MethodPost, Path: path(placed), Body: austin, Status: http.StatusOK},
			{Name: "released, its parcel not yet picked", Role: actor.Admin, Method: http.MethodPost, Path: path(released), Body: austin, Status: http.StatusOK},
		})

		// The order has the normal form; one event says from and to, by whom.
		o := f.Get(t, placed.ID)
		require.Equal(t, address.Address{Name: "Ada Lovelace", Line1: "500 W 2nd St", City: "Austin", Region: "TX", PostalCode: "78701", Country: "US"}, o.ShippingAddress)
		evs, err := f.Orders.Events(f.Ctx, placed.ID)
		require.NoError(t, err)
		last := evs[len(evs)-1]
		require.Equal(t, "order.address_corrected", last.Type)
		require.Contains(t, last.Actor, "key_")
		var detail struct{ From, To address.Address }
		require.NoError(t, json.Unmarshal(last.Detail, &detail))
		require.Equal(t, "94043", detail.From.PostalCode)
		require.Equal(t, "78701", detail.To.PostalCode)

		// The same address again changes nothing; a retry under one key replays.
		n := countRows(t, d, "order_events")
		res := srv.Do(actor.CustomerService, http.MethodPost, path(placed), austin)
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		require.Equal(t, n, countRows(t, d, "order_events"))
		key := map[string]string{"Idempotency-Key": "addr-retry"}
		suite := `{"line1":"500 W 2nd St","line2":"Suite 9","city":"Austin","region":"TX","postal_code":"78701","country":"US"}`
		first := srv.Send(actor.Admin, http.MethodPost, path(released), suite, key)
		again := srv.Send(actor.Admin, http.MethodPost, path(released), suite, key)
		require.Equal(t, http.StatusOK, first.Status, first.Raw)
		require.Equal(t, first.Raw, again.Raw)
		require.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
		require.Equal(t, n+1, countRows(t, d, "order_events"), "one event for the request and its retry")
	})
}

// A key confined to other channels is told the order does not exist.
func TestCorrectAddressConfined(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, order.Config{})
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 1)
		o := f.Accepted(t, flowtest.Request("conf-1", flowtest.Line("SKU-000", 1)))
		ctx := actor.With(context.Background(), actor.Actor{ID: "key_other", Role: actor.Admin, Channels: []string{"app"}})
		var a address.Address
		require.NoError(t, json.Unmarshal([]byte(austin), &a))
		_, err := f.Orders.CorrectAddress(ctx, o.ID, a)
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)
		require.Equal(t, "94043", f.Get(t, o.ID).ShippingAddress.PostalCode)
	})
}
