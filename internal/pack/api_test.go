package pack_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/pack"
)

// TestPackAPI drives the pack station over HTTP as a careless or hostile
// client would, then as a packer: every refusal names its field (never a
// 500) and changes nothing.
func TestPackAPI(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		_, fid, tote := s.picked("A1", flowtest.Line("SKU-000", 1))
		srv := apitest.New(t, d, func(api *httpapi.API) { pack.Register(api, s.Packing) })
		snapshot := func() any {
			return [4]int64{s.count(`SELECT count(*) FROM pack_scans`), s.count(`SELECT count(*) FROM parcels`),
				s.count(`SELECT coalesce(sum(on_hand), 0) FROM cartons`), s.count(`SELECT count(*) FROM pack_rules`)}
		}
		wh, fin, adm := actor.Warehouse, actor.Finance, actor.Admin
		scans := "/v1/fulfilments/" + fid + "/pack-scans"
		long := strings.Repeat("x", 5000)
		srv.Run(t, snapshot, []apitest.Scenario{
			{Name: "no key", Method: http.MethodGet, Path: "/v1/pack-station?code=" + tote, Status: http.StatusUnauthorized},
			{Name: "finance may not", Role: fin, Method: http.MethodGet, Path: "/v1/pack-station?code=" + tote, Status: http.StatusForbidden},
			{Name: "unknown tote", Role: wh, Method: http.MethodGet, Path: "/v1/pack-station?warehouse=EAST&code=T-NOPE",
				Status: http.StatusUnprocessableEntity, Fields: []string{"code unknown_value"}},
			{Name: "not json", Role: wh, Method: http.MethodPost, Path: scans, Body: `{"scan_id": `, Status: http.StatusBadRequest,
				Fields: []string{" invalid_format"}},
			{Name: "wrong types", Role: wh, Method: http.MethodPost, Path: scans, Body: `{"scan_id": 1, "item": "SKU-000", "quantity": "2"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"quantity wrong_type", "scan_id wrong_type"}},
			{Name: "a long item", Role: wh, Method: http.MethodPost, Path: scans, Body: `{"scan_id": "s", "item": "` + long + `"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"item too_long"}},
			{Name: "wrong item", Role: wh, Method: http.MethodPost, Path: scans, Body: `{"scan_id": "s", "item": "SKU-001"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"item wrong_item"}},
			{Name: "too many", Role: wh, Method: http.MethodPost, Path: scans, Body: `{"scan_id": "s", "item": "SKU-000", "quantity": 2}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"quantity out_of_range"}},
			{Name: "unknown fulfilment", Role: wh, Method: http.MethodPost, Path: "/v1/fulfilments/ful_nope/pack-scans",
				Body: `{"scan_id": "s", "item": "SKU-000"}`, Status: http.StatusNotFound},
			{Name: "a packer may not resolve", Role: wh, Method: http.MethodPost, Path: "/v1/fulfilments/" + fid + "/pack-problems",
				Body: `{"scan_id": "p", "item": "SKU-000", "kind": "damaged"}`, Status: http.StatusForbidden},
			{Name: "unknown parcel", Role: wh, Method: http.MethodPost, Path: "/v1/parcels/pcl_nope/close",
				Body: `{"scan_id": "c", "carton": "M", "weight_g": 800}`, Status: http.StatusNotFound},
			{Name: "a packer may not add cartons", Role: wh, Method: http.MethodPut, Path: "/v1/warehouses/EAST/cartons/XL",
				Body:   `{"inner_mm": [1,1,1], "outer_mm": [1,1,1], "tare_g": 1, "max_weight_g": 2, "cost_minor": 1, "material": "corrugated", "on_hand": 1, "active": true}`,
				Status: http.StatusForbidden},
			{Name: "a carton inside out", Role: adm, Method: http.MethodPut, Path: "/v1/warehouses/EAST/cartons/XL",
				Body:   `{"inner_mm": [300,200,100], "outer_mm": [290,210,110], "tare_g": 100, "max_weight_g": 50, "cost_minor": 1, "material": "corrugated", "on_hand": 1, "active": true}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"outer_mm out_of_range", "max_weight_g out_of_range"}},
			{Name: "a carton of nonsense material", Role: adm, Method: http.MethodPut, Path: "/v1/warehouses/EAST/cartons/XL",
				Body:   `{"inner_mm": [300,200,100], "outer_mm": [310,210,110], "tare_g": 100, "max_weight_g": 5000, "cost_minor": 1, "material": "gold", "on_hand": 1, "active": true}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"material unknown_value"}},
			{Name: "a bad code", Role: adm, Method: http.MethodPut, Path: "/v1/warehouses/EAST/cartons/a%20b",
				Body:   `{"inner_mm": [300,200,100], "outer_mm": [310,210,110], "tare_g": 100, "max_weight_g": 5000, "cost_minor": 1, "material": "mailer", "on_hand": 1, "active": true}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"code invalid_format"}},
			{Name: "a prefix of letters", Role: adm, Method: http.MethodPut, Path: "/v1/warehouses/EAST/pack-rules",
				Body: `{"tolerance_pct": 5, "tolerance_g": 50, "gs1_prefix": "ABCDEFG"}`, Status: http.StatusUnprocessableEntity,
				Fields: []string{"gs1_prefix invalid_format"}},
			{Name: "a label format of nonsense", Role: adm, Method: http.MethodPut, Path: "/v1/warehouses/EAST/pack-rules",
				Body: `{"tolerance_pct": 5, "tolerance_g": 50, "gs1_prefix": "0614141", "label_format": "svg"}`, Status: http.StatusUnprocessableEntity,
				Fields: []string{"label_format unknown_value"}},
			{Name: "materials out of range", Role: adm, Method: http.MethodPut, Path: "/v1/warehouses/EAST/pack-rules",
				Body:   `{"tolerance_pct": 5, "tolerance_g": 50, "gs1_prefix": "0614141", "materials": {"wrap_mm": 99, "wrap_cost": -1}}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"materials.bag_cost required",
					"materials.bag_weight_g required", "materials.fill_cost_per_litre required", "materials.fill_weight_per_litre_g required",
					"materials.wrap_cost out_of_range", "materials.wrap_mm out_of_range", "materials.wrap_weight_g required"}},
			{Name: "the station by tote", Role: wh, Method: http.MethodGet, Path: "/v1/pack-station?warehouse=EAST&code=" + tote, Status: http.StatusOK},
			{Name: "a unit scanned", Role: wh, Method: http.MethodPost, Path: scans, Body: `{"scan_id": "s1", "item": "SKU-000"}`, Status: http.StatusOK},
			{Name: "rules set", Role: adm, Method: http.MethodPut, Path: "/v1/warehouses/EAST/pack-rules",
				Body: `{"tolerance_pct": 3, "tolerance_g": 20, "gs1_prefix": "0614141"}`, Status: http.StatusOK},
		})
		st, err := s.Packing.Station(as(ann), fid)
		require.NoError(t, err)
		require.Zero(t, st.Left)
		r, err := s.Packing.PackRules(as(ann), "EAST")
		require.NoError(t, err)
		require.Equal(t, int64(3), r.TolerancePct)
		require.Equal(t, 10, r.Materials.WrapMM, "the default materials")
	})
}
