package catalog_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

func TestAPIProducts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := setupAPI(t, d)
		status, mug := a.json(t, actor.Integration, "POST", "/v1/products", validJSON("MUG-1"))
		require.Equal(t, http.StatusCreated, status, "%v", mug)
		id := mug["id"].(string)
		require.Equal(t, []any{"4006381333931"}, mug["barcodes"])
		require.Equal(t, true, mug["fragile"])
		require.Equal(t, false, mug["liquid"])

		status, got := a.json(t, actor.Warehouse, "GET", "/v1/products/"+id, "")
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, mug, got)

		status, got = a.json(t, actor.Admin, "PATCH", "/v1/products/"+id, `{"name":"Big mug","barcodes":[],"liquid":true}`)
		require.Equal(t, http.StatusOK, status, "%v", got)
		require.Equal(t, "Big mug", got["name"])
		require.Equal(t, []any{}, got["barcodes"])
		require.Equal(t, true, got["liquid"])
		require.Equal(t, mug["weight_g"], got["weight_g"])

		status, got = a.json(t, actor.Admin, "POST", "/v1/products/"+id+"/deactivate", "")
		require.Equal(t, http.StatusOK, status, "%v", got)
		require.Equal(t, false, got["active"])
		status, got = a.json(t, actor.Admin, "POST", "/v1/products/"+id+"/activate", "")
		require.Equal(t, http.StatusOK, status, "%v", got)
		require.Equal(t, true, got["active"])

		for i := range 4 {
			status, _ := a.json(t, actor.Admin, "POST", "/v1/products", validJSON("PEN-"+itoa(i), "barcodes", `["`+gtin(i)+`"]`, "category", `"office"`))
			require.Equal(t, http.StatusCreated, status)
		}
		var skus []any
		cursor := ""
		for pages := 0; ; pages++ {
			require.Less(t, pages, 3)
			status, page := a.json(t, actor.CustomerService, "GET", "/v1/products?category=office&limit=3&cursor="+cursor, "")
			require.Equal(t, http.StatusOK, status, "%v", page)
			for _, p := range page["items"].([]any) {
				skus = append(skus, p.(map[string]any)["sku"])
			}
			next, _ := page["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		require.ElementsMatch(t, []any{"PEN-0", "PEN-1", "PEN-2", "PEN-3"}, skus)
		status, page := a.json(t, actor.Finance, "GET", "/v1/products?barcode="+gtin(2)+"&q=zzz&active=true", "")
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, []any{}, page["items"])
		status, page = a.json(t, actor.Finance, "GET", "/v1/products?barcode="+gtin(2), "")
		require.Equal(t, http.StatusOK, status)
		require.Len(t, page["items"], 1)
	})
}

