package inventory

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// items returns one field of each item on every page of a list, following
// next_cursor, so paging is tested along with the filters.
func (e *apiEnv) items(role actor.Role, path, field string) []any {
	e.t.Helper()
	var out []any
	next, sep := path+"&limit=2", "&cursor="
	for pages := 0; next != ""; pages++ {
		require.Less(e.t, pages, 20)
		res := e.Do(role, "GET", next, "")
		require.Equal(e.t, 200, res.Status, res.Raw)
		for _, it := range res.Body["items"].([]any) {
			out = append(out, it.(map[string]any)[field])
		}
		next = ""
		if c, ok := res.Body["next_cursor"].(string); ok {
			next = path + "&limit=2" + sep + c
		}
	}
	return out
}

func TestStockReadAPI(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newAPI(setup(t, d))
		e.sequence()
		e.receive("BER", "A-01-02-1", "SKU-2", 1)
		e.receive("BER", "A-01-02-1", "SKU-3", 1)

		require.ElementsMatch(t, []any{"SKU-1", "SKU-2", "SKU-3"}, e.items(actor.CustomerService, "/v1/stock/balances?warehouse=ber", "sku"))
		require.Equal(t, []any{"BER", "MUC"}, e.items(actor.Finance, "/v1/stock/balances?sku=SKU-1", "warehouse"))
		require.Equal(t, []any{6.0}, e.items(actor.Integration, "/v1/stock/balances?sku=SKU-1&warehouse=BER", "available"))
		require.ElementsMatch(t, []any{5.0, 2.0}, e.items(actor.Warehouse, "/v1/stock/bins?warehouse=BER&sku=SKU-1", "on_hand"))
		require.Equal(t, []any{"SKU-2", "SKU-3"}, e.items(actor.Warehouse, "/v1/stock/bins?warehouse=BER&bin=a-1-2-1", "sku"))
		kinds := e.items(actor.CustomerService, "/v1/stock/entries?warehouse=BER&sku=SKU-1", "kind")
		require.ElementsMatch(t, []any{"release", "reserve", "transfer", "move", "move", "adjust", "receive"}, kinds)
		ids := e.items(actor.CustomerService, "/v1/stock/entries?warehouse=BER&sku=SKU-1", "id")
		require.True(t, slices.IsSortedFunc(ids, func(a, b any) int { return strings.Compare(b.(string), a.(string)) }),
			"newest (highest id) first across pages")
		res := e.Do(actor.Admin, "GET", "/v1/stock/entries?sku=SKU-1&limit=1", "")
		mov := res.Body["items"].([]any)[0].(map[string]any)["movement_id"].(string)
		require.Len(t, e.items(actor.Admin, "/v1/stock/entries?movement="+mov, "id"), 1)

		get := func(name string, role actor.Role, path string, status int, fields ...string) apitest.Scenario {
			return apitest.Scenario{Name: name, Role: role, Method: "GET", Path: path, Status: status, Fields: fields}
		}
		e.Run(t, e.snapshot, []apitest.Scenario{
			get("bad cursor", actor.Admin, "/v1/stock/balances?cursor=***", 422, "query.cursor invalid_format"),
			get("limit zero", actor.Admin, "/v1/stock/entries?limit=0", 422, "query.limit out_of_range"),
			get("limit absurd", actor.Admin, "/v1/stock/bins?limit=99999999999", 422, "query.limit out_of_range"),
			get("long sku", actor.Admin, "/v1/stock/balances?sku="+strings.Repeat("x", 65), 422, "query.sku too_long"),
			get("unknown parameter", actor.Admin, "/v1/stock/balances?bin=A-01-01-1", 422, "query.bin invalid_format"),
			get("no key", "", "/v1/stock/balances", 401),
			get("reconcile needs admin", actor.Warehouse, "/v1/stock/reconcile", 403),
		})
		res = e.Do(actor.Admin, "GET", "/v1/stock/reconcile", "")
		require.Equal(t, 200, res.Status, res.Raw)
		require.Equal(t, true, res.Body["ok"])
		require.Equal(t, 11.0, res.Body["entries_checked"])

		e.exec(`UPDATE stock_balances SET reserved = 0`)
		res = e.Do(actor.Admin, "GET", "/v1/stock/reconcile", "")
		require.Equal(t, 200, res.Status, res.Raw)
		require.Equal(t, false, res.Body["ok"])
		diffs := res.Body["differences"].([]any)
		require.Len(t, diffs, 1)
		require.Equal(t, map[string]any{"check": "balance_reserved", "warehouse": "BER", "sku": "SKU-1", "expected": 1.0,
			"actual": 0.0, "detail": "reserved is 0; its entries add up to 1"}, diffs[0])
	})
}
