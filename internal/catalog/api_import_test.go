package catalog_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

func (a apiFixture) importCSV(t *testing.T, role actor.Role, query string, body io.Reader) apitest.Response {
	t.Helper()
	return a.For(t).Stream(role, "POST", "/v1/products/import"+query, "text/csv", body)
}

func fixtureFile(t *testing.T, name string) io.Reader {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "import", name))
	require.NoError(t, err)
	return strings.NewReader(string(b))
}

// endless yields n bytes of one repeated CSV row, to send a body larger
// than the import accepts without holding it in the test's memory.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	const row = "SKU,name,1,1,1,1,0,EUR\n"
	n := 0
	for n < len(p) && e.n > 0 {
		p[n] = row[e.n%int64(len(row))]
		n++
		e.n--
	}
	return n, nil
}

func TestAPIImport(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := setupAPI(t, d)
		before := a.counts(t)

		r := a.importCSV(t, actor.Admin, "", fixtureFile(t, "mixed.csv"))
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, "%v", r.Body)
		require.Equal(t, true, r.Body["refused"])
		require.EqualValues(t, 11, r.Body["rejected"])
		require.Len(t, r.Body["errors"], 11)
		first := r.Body["errors"].([]any)[0].(map[string]any)
		require.Equal(t, map[string]any{"row": 2.0, "line": 3.0, "sku": "BAD 2", "column": "sku", "field": "sku",
			"code": "invalid_format", "message": first["message"]}, first)
		require.Equal(t, before, a.counts(t), "all or nothing wrote nothing")

		r = a.importCSV(t, actor.Integration, "?mode=good_rows", fixtureFile(t, "mixed.csv"))
		require.Equal(t, http.StatusOK, r.Status, "%v", r.Body)
		require.EqualValues(t, 3, r.Body["created"])
		require.EqualValues(t, 11, r.Body["rejected"])
		require.Equal(t, false, r.Body["refused"])
		require.Equal(t, before.products+3, a.counts(t).products)

		r = a.importCSV(t, actor.Admin, "?mapping=olist&mode=good_rows", fixtureFile(t, "olist_sample.csv"))
		require.Equal(t, http.StatusOK, r.Status, "%v", r.Body)
		require.EqualValues(t, 3, r.Body["created"])

		r = a.importCSV(t, actor.Admin, "", fixtureFile(t, "good.csv"))
		require.Equal(t, http.StatusOK, r.Status, "%v", r.Body)
		require.EqualValues(t, 3, r.Body["created"])
		r = a.importCSV(t, actor.Admin, "?on_existing=update", fixtureFile(t, "update.csv"))
		require.Equal(t, http.StatusOK, r.Status, "%v", r.Body)
		require.EqualValues(t, 1, r.Body["updated"])
		require.EqualValues(t, 1, r.Body["created"])

		after := a.counts(t)
		tests := []struct {
			name   string
			role   actor.Role
			query  string
			body   io.Reader
			status int
			fields []string
		}{
			{"no key", "", "", fixtureFile(t, "good.csv"), 401, nil},
			{"wrong role", actor.CustomerService, "", fixtureFile(t, "good.csv"), 403, nil},
			{"unknown mapping", actor.Admin, "?mapping=shopify", fixtureFile(t, "good.csv"), 422, []string{"query.mapping unknown_value"}},
			{"unknown mode", actor.Admin, "?mode=some", fixtureFile(t, "good.csv"), 422, []string{"query.mode unknown_value"}},
			{"unknown on_existing", actor.Admin, "?on_existing=merge", fixtureFile(t, "good.csv"), 422,
				[]string{"query.on_existing unknown_value"}},
			{"empty body", actor.Admin, "", strings.NewReader(""), 400, nil},
			{"JSON instead of CSV", actor.Admin, "", strings.NewReader(`{"sku":"A"}`), 422, []string{"csv invalid_format"}},
			{"wrong mapping for the file", actor.Admin, "?mapping=olist", fixtureFile(t, "good.csv"), 422, nil},
			{"broken quoting", actor.Admin, "", strings.NewReader("sku,name,weight_g,length_mm,width_mm,height_mm,price_minor,currency\n\"A,b\n"), 422, []string{"csv invalid_format"}},
			{"existing skus", actor.Admin, "", fixtureFile(t, "good.csv"), 422, nil},
			{"oversized body", actor.Admin, "", &endless{n: 64<<20 + 2}, 413, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := a.importCSV(t, tt.role, tt.query, tt.body)
				require.Equal(t, tt.status, r.Status, "%v", r.Body)
				if tt.fields != nil {
					require.Equal(t, tt.fields, r.Fields, "%v", r.Body)
				}
				require.Equal(t, after, a.counts(t), "nothing written")
			})
		}
	})
}
