package catalog_test

import (
	"strings"
	"testing"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
)

// apiFixture serves the catalogue operations over real HTTP with a key per role.
type apiFixture struct {
	fixture
	*apitest.Server
	t *testing.T
}

func setupAPI(t *testing.T, d *db.DB) apiFixture {
	t.Helper()
	f := setup(t, d)
	return apiFixture{fixture: f, Server: apitest.New(t, d, func(api *httpapi.API) { catalog.Register(api, f.store) }), t: t}
}

// snapshot is what a refused request must leave as it was, for Run.
func (a apiFixture) snapshot() any { return a.counts(a.t) }

// validJSON is a create body the API accepts, with one field replaced.
func validJSON(sku string, replace ...string) string {
	fields := map[string]string{
		"sku": `"` + sku + `"`, "name": `"Stoneware mug"`, "category": `"kitchen"`, "attributes": `{"colour":"blue"}`,
		"barcodes": `["4006381333931"]`, "weight_g": "350", "length_mm": "120", "width_mm": "90", "height_mm": "100",
		"fragile": "true", "price_minor": "1299", "currency": `"EUR"`,
	}
	for i := 0; i+1 < len(replace); i += 2 {
		if replace[i+1] == "" {
			delete(fields, replace[i])
		} else {
			fields[replace[i]] = replace[i+1]
		}
	}
	var parts []string
	for _, k := range []string{"sku", "name", "category", "attributes", "barcodes", "weight_g", "length_mm", "width_mm",
		"height_mm", "fragile", "price_minor", "currency", "colour", "active", "id"} {
		if v, ok := fields[k]; ok {
			parts = append(parts, `"`+k+`":`+v)
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}
