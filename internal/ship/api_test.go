package ship_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/ship"
)

// TestShipAPI drives dispatch over HTTP as a careless or hostile client
// would: every refusal is the 4xx it should be, names its field, and
// changes nothing.
func TestShipAPI(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newDock(t, d, clk)
		_, fid := k.Picked(t, "EAST", "A1", flowtest.Line("SKU-000", 1)) // picked, not packed
		srv := apitest.New(t, d, func(api *httpapi.API) { ship.Register(api, k.Shipping) })
		snapshot := func() any {
			return [4]int64{k.count(`SELECT count(*) FROM shipments`), k.count(`SELECT count(*) FROM manifests`),
				k.count(`SELECT count(*) FROM carriers`), k.count(`SELECT count(*) FROM carrier_serials`)}
		}
		wh, adm, fin := actor.Warehouse, actor.Admin, actor.Finance
		long := strings.Repeat("x", 5000)
		srv.Run(t, snapshot, []apitest.Scenario{
			{Name: "no key", Method: http.MethodPost, Path: "/v1/fulfilments/" + fid + "/shipment", Body: `{}`, Status: http.StatusUnauthorized},
			{Name: "finance may not", Role: fin, Method: http.MethodPost, Path: "/v1/fulfilments/" + fid + "/shipment", Body: `{}`, Status: http.StatusForbidden},
			{Name: "not packed", Role: wh, Method: http.MethodPost, Path: "/v1/fulfilments/" + fid + "/shipment", Body: `{}`, Status: http.StatusConflict},
			{Name: "unknown fulfilment", Role: wh, Method: http.MethodPost, Path: "/v1/fulfilments/ful_nope/shipment", Body: `{}`, Status: http.StatusNotFound},
			{Name: "a long service", Role: wh, Method: http.MethodPost, Path: "/v1/fulfilments/" + fid + "/shipment", Body: `{"service": "` + long + `"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"service too_long"}},
			{Name: "unknown parcel staged", Role: wh, Method: http.MethodPost, Path: "/v1/staging", Body: `{"parcel": "XX1", "lane": "EASTLINE"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"parcel unknown_value"}},
			{Name: "staging without a lane", Role: wh, Method: http.MethodPost, Path: "/v1/staging", Body: `{"parcel": "XX1"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"lane required"}},
			{Name: "nothing staged", Role: wh, Method: http.MethodPost, Path: "/v1/manifests", Body: `{"warehouse": "EAST", "carrier": "eastline"}`,
				Status: http.StatusConflict},
			{Name: "unknown warehouse", Role: wh, Method: http.MethodPost, Path: "/v1/manifests", Body: `{"warehouse": "NOPE", "carrier": "eastline"}`,
				Status: http.StatusNotFound},
			{Name: "handover of nothing", Role: wh, Method: http.MethodPost, Path: "/v1/manifests/man_nope/handover", Body: `{"scans": []}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"scans out_of_range"}},
			{Name: "unknown manifest", Role: wh, Method: http.MethodPost, Path: "/v1/manifests/man_nope/handover", Body: `{"scans": ["A"]}`,
				Status: http.StatusNotFound},
			{Name: "a packer may not change carriers", Role: wh, Method: http.MethodPut, Path: "/v1/carriers", Body: `{"code": "x"}`,
				Status: http.StatusForbidden},
			{Name: "a carrier of nonsense", Role: adm, Method: http.MethodPut, Path: "/v1/carriers",
				Body:   `{"code": "bad", "name": "Bad", "currency": "USD", "services": [{"code": "s", "name": "S", "speed": "economy", "tracking_prefix": "B1", "dim_divisor": -5}]}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"services[0].tracking_prefix invalid_format",
					"services[0].dim_divisor out_of_range", "services[0].max_weight_g out_of_range", "services[0].max_side_mm out_of_range",
					"services[0].origins required", "services[0].rates required"}},
			{Name: "not json", Role: adm, Method: http.MethodPut, Path: "/v1/carriers", Body: `{"code": `, Status: http.StatusBadRequest,
				Fields: []string{" invalid_format"}},
			{Name: "labels of nothing", Role: wh, Method: http.MethodGet, Path: "/v1/shipments/shp_nope/labels?format=zpl", Status: http.StatusNotFound},
			{Name: "labels in a bad format", Role: wh, Method: http.MethodGet, Path: "/v1/shipments/shp_nope/labels?format=png",
				Status: http.StatusUnprocessableEntity, Fields: []string{"query.format unknown_value"}},
		})
	})
}
