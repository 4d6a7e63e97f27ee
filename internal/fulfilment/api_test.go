package fulfilment_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/httpapi"
)

// The queue names its lines' products, narrows to one order, is readable
// by the shop's integration, and refuses a warehouse code that names none
// (an empty page would say there is nothing to pick).
func TestQueueAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := flowtest.New(t, d, flowtest.Options{})
		skus := r.AddProducts(t, 2)
		r.AddWarehouse(t, "US-EWR1")
		r.Receive(t, "US-EWR1", skus[0], 5)
		r.Receive(t, "US-EWR1", skus[1], 5)
		a := r.ReleasedOrder(t, "q-1", flowtest.Line(skus[0], 1))
		b := r.ReleasedOrder(t, "q-2", flowtest.Line(skus[1], 2))
		api := apitest.New(t, d, func(api *httpapi.API) { fulfilment.Register(api, fulfilment.NewStore(d)) })

		page := func(role actor.Role, query string) []fulfilment.Fulfilment {
			t.Helper()
			res := api.Do(role, "GET", "/v1/fulfilments?"+query, "")
			require.Equal(t, 200, res.Status, res.Raw)
			var p httpapi.Page[fulfilment.Fulfilment]
			require.NoError(t, json.Unmarshal([]byte(res.Raw), &p))
			return p.Items
		}
		got := page(actor.Integration, "order_id="+b.ID)
		require.Len(t, got, 1)
		require.Equal(t, b.Fulfilments[0].ID, got[0].ID)
		require.Equal(t, skus[1], got[0].Lines[0].SKU)
		require.NotEmpty(t, got[0].Lines[0].Name)
		require.Equal(t, int64(2), got[0].Lines[0].Quantity)
		require.Len(t, page(actor.Warehouse, "warehouse=US-EWR1"), 2)
		require.Equal(t, a.Fulfilments[0].ID, page(actor.Warehouse, "warehouse=US-EWR1&order_id="+a.ID)[0].ID)

		api.Run(t, func() any { return nil }, []apitest.Scenario{
			{Name: "unknown warehouse", Role: actor.Warehouse, Method: "GET", Path: "/v1/fulfilments?warehouse=NOPE", Status: 422,
				Fields: []string{"query.warehouse unknown_value"}},
			{Name: "garbage cursor", Role: actor.Warehouse, Method: "GET", Path: "/v1/fulfilments?cursor=garbage", Status: 422,
				Fields: []string{"query.cursor invalid_format"}},
			{Name: "finance may not", Role: actor.Finance, Method: "GET", Path: "/v1/fulfilments", Status: 403},
		})
	})
}
