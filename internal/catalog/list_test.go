package catalog_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestListFilters(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		mug := product("MUG-1", "036000291452")
		mug.Name, mug.Fragile = "Stoneware MUG, blue", true
		oil := product("OIL-1")
		oil.Name, oil.Category, oil.Liquid = "Olive oil 100% (ÉCOLOGIQUE)", "food", true
		gem := product("GEM_1")
		gem.Name, gem.Category, gem.Valuable = "Ring", "jewellery", true
		f.create(t, mug)
		f.create(t, oil)
		g := f.create(t, gem)
		_, err := f.store.Deactivate(f.ctx, g.ID)
		require.NoError(t, err)
		yes, no := true, false

		tests := []struct {
			name   string
			filter catalog.Filter
			want   []string
		}{
			{"all", catalog.Filter{}, []string{"MUG-1", "OIL-1", "GEM_1"}},
			{"category", catalog.Filter{Category: "food"}, []string{"OIL-1"}},
			{"active", catalog.Filter{Active: &yes}, []string{"MUG-1", "OIL-1"}},
			{"inactive", catalog.Filter{Active: &no}, []string{"GEM_1"}},
			{"sku", catalog.Filter{SKU: "GEM_1"}, []string{"GEM_1"}},
			{"barcode as stored", catalog.Filter{Barcode: "036000291452"}, []string{"MUG-1"}},
			{"barcode as EAN-13", catalog.Filter{Barcode: "0036000291452"}, []string{"MUG-1"}},
			{"name ignoring case", catalog.Filter{Query: "mug"}, []string{"MUG-1"}},
			{"name ignoring case beyond ASCII", catalog.Filter{Query: "écolo"}, []string{"OIL-1"}},
			{"percent is literal", catalog.Filter{Query: "100%"}, []string{"OIL-1"}},
			{"underscore is literal", catalog.Filter{Query: "_"}, nil},
			{"handling", catalog.Filter{Handling: "liquid"}, []string{"OIL-1"}},
			{"combined", catalog.Filter{Handling: "fragile", Category: "food"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.filter.Limit = 50
				got, next, err := f.store.List(f.ctx, tt.filter)
				require.NoError(t, err)
				require.Empty(t, next)
				var skus []string
				for _, p := range got {
					skus = append(skus, p.SKU)
				}
				require.ElementsMatch(t, tt.want, skus) // ids order by creation only to the millisecond
			})
		}

		for _, bad := range []catalog.Filter{{Limit: 0}, {Limit: 501}, {Limit: 5, Barcode: "12ab5678"}, {Limit: 5, Handling: "heavy"}} {
			_, _, err := f.store.List(f.ctx, bad)
			require.True(t, errs.Is(err, errs.Invalid), "%+v: %v", bad, err)
		}
	})
}

func TestListPages(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		var all []catalog.ProductInput
		for i := range 25 {
			in := product("P"+itoa(i), gtin(i))
			if i%2 == 0 {
				in.Category = "even"
			}
			all = append(all, in)
		}
		_, err := f.store.CreateMany(f.ctx, all)
		require.NoError(t, err)
		for _, tc := range []struct {
			category string
			total    int
		}{{"", 25}, {"even", 13}} {
			seen := map[string]bool{}
			after, pages := "", 0
			for {
				ps, next, err := f.store.List(f.ctx, catalog.Filter{Category: tc.category, After: after, Limit: 4})
				require.NoError(t, err)
				pages++
				for _, p := range ps {
					require.False(t, seen[p.ID], "no product twice")
					require.Len(t, p.Barcodes, 1, "barcodes loaded for every row of a page")
					seen[p.ID] = true
				}
				if next == "" {
					break
				}
				require.Len(t, ps, 4)
				after = next
			}
			require.Len(t, seen, tc.total)
			require.Equal(t, (tc.total+3)/4, pages)
		}
	})
}

// The schema refuses what validation refuses, so no path into the table (a
// future store method, a hand-written fix) can store an absurd product.
func TestSchemaChecks(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		insert := func(col string, val any) error {
			return d.Write(f.ctx, func(tx *db.Tx) error {
				vals := map[string]any{"sku": "S1", "name": "n", "category": "", "weight_g": 1, "length_mm": 1,
					"width_mm": 1, "height_mm": 1, "price_minor": 0, "currency": "EUR"}
				vals[col] = val
				_, err := tx.ExecContext(f.ctx, `INSERT INTO products (id, sku, name, name_lower, category, attributes,
					weight_g, length_mm, width_mm, height_mm, price_minor, currency, created_at, updated_at)
					VALUES ('prd_x', $1, $2, '', $3, '{}', $4, $5, $6, $7, $8, $9, $10, $10)`,
					vals["sku"], vals["name"], vals["category"], vals["weight_g"], vals["length_mm"], vals["width_mm"],
					vals["height_mm"], vals["price_minor"], vals["currency"], tx.Now)
				return err
			})
		}
		for _, tc := range []struct {
			col string
			val any
		}{
			{"sku", ""}, {"sku", "a b"}, {"sku", strings.Repeat("s", 65)}, {"name", ""},
			{"category", strings.Repeat("é", 101)}, {"weight_g", 0}, {"weight_g", 1_000_001}, {"length_mm", 10_001},
			{"width_mm", 0}, {"height_mm", -5}, {"price_minor", -1}, {"price_minor", int64(100_000_000_001)},
			{"currency", "eur"}, {"currency", "EURO"},
		} {
			require.Equal(t, db.CheckViolation, db.ViolationOf(insert(tc.col, tc.val)), "%s = %v", tc.col, tc.val)
		}
		require.NoError(t, insert("sku", "ok.SKU_1-x"))
	})
}
