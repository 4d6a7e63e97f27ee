package warehouse

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

func TestLayoutAPI(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newAPI(t, d)
		require.Equal(t, 201, e.Do(actor.Admin, "POST", "/v1/warehouses", berlinJSON).Status)
		bins, _ := json.Marshal(map[string]any{"bins": twoBlockBins()})
		require.Equal(t, 201, e.Do(actor.Warehouse, "POST", "/v1/warehouses/BER-1/bins", string(bins)).Status)
		good, _ := json.Marshal(twoBlocks())
		bad := twoBlocks()
		bad.Aisles[3].Length, bad.Bins[0].Zone = 30, "Q"
		badJSON, _ := json.Marshal(bad)
		const admin, wh, cs, fin = actor.Admin, actor.Warehouse, actor.CustomerService, actor.Finance
		path := "/v1/warehouses/BER-1/layout"
		snapshot := func() any {
			out := counts(t, d)
			for _, table := range layoutTables {
				out[table] = rowCount(t, d, table)
			}
			return out
		}
		e.Run(t, snapshot, []apitest.Scenario{
			{Name: "no layout yet", Role: cs, Method: "GET", Path: path, Status: 404},
			{Name: "no key", Method: "GET", Path: path, Status: 401},
			{Name: "derive", Role: wh, Method: "POST", Path: path + "/derive", Status: 200},
			{Name: "derive is for staff", Role: fin, Method: "POST", Path: path + "/derive", Status: 403},
			{Name: "derive unknown warehouse", Role: admin, Method: "POST", Path: "/v1/warehouses/NOPE/layout/derive", Status: 404},
			{Name: "customer service may not put", Role: cs, Method: "PUT", Path: path, Body: string(good), Status: 403},
			{Name: "bad fields", Role: wh, Method: "PUT", Path: path, Body: string(badJSON), Status: 422,
				Fields: []string{"aisles[3].length out_of_range", "bins[0].zone unknown_value"}},
			{Name: "no blocks", Role: wh, Method: "PUT", Path: path, Status: 422,
				Body:   `{"blocks":[],"cross_aisles":[{"width":1},{"width":1}],"aisles":[],"depot":{"aisle":"A","distance":1},"zones":[],"bins":[]}`,
				Fields: []string{"aisles out_of_range", "blocks out_of_range"}},
			{Name: "no zones, no bins placed", Role: wh, Method: "PUT", Path: path, Status: 200,
				Body: `{"blocks":[{"code":"M","length":9}],"cross_aisles":[{"width":1},{"width":1}],"aisles":[{"code":"A","block":"M","x":1,"length":9}],"depot":{"aisle":"A","distance":1}}`},
			{Name: "put", Role: wh, Method: "PUT", Path: path, Body: string(good), Status: 200},
			{Name: "get", Role: fin, Method: "GET", Path: path, Status: 200},
			{Name: "admin puts again", Role: admin, Method: "PUT", Path: path, Body: string(good), Status: 200},
			{Name: "put unknown warehouse", Role: admin, Method: "PUT", Path: "/v1/warehouses/NOPE/layout", Body: string(good), Status: 404},
		})
		res := e.Do(fin, "GET", path, "")
		require.Equal(t, "B-02", res.Body["bins"].([]any)[2].(map[string]any)["aisle"])
		require.Equal(t, "BER-1", res.Body["warehouse"])

		csvPath := path + "/bins"
		post := func(role actor.Role, body string) apitest.Response {
			return e.Stream(role, "POST", csvPath, "text/csv", strings.NewReader(body))
		}
		before := snapshot()
		res = post(wh, "bin_code,aisle,side,position,level,zone,pick_face\n"+
			"A-01-01-1,A-02,right,2,1,A,true\n"+
			"A-03-05-2,A-09,left,x,1,A,maybe\n"+
			"B-02-03-4,B-02,up,9,1,B,false\n")
		require.Equal(t, 422, res.Status, res.Raw)
		require.Equal(t, []string{"rows[3].position wrong_type", "rows[3].pick_face wrong_type"}, res.Fields)
		res = post(wh, "bin_code,aisle,side,position,level,zone,pick_face\n"+
			"A-01-01-1,A-02,right,2,1,A,true\n"+
			"A-03-05-2,A-09,left,1,1,A,no\n"+
			"B-02-03-4,B-02,up,9,1,B,false\n"+
			"Z-01-01-1,B-02,left,1,1,B,false\n")
		require.Equal(t, 422, res.Status, res.Raw)
		require.Equal(t, []string{"rows[3].aisle unknown_value", "rows[4].side unknown_value", "rows[4].position out_of_range",
			"rows[5].bin_code unknown_value"}, res.Fields)
		res = post(wh, "bin_code,aisle\nA-01-01-1,A-02\n")
		require.Equal(t, 422, res.Status, res.Raw)
		require.Equal(t, []string{"csv required", "csv required", "csv required", "csv required", "csv required"}, res.Fields)
		require.Equal(t, before, snapshot(), "refused imports write nothing")
		require.Equal(t, 403, post(cs, "bin_code,aisle,side,position,level,zone,pick_face\n").Status)

		res = post(wh, "bin_code,aisle,side,position,level,zone,pick_face\na-1-1-1,a-02,Right,2.5,3,a,false\n")
		require.Equal(t, 200, res.Status, res.Raw)
		require.Equal(t, 1.0, res.Body["placed"])
		got := e.Do(cs, "GET", path, "").Body["bins"].([]any)
		require.Len(t, got, 3, "the bins not listed stay placed")
		require.Equal(t, map[string]any{"bin": "A-01-01-1", "aisle": "A-02", "side": "right", "position": 2.5, "level": 3.0,
			"zone": "A", "pick_face": false}, got[0])
	})
}