// Every bad request gets a 4xx problem naming the field at fault, and
// leaves the database as it was.
func TestAPIBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := setupAPI(t, d)
		status, mug := a.json(t, actor.Admin, "POST", "/v1/products", validJSON("MUG-1"))
		require.Equal(t, http.StatusCreated, status)
		status, _ = a.json(t, actor.Admin, "POST", "/v1/products", validJSON("MUG-2", "barcodes", `["96385074"]`))
		require.Equal(t, http.StatusCreated, status)
		id := mug["id"].(string)
		big := `{"sku":"X","name":"` + strings.Repeat("x", 1<<20) + `"}`
		tests := []struct {
			name         string
			role         actor.Role
			method, path string
			body         string
			status       int
			fields       []string
		}{
			{"no key", "", "POST", "/v1/products", validJSON("NEW"), 401, nil},
			{"wrong role", actor.Warehouse, "POST", "/v1/products", validJSON("NEW"), 403, nil},
			{"malformed JSON", actor.Admin, "POST", "/v1/products", `{"sku":`, 400, []string{" invalid_format"}},
			{"empty body", actor.Admin, "POST", "/v1/products", "", 400, nil},
			{"not an object", actor.Admin, "POST", "/v1/products", `[]`, 422, []string{" wrong_type"}},
			{"unknown field", actor.Admin, "POST", "/v1/products", validJSON("NEW", "colour", `"red"`), 422,
				[]string{"colour unknown_field"}},
			{"read-only field", actor.Admin, "POST", "/v1/products", validJSON("NEW", "active", `false`), 422,
				[]string{"active unknown_field"}},
			{"missing field", actor.Admin, "POST", "/v1/products", validJSON("NEW", "currency", ""), 422,
				[]string{"currency required"}},
			{"weight as text", actor.Admin, "POST", "/v1/products", validJSON("NEW", "weight_g", `"heavy"`), 422,
				[]string{"weight_g wrong_type"}},
			{"fractional weight", actor.Admin, "POST", "/v1/products", validJSON("NEW", "weight_g", `1.5`), 422,
				[]string{"weight_g wrong_type"}},
			{"negative weight", actor.Admin, "POST", "/v1/products", validJSON("NEW", "weight_g", `-1`), 422,
				[]string{"weight_g out_of_range"}},
			{"absurd weight", actor.Admin, "POST", "/v1/products", validJSON("NEW", "weight_g", `1e30`), 422,
				[]string{"weight_g out_of_range"}},
			{"absurd length", actor.Admin, "POST", "/v1/products", validJSON("NEW", "length_mm", `10001`), 422,
				[]string{"length_mm out_of_range"}},
			{"negative price", actor.Admin, "POST", "/v1/products", validJSON("NEW", "price_minor", `-100`), 422,
				[]string{"price_minor out_of_range"}},
			{"flag as text", actor.Admin, "POST", "/v1/products", validJSON("NEW", "fragile", `"yes"`), 422,
				[]string{"fragile wrong_type"}},
			{"long name", actor.Admin, "POST", "/v1/products", validJSON("NEW", "name", `"`+strings.Repeat("n", 201)+`"`), 422,
				[]string{"name too_long"}},
			{"long attribute", actor.Admin, "POST", "/v1/products",
				validJSON("NEW", "attributes", `{"colour":"`+strings.Repeat("b", 201)+`"}`), 422, []string{"attributes.colour too_long"}},
			{"attribute not text", actor.Admin, "POST", "/v1/products", validJSON("NEW", "attributes", `{"size":42}`), 422,
				[]string{"attributes.size wrong_type"}},
			{"blank name", actor.Admin, "POST", "/v1/products", validJSON("NEW", "name", `"  "`), 422, []string{"name required"}},
			{"name with NUL", actor.Admin, "POST", "/v1/products", validJSON("NEW", "name", `"a\u0000b"`), 422,
				[]string{"name invalid_format"}},
			{"sku with space", actor.Admin, "POST", "/v1/products", validJSON("a b"), 422, []string{"sku invalid_format"}},
			{"bad check digit", actor.Admin, "POST", "/v1/products", validJSON("NEW", "barcodes", `["12345670","4006381333932"]`), 422,
				[]string{"barcodes[1] invalid_checksum"}},
			{"barcode not digits", actor.Admin, "POST", "/v1/products", validJSON("NEW", "barcodes", `["ABC12345"]`), 422,
				[]string{"barcodes[0] invalid_format"}},
			{"unknown currency", actor.Admin, "POST", "/v1/products", validJSON("NEW", "currency", `"XYZ"`), 422,
				[]string{"currency unknown_value"}},
			{"lower-case currency", actor.Admin, "POST", "/v1/products", validJSON("NEW", "currency", `"eur"`), 422,
				[]string{"currency invalid_format"}},
			{"several domain problems at once", actor.Admin, "POST", "/v1/products",
				validJSON("NEW", "barcodes", `["1"]`, "currency", `"ZZZ"`, "name", `" "`), 422,
				[]string{"name required", "barcodes[0] invalid_format", "currency unknown_value"}},
			{"oversized body", actor.Admin, "POST", "/v1/products", big, 413, nil},
			{"duplicate sku", actor.Admin, "POST", "/v1/products", validJSON("MUG-1", "barcodes", `[]`), 409,
				[]string{"sku duplicate"}},
			{"duplicate barcode", actor.Admin, "POST", "/v1/products", validJSON("NEW", "barcodes", `["0096385074"]`), 422,
				[]string{"barcodes[0] invalid_format"}},
			{"duplicate barcode as GTIN-14", actor.Admin, "POST", "/v1/products", validJSON("NEW", "barcodes", `["00000096385074"]`), 409,
				[]string{"barcodes[0] duplicate"}},

			{"patch unknown field", actor.Admin, "PATCH", "/v1/products/" + id, `{"colour":"red"}`, 422, []string{"colour unknown_field"}},
			{"patch wrong type", actor.Admin, "PATCH", "/v1/products/" + id, `{"height_mm":"tall"}`, 422, []string{"height_mm wrong_type"}},
			{"patch negative", actor.Admin, "PATCH", "/v1/products/" + id, `{"width_mm":0}`, 422, []string{"width_mm out_of_range"}},
			{"patch malformed", actor.Admin, "PATCH", "/v1/products/" + id, `{"name":"x"`, 400, []string{" invalid_format"}},
			{"patch bad barcode", actor.Admin, "PATCH", "/v1/products/" + id, `{"barcodes":["96385075"]}`, 422,
				[]string{"barcodes[0] invalid_checksum"}},
			{"patch sku taken", actor.Admin, "PATCH", "/v1/products/" + id, `{"sku":"MUG-2"}`, 409, []string{"sku duplicate"}},
			{"patch barcode taken", actor.Admin, "PATCH", "/v1/products/" + id, `{"barcodes":["96385074"]}`, 409,
				[]string{"barcodes[0] duplicate"}},
			{"patch oversized body", actor.Admin, "PATCH", "/v1/products/" + id, big, 413, nil},
			{"patch null name", actor.Admin, "PATCH", "/v1/products/" + id, `{"name":null,"weight_g":0}`, 422,
				[]string{"weight_g out_of_range"}},
			{"patch long category", actor.Admin, "PATCH", "/v1/products/" + id, `{"category":"` + strings.Repeat("c", 101) + `"}`, 422,
				[]string{"category too_long"}},
			{"patch bad currency", actor.Admin, "PATCH", "/v1/products/" + id, `{"currency":"ABC"}`, 422, []string{"currency unknown_value"}},
			{"patch missing product", actor.Admin, "PATCH", "/v1/products/prd_missing", `{"name":"x"}`, 404, nil},
			{"patch wrong role", actor.Finance, "PATCH", "/v1/products/" + id, `{"name":"x"}`, 403, nil},
			{"deactivate missing", actor.Admin, "POST", "/v1/products/prd_missing/deactivate", "", 404, nil},
			{"id too long", actor.Admin, "POST", "/v1/products/" + strings.Repeat("p", 41) + "/activate", "", 422,
				[]string{"path.id too_long"}},
			{"get missing", actor.Warehouse, "GET", "/v1/products/prd_missing", "", 404, nil},
			{"list limit", actor.Warehouse, "GET", "/v1/products?limit=0", "", 422, []string{"query.limit out_of_range"}},
			{"list huge limit", actor.Warehouse, "GET", "/v1/products?limit=100000", "", 422, []string{"query.limit out_of_range"}},
			{"list bad cursor", actor.Warehouse, "GET", "/v1/products?cursor=***", "", 422, []string{"query.cursor invalid_format"}},
			{"list unknown parameter", actor.Warehouse, "GET", "/v1/products?colour=red", "", 422, []string{"query.colour invalid_format"}},
			{"list bad flag", actor.Warehouse, "GET", "/v1/products?handling=heavy", "", 422, []string{"query.handling unknown_value"}},
			{"list bad barcode", actor.Warehouse, "GET", "/v1/products?barcode=12ab", "", 422, []string{"query.barcode invalid_format"}},
			{"get not UTF-8", actor.Warehouse, "GET", "/v1/products/%FF%00", "", 422, []string{"path invalid_format"}},
			{"patch not UTF-8", actor.Admin, "PATCH", "/v1/products/%FF", `{"name":"x"}`, 422, []string{"path invalid_format"}},
			{"deactivate not UTF-8", actor.Admin, "POST", "/v1/products/%FF/deactivate", "", 422, []string{"path invalid_format"}},
			{"list category not UTF-8", actor.Warehouse, "GET", "/v1/products?category=%FF&q=%00", "", 422,
				[]string{"query.category invalid_format", "query.q invalid_format"}},
			{"list sku with NUL", actor.Warehouse, "GET", "/v1/products?sku=a%00", "", 422, []string{"query.sku invalid_format"}},
			{"list cursor not UTF-8", actor.Warehouse, "GET", "/v1/products?cursor=_w", "", 422, []string{"query.cursor invalid_format"}},
			{"list bad active", actor.Warehouse, "GET", "/v1/products?active=yes", "", 422, []string{"query.active unknown_value"}},
		}
		before := a.counts(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := a.jsonReply(t, tt.role, tt.method, tt.path, tt.body)
				require.Equal(t, tt.status, r.status, "%v", r.body)
				require.Equal(t, "application/problem+json", r.contentType)
				if tt.fields != nil {
					require.Equal(t, tt.fields, problemFields(r.body), "%v", r.body)
				}
				require.NotEmpty(t, r.body["detail"])
				require.Equal(t, before, a.counts(t), "nothing written")
			})
		}
	})
}
