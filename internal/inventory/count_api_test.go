package inventory

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// countSnapshot is what a refused count request must leave as it was: the
// stock and every count task's status and numbers.
func (e *apiEnv) countSnapshot() any {
	out := e.counts()
	for _, st := range []string{"open", "claimed", "counted", "approved", "cancelled"} {
		out["count_"+st] = e.query(`SELECT count(*) FROM count_tasks WHERE status = $1`, st)
	}
	out["count_started"] = e.query(`SELECT count(*) FROM count_tasks WHERE started_at IS NOT NULL`)
	out["count_counted"] = e.query(`SELECT count(*) FROM count_tasks WHERE counted <> '{}'`)
	return out
}

// The count operations over HTTP: roles, hostile input answered 4xx with
// nothing written, the counter's answers blind, an admin's not.
func TestCountAPI(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newAPI(setup(t, d))
		e.receive("BER", "A-01-01-1", "SKU-1", 10)
		const admin, wh = actor.Admin, actor.Warehouse
		open := e.Do(wh, "POST", "/v1/counts", `{"warehouse":"ber","bins":["a-1-1-1","A-01-01-1"]}`)
		require.Equal(t, 201, open.Status, open.Raw)
		var opened []CountTask
		require.NoError(t, json.Unmarshal([]byte(open.Raw), &opened))
		require.Len(t, opened, 1, "one count per bin")
		require.Equal(t, "manual", opened[0].Reason)
		id := opened[0].ID
		path := "/v1/counts/" + id
		line := func(item string, q int) string { return fmt.Sprintf(`{"item":%q,"quantity":%d}`, item, q) }
		many := strings.Repeat(line("SKU-1", 1)+",", 9999) + line("SKU-1", 1)
		sc := func(name string, role actor.Role, method, p, body string, status int, detail string, fields ...string) apitest.Scenario {
			return apitest.Scenario{Name: name, Role: role, Method: method, Path: p, Body: body, Status: status, Detail: detail, Fields: fields}
		}
		e.Run(t, e.countSnapshot, []apitest.Scenario{
			sc("no key", "", "POST", "/v1/counts", `{"warehouse":"BER","bins":["A-01-01-2"]}`, 401, ""),
			sc("finance opens", actor.Finance, "POST", "/v1/counts", `{"warehouse":"BER","bins":["A-01-01-2"]}`, 403, ""),
			sc("customer service reads", actor.CustomerService, "GET", path, "", 403, ""),
			sc("integration claims", actor.Integration, "POST", path+"/claim", "", 403, ""),
			sc("no bins", wh, "POST", "/v1/counts", `{"warehouse":"BER","bins":[]}`, 422, "", "bins out_of_range"),
			sc("unknown bins", wh, "POST", "/v1/counts", `{"warehouse":"BER","bins":["A-01-01-2","B-09-09-9","nonsense"]}`, 422, "",
				"bins[2] invalid_format"),
			sc("unknown bin", wh, "POST", "/v1/counts", `{"warehouse":"BER","bins":["A-01-01-2","B-09-09-9"]}`, 422, "",
				"bins[1] unknown_value"),
			sc("unknown warehouse", wh, "POST", "/v1/counts", `{"warehouse":"XYZ","bins":["A-01-01-2"]}`, 422, "", "warehouse unknown_value"),
			sc("schedule zero", wh, "POST", "/v1/counts/schedule", `{"warehouse":"BER","count":0}`, 422, "", "count out_of_range"),
			sc("unknown task", wh, "POST", "/v1/counts/cnt_nope/claim", "", 404, ""),
			sc("submit before claim", wh, "POST", path+"/submit", `{"lines":[]}`, 409, "not claimed; claim it first"),
			sc("warehouse approves", wh, "POST", path+"/approve", "", 403, ""),
			sc("warehouse cancels", wh, "POST", path+"/cancel", "", 403, ""),
			sc("approve open", admin, "POST", path+"/approve", "", 409, "only a counted task can be approved"),
			sc("claimed", wh, "POST", path+"/claim", "", 200, ""),
			sc("claimed by another", admin, "POST", path+"/claim", "", 409, "is claimed by"),
			sc("submitted by another", admin, "POST", path+"/submit", `{"lines":[]}`, 409, "is claimed by"),
			sc("negative quantity", wh, "POST", path+"/submit", `{"lines":[`+line("SKU-1", -1)+`]}`, 422, "",
				"lines[0].quantity out_of_range"),
			sc("10,000 lines", wh, "POST", path+"/submit", `{"lines":[`+many+`]}`, 422, "", "lines out_of_range"),
			sc("unknown codes", wh, "POST", path+"/submit", `{"lines":[`+line("SKU-1", 1)+","+line("NOPE", 1)+","+line("12345678", 1)+`]}`,
				422, "", "lines[1].item unknown_value", "lines[2].item unknown_value"),
			sc("empty item", wh, "POST", path+"/submit", `{"lines":[`+line("", 1)+`]}`, 422, "", "lines[0].item out_of_range"),
			sc("fractional", wh, "POST", path+"/submit", `{"lines":[{"item":"SKU-1","quantity":1.5}]}`, 422, "",
				"lines[0].quantity wrong_type"),
			sc("no lines field", wh, "POST", path+"/submit", `{}`, 422, "", "lines required"),
			sc("control characters", wh, "POST", path+"/submit", `{"lines":[{"item":"SKU\u0000","quantity":1}]}`, 422, "",
				"lines[0].item invalid_format"),
		})

		got := e.Do(wh, "GET", path, "")
		require.Equal(t, 200, got.Status, got.Raw)
		require.NotContains(t, got.Raw, "expected", "blind")
		require.NotContains(t, got.Raw, "variances")
		sub := e.Do(wh, "POST", path+"/submit", `{"lines":[`+line("sku-1", 8)+`]}`)
		require.Equal(t, 200, sub.Status, sub.Raw)
		require.Equal(t, "counted", sub.Body["status"])
		require.NotContains(t, sub.Raw, "variances", "the counter's answer is blind")
		list := e.Do(wh, "GET", "/v1/counts?status=counted", "")
		require.Equal(t, 200, list.Status, list.Raw)
		require.NotContains(t, list.Raw, "variances")
		seen := e.Do(admin, "GET", path, "")
		require.Contains(t, seen.Raw, `"variance":-2`, "an admin sees the variances")
		ok := e.Do(admin, "POST", path+"/approve", "")
		require.Equal(t, 200, ok.Status, ok.Raw)
		require.Equal(t, "approved", ok.Body["status"])
		require.Equal(t, int64(8), e.bin("BER", "A-01-01-1", "SKU-1"))
		again := e.Do(admin, "POST", path+"/approve", "")
		require.Equal(t, 409, again.Status)
		e.reconciled()
	})
}
