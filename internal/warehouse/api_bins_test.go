package warehouse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

func TestBinAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newAPI(t, d)
		require.Equal(t, 201, e.do(actor.Admin, "POST", "/v1/warehouses", berlinJSON).Status)
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
		e.run([]scenario{
			{"customer service may not add", cs, "POST", path, `{"bins":[{"code":"A-01-01-1","x":1,"y":1}]}`, 403, nil},
			{"empty list", wh, "POST", path, `{"bins":[]}`, 422, []string{"bins out_of_range"}},
			{"too many", wh, "POST", path, many(1001), 422, []string{"bins out_of_range"}},
			{"bad code", wh, "POST", path, `{"bins":[{"code":"A-01-01-1","x":1,"y":1},{"code":"A-01","x":1,"y":1}]}`, 422,
				[]string{"bins[1].code invalid_format"}},
			{"negative x", wh, "POST", path, `{"bins":[{"code":"A-01-01-1","x":-1,"y":1}]}`, 422, []string{"bins[0].x out_of_range"}},
			{"absurd y", wh, "POST", path, `{"bins":[{"code":"A-01-01-1","x":1,"y":1e12}]}`, 422, []string{"bins[0].y out_of_range"}},
			{"missing y", wh, "POST", path, `{"bins":[{"code":"A-01-01-1","x":1}]}`, 422, []string{"bins[0].y required"}},
			{"long code", wh, "POST", path, `{"bins":[{"code":"` + strings.Repeat("A", 33) + `","x":1,"y":1}]}`, 422,
				[]string{"bins[0].code too_long"}},
			{"same code twice", wh, "POST", path, `{"bins":[{"code":"A-01-01-1","x":1,"y":1},{"code":"a-1-1-1","x":1,"y":1}]}`, 422,
				[]string{"bins[1].code duplicate"}},
			{"unknown warehouse", wh, "POST", "/v1/warehouses/NOPE/bins", `{"bins":[{"code":"A-01-01-1","x":1,"y":1}]}`, 404, nil},
			{"added", wh, "POST", path, many(1000), 201, nil},
			{"exists already", admin, "POST", path, `{"bins":[{"code":"B-01-01-1","x":1,"y":1},{"code":"A-00-05-1","x":1,"y":1}]}`, 409,
				[]string{"bins[1].code duplicate"}},
			{"zone B", admin, "POST", path, `{"bins":[{"code":"B-01-01-1","x":40,"y":1}]}`, 201, nil},
			{"deactivate", wh, "PATCH", path + "/b-1-1-1", `{"active":false}`, 200, nil},
			{"patch bad code", wh, "PATCH", path + "/B-1", `{"active":false}`, 422, []string{"path.bin invalid_format"}},
			{"patch unknown bin", wh, "PATCH", path + "/B-09-09-9", `{"active":false}`, 404, nil},
			{"patch negative x", wh, "PATCH", path + "/B-01-01-1", `{"x":-3}`, 422, []string{"x out_of_range"}},
			{"list bad zone", cs, "GET", path + "?zone=TOOLONG", "", 422, []string{"query.zone too_long"}},
		})
		res := e.do(cs, "GET", path+"?zone=b", "")
		require.Equal(t, 200, res.Status, res.Raw)
		items := res.Body["items"].([]any)
		require.Len(t, items, 1)
		require.Equal(t, false, items[0].(map[string]any)["active"])

		seen := 0
		next := path + "?zone=A&limit=500"
		for next != "" {
			res := e.do(actor.Finance, "GET", next, "")
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
