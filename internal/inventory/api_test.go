package inventory

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

func TestStockWriteAPI(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newAPI(setup(t, d))
		const admin, wh = actor.Admin, actor.Warehouse
		receipt := func(name string, role actor.Role, body string, status int, detail string, fields ...string) apitest.Scenario {
			return apitest.Scenario{Name: name, Role: role, Method: "POST", Path: "/v1/stock/receipts", Body: body, Status: status,
				Fields: fields, Detail: detail}
		}
		rc := func(w, bin, sku, q, ref string) string {
			return fmt.Sprintf(`{"warehouse":%s,"bin":%s,"sku":%s,"quantity":%s,"reference":%s}`, w, bin, sku, q, ref)
		}
		good := rc(`"BER"`, `"A-01-01-1"`, `"SKU-1"`, `10`, `"PO-1"`)
		long := func(n int) string { return `"` + strings.Repeat("x", n) + `"` }
		e.Run(t, e.snapshot, []apitest.Scenario{
			receipt("no key", "", good, 401, ""),
			receipt("customer service", actor.CustomerService, good, 403, ""),
			receipt("finance", actor.Finance, good, 403, ""),
			receipt("malformed JSON", wh, `{"warehouse":"BER",`, 400, "", " invalid_format"),
			receipt("unknown field", wh, strings.Replace(good, `"sku"`, `"colour":"red","sku"`, 1), 422, "", "colour unknown_field"),
			receipt("quantity as text", wh, rc(`"BER"`, `"A-01-01-1"`, `"SKU-1"`, `"ten"`, `"PO"`), 422, "", "quantity wrong_type"),
			receipt("fractional quantity", wh, rc(`"BER"`, `"A-01-01-1"`, `"SKU-1"`, `1.5`, `"PO"`), 422, "", "quantity wrong_type"),
			receipt("negative quantity", wh, rc(`"BER"`, `"A-01-01-1"`, `"SKU-1"`, `-5`, `"PO"`), 422, "", "quantity out_of_range"),
			receipt("absurd quantity", wh, rc(`"BER"`, `"A-01-01-1"`, `"SKU-1"`, `1e15`, `"PO"`), 422, "", "quantity out_of_range"),
			receipt("over-long sku", wh, rc(`"BER"`, `"A-01-01-1"`, long(65), `1`, `"PO"`), 422, "", "sku too_long"),
			receipt("over-long reference", wh, rc(`"BER"`, `"A-01-01-1"`, `"SKU-1"`, `1`, long(101)), 422, "", "reference too_long"),
			receipt("missing reference", wh, `{"warehouse":"BER","bin":"A-01-01-1","sku":"SKU-1","quantity":1}`, 422, "", "reference required"),
			receipt("blank reference", wh, rc(`"BER"`, `"A-01-01-1"`, `"SKU-1"`, `1`, `"   "`), 422, "", "reference required"),
			receipt("control characters", wh, rc(`"BER"`, `"A-01-01-1"`, `"SKU\u0000"`, `1`, `"PO"`), 422, "", "sku invalid_format"),
			receipt("bad bin code", wh, rc(`"BER"`, `"A01"`, `"SKU-1"`, `1`, `"PO"`), 422, "", "bin invalid_format"),
			receipt("unknown warehouse and sku", wh, rc(`"XYZ"`, `"A-01-01-1"`, `"NOPE"`, `1`, `"PO"`), 422, "",
				"warehouse unknown_value", "sku unknown_value"),
			receipt("unknown bin", wh, rc(`"BER"`, `"B-01-01-1"`, `"SKU-1"`, `1`, `"PO"`), 422, "", "bin unknown_value"),
			receipt("inactive bin", wh, rc(`"BER"`, `"Z-01-01-1"`, `"SKU-1"`, `1`, `"PO"`), 409, "bin Z-01-01-1 in warehouse BER is inactive"),
			receipt("inactive warehouse", wh, rc(`"OLD"`, `"A-01-01-1"`, `"SKU-1"`, `1`, `"PO"`), 409, "warehouse OLD is inactive"),
			receipt("oversized body", wh, rc(`"BER"`, `"A-01-01-1"`, `"SKU-1"`, `1`, long(2<<20)), 413, ""),
			receipt("received", wh, good, 201, ""),
			{Name: "adjust unknown reason", Role: wh, Method: "POST", Path: "/v1/stock/adjustments",
				Body: `{"warehouse":"BER","bin":"A-01-01-1","sku":"SKU-1","delta":-1,"reason":"stolen"}`, Status: 422,
				Fields: []string{"reason unknown_value"}},
			{Name: "adjust zero", Role: wh, Method: "POST", Path: "/v1/stock/adjustments",
				Body: `{"warehouse":"BER","bin":"A-01-01-1","sku":"SKU-1","delta":0,"reason":"found"}`, Status: 422,
				Fields: []string{"delta out_of_range"}},
			{Name: "adjust absurd", Role: wh, Method: "POST", Path: "/v1/stock/adjustments",
				Body: `{"warehouse":"BER","bin":"A-01-01-1","sku":"SKU-1","delta":-2000000,"reason":"lost"}`, Status: 422,
				Fields: []string{"delta out_of_range"}},
			{Name: "adjust wrong sign", Role: wh, Method: "POST", Path: "/v1/stock/adjustments",
				Body: `{"warehouse":"BER","bin":"A-01-01-1","sku":"SKU-1","delta":5,"reason":"theft"}`, Status: 422,
				Fields: []string{"delta out_of_range"}},
			{Name: "adjust long note", Role: wh, Method: "POST", Path: "/v1/stock/adjustments",
				Body:   `{"warehouse":"BER","bin":"A-01-01-1","sku":"SKU-1","delta":-1,"reason":"lost","note":` + long(501) + `}`,
				Status: 422, Fields: []string{"note too_long"}},
			{Name: "adjust below zero", Role: wh, Method: "POST", Path: "/v1/stock/adjustments",
				Body: `{"warehouse":"BER","bin":"A-01-01-1","sku":"SKU-1","delta":-11,"reason":"lost"}`, Status: 409,
				Detail: "bin A-01-01-1 in warehouse BER holds 10 of SKU SKU-1; cannot remove 11"},
			{Name: "adjusted", Role: admin, Method: "POST", Path: "/v1/stock/adjustments",
				Body:   `{"warehouse":"BER","bin":"A-01-01-1","sku":"SKU-1","delta":-1,"reason":"damaged","note":"dropped"}`,
				Status: 201},
			{Name: "move to same bin", Role: wh, Method: "POST", Path: "/v1/stock/moves",
				Body: `{"warehouse":"BER","from_bin":"A-01-01-1","to_bin":"a-1-1-1","sku":"SKU-1","quantity":1}`, Status: 422,
				Fields: []string{"to_bin duplicate"}},
			{Name: "move too much", Role: wh, Method: "POST", Path: "/v1/stock/moves",
				Body: `{"warehouse":"BER","from_bin":"A-01-01-1","to_bin":"A-01-01-2","sku":"SKU-1","quantity":10}`, Status: 409,
				Detail: "bin A-01-01-1 in warehouse BER holds 9 of SKU SKU-1; cannot remove 10"},
			{Name: "moved", Role: wh, Method: "POST", Path: "/v1/stock/moves",
				Body: `{"warehouse":"BER","from_bin":"A-01-01-1","to_bin":"A-01-01-2","sku":"SKU-1","quantity":4}`, Status: 201},
			{Name: "transfer missing bin", Role: wh, Method: "POST", Path: "/v1/stock/transfers",
				Body:   `{"sku":"SKU-1","quantity":1,"from":{"warehouse":"BER"},"to":{"warehouse":"MUC","bin":"A-01-01-1"}}`,
				Status: 422, Fields: []string{"from.bin required"}},
			{Name: "transfer to itself", Role: wh, Method: "POST", Path: "/v1/stock/transfers",
				Body: `{"sku":"SKU-1","quantity":1,"from":{"warehouse":"BER","bin":"A-01-01-1"},"to":{"warehouse":"ber","bin":"A-01-01-2"}}`, Status: 422,
				Fields: []string{"to.warehouse duplicate"}},
			{Name: "transfer unknown destination", Role: wh, Method: "POST", Path: "/v1/stock/transfers",
				Body: `{"sku":"SKU-1","quantity":1,"from":{"warehouse":"BER","bin":"A-01-01-1"},"to":{"warehouse":"HAM","bin":"A-01-01-2"}}`, Status: 422,
				Fields: []string{"to.warehouse unknown_value"}},
			{Name: "transferred", Role: wh, Method: "POST", Path: "/v1/stock/transfers",
				Body:   `{"sku":"SKU-1","quantity":2,"from":{"warehouse":"BER","bin":"A-01-01-2"},"to":{"warehouse":"MUC","bin":"A-01-01-1"},"reference":"TR-9"}`,
				Status: 201},
		})
		on, _ := e.balance("BER", "SKU-1")
		muc, _ := e.balance("MUC", "SKU-1")
		require.Equal(t, []int64{7, 2}, []int64{on, muc})

		res := e.Do(wh, "POST", "/v1/stock/receipts", rc(`"muc"`, `"a-1-1-2"`, `"SKU-2"`, `3`, `"PO-2"`))
		require.Equal(t, 201, res.Status, res.Raw)
		require.Equal(t, "receive", res.Body["kind"])
		bal := res.Body["balances"].([]any)[0].(map[string]any)
		require.Equal(t, []any{"MUC", "SKU-2", 3.0, 0.0, 3.0}, []any{bal["warehouse"], bal["sku"], bal["on_hand"], bal["reserved"], bal["available"]})
		require.Equal(t, "A-01-01-2", res.Body["bins"].([]any)[0].(map[string]any)["bin"])
	})
}
