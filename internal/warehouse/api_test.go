package warehouse

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

const berlinJSON = `{"code":"BER-1","name":"Berlin Nord","address":{"line1":"Industriestraße 5","city":"Berlin",
	"postal_code":"13355","country":"DE"},"latitude":52.54,"longitude":13.39,
	"regions_served":[{"country":"DE","postal_prefixes":["10","12"]},{"country":"PL"}],
	"cutoff_time":"15:00","timezone":"Europe/Berlin"}`

func TestWarehouseAPI(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newAPI(t, d)
		const admin, wh, cs = actor.Admin, actor.Warehouse, actor.CustomerService
		post := func(name string, role actor.Role, body string, status int, fields ...string) apitest.Scenario {
			return apitest.Scenario{Name: name, Role: role, Method: http.MethodPost, Path: "/v1/warehouses", Body: body, Status: status,
				Fields: fields}
		}
		e.Run(t, e.snapshot, []apitest.Scenario{
			post("no key", "", berlinJSON, 401),
			post("wrong role", wh, berlinJSON, 403),
			post("malformed JSON", admin, `{"code":"BER-1",`, 400, " invalid_format"),
			post("not an object", admin, `[1,2]`, 422, " wrong_type"),
			post("unknown field", admin, strings.Replace(berlinJSON, `"name"`, `"colour":"red","name"`, 1), 422, "colour unknown_field"),
			post("wrong type", admin, strings.Replace(berlinJSON, `"Berlin Nord"`, `5`, 1), 422, "name wrong_type"),
			post("wrong nested type", admin, strings.Replace(berlinJSON, `"postal_prefixes":["10","12"]`, `"postal_prefixes":"10"`, 1), 422, "regions_served[0].postal_prefixes wrong_type"),
			post("absurd latitude", admin, strings.Replace(berlinJSON, `52.54`, `1e300`, 1), 422, "latitude out_of_range"),
			post("over-long name", admin, strings.Replace(berlinJSON, `Berlin Nord`, strings.Repeat("x", 201), 1), 422, "name too_long"),
			post("missing field", admin, strings.Replace(berlinJSON, `"cutoff_time":"15:00",`, ``, 1), 422, "cutoff_time required"),
			post("bad country", admin, strings.Replace(berlinJSON, `"country":"DE"}`, `"country":"XX"}`, 1), 422, "address.country unknown_value"),
			post("bad region country", admin, strings.Replace(berlinJSON, `{"country":"PL"}`, `{"country":"ZZ"}`, 1), 422, "regions_served[1].country unknown_value"),
			post("bad timezone", admin, strings.Replace(berlinJSON, `Europe/Berlin`, `Europe/Atlantis`, 1), 422, "timezone unknown_value"),
			post("bad cut-off", admin, strings.Replace(berlinJSON, `15:00`, `25:61`, 1), 422, "cutoff_time invalid_format"),
			post("bad code", admin, strings.Replace(berlinJSON, `BER-1`, `BER_1`, 1), 422, "code invalid_format"),
			post("NUL in name", admin, strings.Replace(berlinJSON, `Berlin Nord`, `Ber\u0000lin`, 1), 422, "name invalid_format"),
			post("several problems at once", admin, strings.Replace(strings.Replace(berlinJSON, `15:00`, `7pm`, 1),
				`Europe/Berlin`, `CET+1`, 1), 422, "cutoff_time invalid_format", "timezone unknown_value"),
			post("schema and domain problems at once", admin, strings.Replace(strings.Replace(berlinJSON, `52.54`, `1e300`, 1),
				`Europe/Berlin`, `Europe/Atlantis`, 1), 422, "latitude out_of_range", "timezone unknown_value"),
			post("created", admin, berlinJSON, 201),
			post("duplicate code", admin, strings.Replace(berlinJSON, `BER-1`, `ber-1`, 1), 409, "code duplicate"),
			{Name: "get by code", Role: cs, Method: "GET", Path: "/v1/warehouses/ber-1", Status: 200},
			{Name: "get unknown", Role: cs, Method: "GET", Path: "/v1/warehouses/NOPE", Status: 404},
			{Name: "list", Role: actor.Finance, Method: "GET", Path: "/v1/warehouses?active=true&serves=DE:10115&country=de",
				Status: 200},
			{Name: "list bad serves", Role: cs, Method: "GET", Path: "/v1/warehouses?serves=XX:1", Status: 422,
				Fields: []string{"query.serves invalid_format"}},
			{Name: "list bad country", Role: cs, Method: "GET", Path: "/v1/warehouses?country=ZZ", Status: 422,
				Fields: []string{"query.country unknown_value"}},
			{Name: "list bad active", Role: cs, Method: "GET", Path: "/v1/warehouses?active=yes", Status: 422,
				Fields: []string{"query.active unknown_value"}},
			{Name: "list bad cursor", Role: cs, Method: "GET", Path: "/v1/warehouses?cursor=***", Status: 422,
				Fields: []string{"query.cursor invalid_format"}},
			{Name: "list unknown param", Role: cs, Method: "GET", Path: "/v1/warehouses?colour=red", Status: 422,
				Fields: []string{"query.colour invalid_format"}},
			{Name: "list limit too big", Role: cs, Method: "GET", Path: "/v1/warehouses?limit=100000", Status: 422,
				Fields: []string{"query.limit out_of_range"}},
			{Name: "patch", Role: admin, Method: "PATCH", Path: "/v1/warehouses/BER-1",
				Body: `{"name":"Berlin Mitte","active":false}`, Status: 200},
			{Name: "patch code", Role: admin, Method: "PATCH", Path: "/v1/warehouses/BER-1", Body: `{"code":"X"}`, Status: 422,
				Fields: []string{"code unknown_field"}},
			{Name: "patch bad timezone", Role: admin, Method: "PATCH", Path: "/v1/warehouses/BER-1",
				Body: `{"timezone":"Nowhere"}`, Status: 422, Fields: []string{"timezone unknown_value"}},
			{Name: "patch null is absent", Role: admin, Method: "PATCH", Path: "/v1/warehouses/BER-1", Body: `{"name":null}`,
				Status: 200},
			{Name: "patch by warehouse staff", Role: wh, Method: "PATCH", Path: "/v1/warehouses/BER-1", Body: `{"name":"x"}`,
				Status: 403},
			{Name: "patch unknown", Role: admin, Method: "PATCH", Path: "/v1/warehouses/NOPE", Body: `{"name":"x"}`, Status: 404},
		})
		got := e.Do(cs, "GET", "/v1/warehouses/BER-1", "")
		require.Equal(t, "Berlin Mitte", got.Body["name"])
		require.Equal(t, false, got.Body["active"])
		require.Equal(t, "Europe/Berlin", got.Body["timezone"], "a patch keeps absent fields")
	})
}

func TestWarehouseListPages(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newAPI(t, d)
		for i := range 5 {
			res := e.Do(actor.Admin, "POST", "/v1/warehouses", strings.Replace(berlinJSON, `BER-1`, fmt.Sprintf("W-%d", i), 1))
			require.Equal(t, 201, res.Status, res.Raw)
		}
		var codes []string
		path := "/v1/warehouses?limit=2"
		for pages := 0; path != ""; pages++ {
			require.Less(t, pages, 4)
			res := e.Do(actor.Integration, "GET", path, "")
			require.Equal(t, 200, res.Status, res.Raw)
			for _, it := range res.Body["items"].([]any) {
				codes = append(codes, it.(map[string]any)["code"].(string))
			}
			path = ""
			if next, ok := res.Body["next_cursor"].(string); ok {
				path = "/v1/warehouses?limit=2&cursor=" + next
			}
		}
		require.Equal(t, []string{"W-0", "W-1", "W-2", "W-3", "W-4"}, codes)
	})
}
