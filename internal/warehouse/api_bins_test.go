package warehouse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

func TestBinAPI(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newAPI(t, d)
		require.Equal(t, 201, e.Do(actor.Admin, "POST", "/v1/warehouses", berlinJSON).Status)
		const admin, wh, cs = actor.Admin, actor.Warehouse, actor.CustomerService
		path := "/v1/warehouses/BER-1/bins"
		many := func(n int) string {
			var b strings.Builder
			for i := range n {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `{"code":"A-%02d-%02d-1","x":1,"y":2}`, i/100, i%100)
			}
			return `{"bins":[` + b.String() + `]}`
		}
		e.Run(t, e.snapshot, []apitest.Scenario{
			{Name: "customer service may not add", Role: cs, Method: "POST", Path: path,
				Body: `{"bins":[{"code":"A-01-01-1","x":1,"y":1}]}`, Status: 403},
			{Name: "empty list", Role: wh, Method: "POST", Path: path, Body: `{"bins":[]}`, Status: 422,
				Fields: []string{"bins out_of_range"}},
			{Name: "too many", Role: wh, Method: "POST", Path: path, Body: many(1001), Status: 422,
				Fields: []string{"bins out_of_range"}},
			{Name: "bad code", Role: wh, Method: "POST", Path: path,
				Body: `{"bins":[{"code":"A-01-01-1","x":1,"y":1},{"code":"A-01","x":1,"y":1}]}`, Status: 422,
				Fields: []string{"bins[1].code invalid_format"}},
			{Name: "negative x", Role: wh, Method: "POST", Path: path, Body: `{"bins":[{"code":"A-01-01-1","x":-1,"y":1}]}`,
				Status: 422, Fields: []string{"bins[0].x out_of_range"}},
			{Name: "absurd y", Role: wh, Method: "POST", Path: path, Body: `{"bins":[{"code":"A-01-01-1","x":1,"y":1e12}]}`,
				Status: 422, Fields: []string{"bins[0].y out_of_range"}},
			{Name: "missing y", Role: wh, Method: "POST", Path: path, Body: `{"bins":[{"code":"A-01-01-1","x":1}]}`, Status: 422,
				Fields: []string{"bins[0].y required"}},
			{Name: "long code", Role: wh, Method: "POST", Path: path,
				Body: `{"bins":[{"code":"` + strings.Repeat("A", 33) + `","x":1,"y":1}]}`, Status: 422,
				Fields: []string{"bins[0].code too_long"}},
			{Name: "same code twice", Role: wh, Method: "POST", Path: path,
				Body: `{"bins":[{"code":"A-01-01-1","x":1,"y":1},{"code":"a-1-1-1","x":1,"y":1}]}`, Status: 422,
				Fields: []string{"bins[1].code duplicate"}},
			{Name: "unknown warehouse", Role: wh, Method: "POST", Path: "/v1/warehouses/NOPE/bins",
				Body: `{"bins":[{"code":"A-01-01-1","x":1,"y":1}]}`, Status: 404},
			{Name: "added", Role: wh, Method: "POST", Path: path, Body: many(1000), Status: 201},
			{Name: "exists already", Role: admin, Method: "POST", Path: path,
				Body: `{"bins":[{"code":"B-01-01-1","x":1,"y":1},{"code":"A-00-05-1","x":1,"y":1}]}`, Status: 409,
				Fields: []string{"bins[1].code duplicate"}},
			{Name: "zone B", Role: admin, Method: "POST", Path: path, Body: `{"bins":[{"code":"B-01-01-1","x":40,"y":1}]}`,
				Status: 201},
			{Name: "deactivate", Role: wh, Method: "PATCH", Path: path + "/b-1-1-1", Body: `{"active":false}`, Status: 200},
			{Name: "patch bad code", Role: wh, Method: "PATCH", Path: path + "/B-1", Body: `{"active":false}`, Status: 422,
				Fields: []string{"path.bin invalid_format"}},
			{Name: "patch unknown bin", Role: wh, Method: "PATCH", Path: path + "/B-09-09-9", Body: `{"active":false}`,
				Status: 404},
			{Name: "patch negative x", Role: wh, Method: "PATCH", Path: path + "/B-01-01-1", Body: `{"x":-3}`, Status: 422,
				Fields: []string{"x out_of_range"}},
			{Name: "list bad zone", Role: cs, Method: "GET", Path: path + "?zone=TOOLONG", Status: 422,
				Fields: []string{"query.zone too_long"}},
		})
		res := e.Do(cs, "GET", path+"?zone=b", "")
		require.Equal(t, 200, res.Status, res.Raw)
		items := res.Body["items"].([]any)
		require.Len(t, items, 1)
		require.Equal(t, false, items[0].(map[string]any)["active"])

		seen := 0
		next := path + "?zone=A&limit=500"
		for next != "" {
			res := e.Do(actor.Finance, "GET", next, "")
			require.Equal(t, 200, res.Status, res.Raw)
			seen += len(res.Body["items"].([]any))
			next = ""
			if c, ok := res.Body["next_cursor"].(string); ok {
				next = path + "?zone=A&limit=500&cursor=" + c
			}
		}
		require.Equal(t, 1000, seen)
	})
}
