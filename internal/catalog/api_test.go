package catalog_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

func TestAPIProducts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := setupAPI(t, d)
		created := a.Do(actor.Integration, "POST", "/v1/products", validJSON("MUG-1"))
		require.Equal(t, http.StatusCreated, created.Status, created.Raw)
		mug := created.Body
		id := mug["id"].(string)
		require.Equal(t, []any{"4006381333931"}, mug["barcodes"])
		require.Equal(t, true, mug["fragile"])
		require.Equal(t, false, mug["liquid"])

		got := a.Do(actor.Warehouse, "GET", "/v1/products/"+id, "")
		require.Equal(t, http.StatusOK, got.Status)
		require.Equal(t, mug, got.Body)
		got = a.Do(actor.Warehouse, "GET", "/v1/products/MUG-1", "")
		require.Equal(t, http.StatusOK, got.Status, "by sku: %s", got.Raw)
		require.Equal(t, mug, got.Body)

		got = a.Do(actor.Admin, "PATCH", "/v1/products/"+id, `{"name":"Big mug","barcodes":[],"liquid":true}`)
		require.Equal(t, http.StatusOK, got.Status, got.Raw)
		require.Equal(t, "Big mug", got.Body["name"])
		require.Equal(t, []any{}, got.Body["barcodes"])
		require.Equal(t, true, got.Body["liquid"])
		require.Equal(t, mug["weight_g"], got.Body["weight_g"])

		got = a.Do(actor.Admin, "POST", "/v1/products/"+id+"/deactivate", "")
		require.Equal(t, http.StatusOK, got.Status, got.Raw)
		require.Equal(t, false, got.Body["active"])
		got = a.Do(actor.Admin, "POST", "/v1/products/"+id+"/activate", "")
		require.Equal(t, http.StatusOK, got.Status, got.Raw)
		require.Equal(t, true, got.Body["active"])

		for i := range 4 {
			pen := validJSON("PEN-"+itoa(i), "barcodes", `["`+gtin(i)+`"]`, "category", `"office"`)
			res := a.Do(actor.Admin, "POST", "/v1/products", pen)
			require.Equal(t, http.StatusCreated, res.Status)
		}
		var skus []any
		cursor := ""
		for pages := 0; ; pages++ {
			require.Less(t, pages, 3)
			page := a.Do(actor.CustomerService, "GET", "/v1/products?category=office&limit=3&cursor="+cursor, "")
			require.Equal(t, http.StatusOK, page.Status, page.Raw)
			for _, p := range page.Body["items"].([]any) {
				skus = append(skus, p.(map[string]any)["sku"])
			}
			next, _ := page.Body["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		require.ElementsMatch(t, []any{"PEN-0", "PEN-1", "PEN-2", "PEN-3"}, skus)
		page := a.Do(actor.Finance, "GET", "/v1/products?barcode="+gtin(2)+"&q=zzz&active=true", "")
		require.Equal(t, http.StatusOK, page.Status)
		require.Equal(t, []any{}, page.Body["items"])
		page = a.Do(actor.Finance, "GET", "/v1/products?barcode="+gtin(2), "")
		require.Equal(t, http.StatusOK, page.Status)
		require.Len(t, page.Body["items"], 1)
	})
}

