package catalog_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

// olistDir holds the public Olist data set next to the repository; the test
// of the real catalogue runs only where it is.
var olistDir = filepath.Join("..", "..", "..", "shared", "data", "olist")

// The real Olist catalogue imports in good-rows mode with exactly the rows
// that lack a weight or a dimension refused: two empty, four weighing 0 g.
func TestImportOlist(t *testing.T) {
	if testing.Short() {
		// The race leg (-short): one goroutine reading 33,000 rows twice,
		// nothing concurrent for the detector to see; it runs in full on
		// both databases in the other leg (TestAPIImport covers the import
		// under the detector).
		t.Skip("a sequential import of the whole Olist catalogue")
	}
	products := filepath.Join(olistDir, "products.csv")
	if _, err := os.Stat(products); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must have the Olist catalogue beside the project (%s): %v", products, err)
		}
		t.Skipf("the Olist catalogue %s is not here: %v", products, err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		opts := catalog.ImportOptions{Mapping: catalog.OlistMapping()}
		if tr, err := os.Open(filepath.Join(olistDir, "category_name_translation.csv")); err == nil {
			opts.Categories, err = catalog.LoadCategoryTranslations(tr)
			tr.Close()
			require.NoError(t, err)
			require.Equal(t, "health_beauty", opts.Categories["beleza_saude"])
		}
		importFile := func(opts catalog.ImportOptions) (catalog.ImportReport, time.Duration, error) {
			file, err := os.Open(products)
			require.NoError(t, err)
			defer file.Close()
			start := time.Now()
			rep, err := f.store.Import(f.ctx, file, opts)
			return rep, time.Since(start), err
		}

		_, took, err := importFile(opts)
		require.True(t, errs.Is(err, errs.Invalid), "all or nothing refuses: %v", err)
		require.Equal(t, counts{}, f.counts(t))
		t.Logf("all_or_nothing refused in %v", took)

		opts.Mode = catalog.GoodRows
		rep, took, err := importFile(opts)
		require.NoError(t, err)
		t.Logf("good_rows imported %d of %d Olist products in %v on %s", rep.Created, rep.Rows, took, d.Dialect())
		require.Equal(t, 32951, rep.Rows)
		require.Equal(t, 32945, rep.Created)
		require.Equal(t, 6, rep.Rejected)
		var rows []int
		for _, e := range rep.Errors {
			require.Contains(t, []string{"weight_g", "length_mm", "width_mm", "height_mm"}, e.Field)
			if !slices.Contains(rows, e.Row) {
				rows = append(rows, e.Row)
			}
		}
		require.Equal(t, []int{8579, 9770, 13684, 14998, 18852, 32080}, rows)
		require.Equal(t, counts{products: 32945, audit: 32946}, f.counts(t))

		p, err := f.store.GetBySKU(f.ctx, "1e9e8ef04dbcff4541ed26657ea517e5")
		require.NoError(t, err)
		require.Equal(t, []int64{225, 160, 140, 100}, []int64{p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM})
		require.Equal(t, "BRL", p.Currency)
	})
}