// Every bad request gets a 4xx problem naming the field at fault, and
// leaves the database as it was.
func TestAPIBadInput(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := setupAPI(t, d)
		mug := a.Do(actor.Admin, "POST", "/v1/products", validJSON("MUG-1"))
		require.Equal(t, http.StatusCreated, mug.Status)
		other := a.Do(actor.Admin, "POST", "/v1/products", validJSON("MUG-2", "barcodes", `["96385074"]`))
		require.Equal(t, http.StatusCreated, other.Status)
		id := mug.Body["id"].(string)
		big := `{"sku":"X","name":"` + strings.Repeat("x", 1<<20) + `"}`
		create := func(name string, role actor.Role, body string, status int, fields ...string) apitest.Scenario {
			return apitest.Scenario{Name: name, Role: role, Method: "POST", Path: "/v1/products", Body: body, Status: status,
				Fields: fields}
		}
		patch := func(name string, role actor.Role, body string, status int, fields ...string) apitest.Scenario {
			return apitest.Scenario{Name: name, Role: role, Method: "PATCH", Path: "/v1/products/" + id, Body: body,
				Status: status, Fields: fields}
		}
		a.Run(t, a.snapshot, []apitest.Scenario{
			create("no key", "", validJSON("NEW"), 401),
			create("wrong role", actor.Warehouse, validJSON("NEW"), 403),
			create("malformed JSON", actor.Admin, `{"sku":`, 400, " invalid_format"),
			create("empty body", actor.Admin, "", 400),
			create("not an object", actor.Admin, `[]`, 422, " wrong_type"),
			create("unknown field", actor.Admin, validJSON("NEW", "colour", `"red"`), 422, "colour unknown_field"),
			create("read-only field", actor.Admin, validJSON("NEW", "active", `false`), 422, "active unknown_field"),
			create("missing field", actor.Admin, validJSON("NEW", "currency", ""), 422, "currency required"),
			create("weight as text", actor.Admin, validJSON("NEW", "weight_g", `"heavy"`), 422, "weight_g wrong_type"),
			create("fractional weight", actor.Admin, validJSON("NEW", "weight_g", `1.5`), 422, "weight_g wrong_type"),
			create("negative weight", actor.Admin, validJSON("NEW", "weight_g", `-1`), 422, "weight_g out_of_range"),
			create("absurd weight", actor.Admin, validJSON("NEW", "weight_g", `1e30`), 422, "weight_g out_of_range"),
			create("absurd length", actor.Admin, validJSON("NEW", "length_mm", `10001`), 422, "length_mm out_of_range"),
			create("negative price", actor.Admin, validJSON("NEW", "price_minor", `-100`), 422, "price_minor out_of_range"),
			create("flag as text", actor.Admin, validJSON("NEW", "fragile", `"yes"`), 422, "fragile wrong_type"),
			create("long name", actor.Admin, validJSON("NEW", "name", `"`+strings.Repeat("n", 201)+`"`), 422, "name too_long"),
			create("long attribute", actor.Admin, validJSON("NEW", "attributes", `{"colour":"`+strings.Repeat("b", 201)+`"}`), 422,
				"attributes.colour too_long"),
			create("attribute not text", actor.Admin, validJSON("NEW", "attributes", `{"size":42}`), 422, "attributes.size wrong_type"),
			create("blank name", actor.Admin, validJSON("NEW", "name", `"  "`), 422, "name required"),
			create("name with NUL", actor.Admin, validJSON("NEW", "name", `"a\u0000b"`), 422, "name invalid_format"),
			create("name with a right-to-left override", actor.Admin, validJSON("NEW", "name", `"mug\u202egpj.exe"`), 422, "name invalid_format"),
			create("sku with space", actor.Admin, validJSON("a b"), 422, "sku invalid_format"),
			create("bad check digit", actor.Admin, validJSON("NEW", "barcodes", `["12345670","4006381333932"]`), 422,
				"barcodes[1] invalid_checksum"),
			create("barcode not digits", actor.Admin, validJSON("NEW", "barcodes", `["ABC12345"]`), 422, "barcodes[0] invalid_format"),
			create("unknown currency", actor.Admin, validJSON("NEW", "currency", `"XYZ"`), 422, "currency unknown_value"),
			create("lower-case currency", actor.Admin, validJSON("NEW", "currency", `"eur"`), 422, "currency invalid_format"),
			create("several domain problems at once", actor.Admin,
				validJSON("NEW", "barcodes", `["1"]`, "currency", `"ZZZ"`, "name", `" "`), 422,
				"name required", "barcodes[0] invalid_format", "currency unknown_value"),
			create("schema and domain problems at once", actor.Admin,
				validJSON("NEW", "weight_g", `1e30`, "barcodes", `["12345670","4006381333932"]`), 422,
				"weight_g out_of_range", "barcodes[1] invalid_checksum"),
			create("oversized body", actor.Admin, big, 413),
			create("duplicate sku", actor.Admin, validJSON("MUG-1", "barcodes", `[]`), 409, "sku duplicate"),
			create("sku differing only in case", actor.Admin, validJSON("mug-1", "barcodes", `[]`), 409, "sku duplicate"),
			create("duplicate barcode", actor.Admin, validJSON("NEW", "barcodes", `["0096385074"]`), 422, "barcodes[0] invalid_format"),
			create("duplicate barcode as GTIN-14", actor.Admin, validJSON("NEW", "barcodes", `["00000096385074"]`), 409,
				"barcodes[0] duplicate"),

			patch("patch unknown field", actor.Admin, `{"colour":"red"}`, 422, "colour unknown_field"),
			patch("patch wrong type", actor.Admin, `{"height_mm":"tall"}`, 422, "height_mm wrong_type"),
			patch("patch negative", actor.Admin, `{"width_mm":0}`, 422, "width_mm out_of_range"),
			patch("patch malformed", actor.Admin, `{"name":"x"`, 400, " invalid_format"),
			patch("patch bad barcode", actor.Admin, `{"barcodes":["96385075"]}`, 422, "barcodes[0] invalid_checksum"),
			patch("patch sku taken", actor.Admin, `{"sku":"MUG-2"}`, 409, "sku duplicate"),
			patch("patch barcode taken", actor.Admin, `{"barcodes":["96385074"]}`, 409, "barcodes[0] duplicate"),
			patch("patch oversized body", actor.Admin, big, 413),
			patch("patch null name", actor.Admin, `{"name":null,"weight_g":0}`, 422, "weight_g out_of_range"),
			patch("patch long category", actor.Admin, `{"category":"`+strings.Repeat("c", 101)+`"}`, 422, "category too_long"),
			patch("patch bad currency", actor.Admin, `{"currency":"ABC"}`, 422, "currency unknown_value"),
			{Name: "patch missing product", Role: actor.Admin, Method: "PATCH", Path: "/v1/products/prd_missing",
				Body: `{"name":"x"}`, Status: 404},
			patch("patch wrong role", actor.Finance, `{"name":"x"}`, 403),
			{Name: "deactivate missing", Role: actor.Admin, Method: "POST", Path: "/v1/products/prd_missing/deactivate",
				Status: 404},
			{Name: "id too long", Role: actor.Admin, Method: "POST", Path: "/v1/products/" + strings.Repeat("p", 65) + "/activate",
				Status: 422, Fields: []string{"path.id too_long"}},
			{Name: "get missing", Role: actor.Warehouse, Method: "GET", Path: "/v1/products/prd_missing", Status: 404},
			{Name: "list limit", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?limit=0", Status: 422,
				Fields: []string{"query.limit out_of_range"}},
			{Name: "list huge limit", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?limit=100000", Status: 422,
				Fields: []string{"query.limit out_of_range"}},
			{Name: "list bad cursor", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?cursor=***", Status: 422,
				Fields: []string{"query.cursor invalid_format"}},
			{Name: "list unknown parameter", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?colour=red", Status: 422,
				Fields: []string{"query.colour invalid_format"}},
			{Name: "list bad flag", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?handling=heavy", Status: 422,
				Fields: []string{"query.handling unknown_value"}},
			{Name: "list bad barcode", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?barcode=12ab", Status: 422,
				Fields: []string{"query.barcode invalid_format"}},
			{Name: "get not UTF-8", Role: actor.Warehouse, Method: "GET", Path: "/v1/products/%FF%00", Status: 422,
				Fields: []string{"path invalid_format"}},
			{Name: "patch not UTF-8", Role: actor.Admin, Method: "PATCH", Path: "/v1/products/%FF", Body: `{"name":"x"}`,
				Status: 422, Fields: []string{"path invalid_format"}},
			{Name: "deactivate not UTF-8", Role: actor.Admin, Method: "POST", Path: "/v1/products/%FF/deactivate", Status: 422,
				Fields: []string{"path invalid_format"}},
			{Name: "list category not UTF-8", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?category=%FF&q=%00",
				Status: 422, Fields: []string{"query.category invalid_format", "query.q invalid_format"}},
			{Name: "list sku with NUL", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?sku=a%00", Status: 422,
				Fields: []string{"query.sku invalid_format"}},
			{Name: "list cursor not UTF-8", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?cursor=_w", Status: 422,
				Fields: []string{"query.cursor invalid_format"}},
			{Name: "list bad active", Role: actor.Warehouse, Method: "GET", Path: "/v1/products?active=yes", Status: 422,
				Fields: []string{"query.active unknown_value"}},
		})
	})
}
