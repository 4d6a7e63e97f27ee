package catalog_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func (f fixture) importFile(t *testing.T, name string, opts catalog.ImportOptions) (catalog.ImportReport, error) {
	t.Helper()
	file, err := os.Open(filepath.Join("testdata", "import", name))
	require.NoError(t, err)
	defer file.Close()
	return f.store.Import(f.ctx, file, opts)
}

func TestImportNative(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		before := f.counts(t)
		rep, err := f.importFile(t, "good.csv", catalog.ImportOptions{})
		require.NoError(t, err)
		require.Equal(t, catalog.ImportReport{Mapping: "waybill", Mode: catalog.AllOrNothing, OnExisting: catalog.ExistingError,
			Rows: 3, Created: 3, Errors: []catalog.RowError{}}, rep)
		require.Equal(t, counts{before.products + 3, before.barcodes + 3, before.audit + 4}, f.counts(t),
			"one audit entry per product and one for the import")

		mug, err := f.store.GetBySKU(f.ctx, "MUG-1")
		require.NoError(t, err)
		require.Equal(t, []string{"4006381333931", "96385074"}, mug.Barcodes)
		require.Equal(t, map[string]string{"colour": "blue"}, mug.Attributes, "an empty attribute cell is no attribute")
		require.True(t, mug.Fragile && mug.Active)
		tee, err := f.store.GetBySKU(f.ctx, "TEE-M")
		require.NoError(t, err)
		require.Equal(t, "Cotton T-shirt, medium", tee.Name)
		require.Equal(t, map[string]string{"colour": "white", "size": "M"}, tee.Attributes)
		oil, err := f.store.GetBySKU(f.ctx, "OIL-1")
		require.NoError(t, err)
		require.Equal(t, []string{"5901234123457"}, oil.Barcodes)
		require.True(t, oil.Fragile && oil.Liquid && !oil.Valuable && !oil.Hazmat)
		require.EqualValues(t, 899, oil.PriceMinor)
	})
}

// mixedErrors is every problem in testdata/import/mixed.csv, in file order.
func mixedErrors() []catalog.RowError {
	e := func(row, line int, sku, column, field, code string) catalog.RowError {
		return catalog.RowError{Row: row, Line: line, SKU: sku, Column: column, Field: field, Code: code}
	}
	return []catalog.RowError{
		e(2, 3, "BAD 2", "sku", "sku", errs.CodeFormat),
		e(4, 5, "BAD-4", "weight_g", "weight_g", errs.CodeOutOfRange),
		e(5, 6, "BAD-5", "barcodes", "barcodes[0]", errs.CodeChecksum),
		e(6, 7, "BAD-6", "currency", "currency", errs.CodeUnknown),
		e(7, 8, "GOOD-1", "sku", "sku", errs.CodeDuplicate),
		e(8, 9, "BAD-8", "weight_g", "weight_g", errs.CodeFormat),
		e(9, 10, "BAD-9", "fragile", "fragile", errs.CodeFormat),
		e(10, 11, "", "", "", errs.CodeFormat),
		e(11, 12, "BAD-11", "barcodes", "barcodes[0]", errs.CodeDuplicate),
		e(12, 13, "BAD-12", "price_minor", "price_minor", errs.CodeOutOfRange),
		e(13, 14, "BAD-13", "name", "name", errs.CodeFormat),
	}
}

func withoutMessages(errors []catalog.RowError) []catalog.RowError {
	out := make([]catalog.RowError, len(errors))
	for i, e := range errors {
		e.Message = ""
		out[i] = e
	}
	return out
}

func TestImportModes(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		before := f.counts(t)
		rep, err := f.importFile(t, "mixed.csv", catalog.ImportOptions{})
		require.True(t, errs.Is(err, errs.Invalid), "%v", err)
		require.True(t, rep.Refused)
		require.Equal(t, 14, rep.Rows)
		require.Equal(t, 11, rep.Rejected)
		require.Zero(t, rep.Created)
		require.Equal(t, mixedErrors(), withoutMessages(rep.Errors))
		require.Equal(t, before, f.counts(t), "all or nothing wrote nothing")

		rep, err = f.importFile(t, "mixed.csv", catalog.ImportOptions{Mode: catalog.GoodRows})
		require.NoError(t, err)
		require.False(t, rep.Refused)
		require.Equal(t, 3, rep.Created)
		require.Equal(t, 11, rep.Rejected)
		require.Equal(t, mixedErrors(), withoutMessages(rep.Errors))
		require.Equal(t, counts{before.products + 3, before.barcodes + 1, before.audit + 4}, f.counts(t))
		for _, e := range rep.Errors {
			require.NotEmpty(t, e.Message)
		}
		got, err := f.store.GetBySKU(f.ctx, "GOOD-1")
		require.NoError(t, err)
		require.Equal(t, "Good one", got.Name, "the first of two rows with one sku wins")
	})
}

func TestImportExisting(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		_, err := f.importFile(t, "good.csv", catalog.ImportOptions{})
		require.NoError(t, err)
		mug, err := f.store.GetBySKU(f.ctx, "MUG-1")
		require.NoError(t, err)
		before := f.counts(t)

		rep, err := f.importFile(t, "update.csv", catalog.ImportOptions{})
		require.True(t, errs.Is(err, errs.Invalid))
		require.Equal(t, []catalog.RowError{{Row: 1, Line: 2, SKU: "MUG-1", Column: "sku", Field: "sku", Code: errs.CodeDuplicate}},
			withoutMessages(rep.Errors))
		require.Contains(t, rep.Errors[0].Message, mug.ID)
		require.Contains(t, rep.Errors[0].Message, "on_existing=update")
		require.Equal(t, before, f.counts(t))

		rep, err = f.importFile(t, "update.csv", catalog.ImportOptions{OnExisting: catalog.ExistingUpdate})
		require.NoError(t, err)
		require.Equal(t, 1, rep.Created)
		require.Equal(t, 1, rep.Updated)
		got, err := f.store.GetBySKU(f.ctx, "MUG-1")
		require.NoError(t, err)
		require.Equal(t, mug.ID, got.ID)
		require.Equal(t, mug.CreatedAt, got.CreatedAt)
		require.Equal(t, "Stoneware mug (large)", got.Name)
		require.EqualValues(t, 450, got.WeightG)
		require.Equal(t, []string{"4012345678901"}, got.Barcodes, "the row's barcodes replace the set")
		require.Empty(t, got.Attributes, "the row's (absent) attributes replace the set")
		require.False(t, got.Fragile)
		require.Equal(t, counts{before.products + 1, before.barcodes - 1, before.audit + 3}, f.counts(t))

		// A barcode held by another product is a row error in either mode.
		f.create(t, product("HOLDER", "5012345678900"))
		csv := "sku,name,weight_g,length_mm,width_mm,height_mm,price_minor,currency,barcodes\n" +
			"X-1,x,1,1,1,1,0,EUR,5012345678900\n"
		rep, err = f.store.Import(f.ctx, strings.NewReader(csv), catalog.ImportOptions{Mode: catalog.GoodRows})
		require.NoError(t, err)
		require.Equal(t, []catalog.RowError{{Row: 1, Line: 2, SKU: "X-1", Column: "barcodes", Field: "barcodes[0]",
			Code: errs.CodeDuplicate}}, withoutMessages(rep.Errors))
	})
}

func TestImportOlistSample(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		tr, err := os.Open("testdata/import/olist_translation_sample.csv")
		require.NoError(t, err)
		defer tr.Close()
		categories, err := catalog.LoadCategoryTranslations(tr)
		require.NoError(t, err)
		require.Equal(t, "perfumery", categories["perfumaria"], "the byte-order mark is not part of the first name")

		rep, err := f.importFile(t, "olist_sample.csv",
			catalog.ImportOptions{Mapping: catalog.OlistMapping(), Mode: catalog.GoodRows, Categories: categories})
		require.NoError(t, err)
		require.Equal(t, 5, rep.Rows)
		require.Equal(t, 3, rep.Created)
		require.Equal(t, 2, rep.Rejected)
		sku3, sku4 := "2c3d4e5f60718293a4b5c6d7e8f90a1b", "3d4e5f60718293a4b5c6d7e8f90a1b2c"
		require.Equal(t, []catalog.RowError{
			{Row: 3, Line: 4, SKU: sku3, Column: "product_weight_g", Field: "weight_g", Code: errs.CodeRequired},
			{Row: 3, Line: 4, SKU: sku3, Column: "product_length_cm", Field: "length_mm", Code: errs.CodeRequired},
			{Row: 3, Line: 4, SKU: sku3, Column: "product_height_cm", Field: "height_mm", Code: errs.CodeRequired},
			{Row: 3, Line: 4, SKU: sku3, Column: "product_width_cm", Field: "width_mm", Code: errs.CodeRequired},
			{Row: 4, Line: 5, SKU: sku4, Column: "product_weight_g", Field: "weight_g", Code: errs.CodeOutOfRange},
		}, withoutMessages(rep.Errors))

		p, err := f.store.GetBySKU(f.ctx, "0a1b2c3d4e5f60718293a4b5c6d7e8f9")
		require.NoError(t, err)
		require.Equal(t, "Perfumery 0a1b2c3d", p.Name)
		require.Equal(t, "perfumery", p.Category)
		require.Equal(t, []int64{225, 160, 140, 100}, []int64{p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM})
		require.EqualValues(t, 0, p.PriceMinor)
		require.Equal(t, "BRL", p.Currency)
		gamer, err := f.store.GetBySKU(f.ctx, "4e5f60718293a4b5c6d7e8f90a1b2c3d")
		require.NoError(t, err)
		require.Equal(t, "pc_gamer", gamer.Category, "a category without translation is kept")
		require.Equal(t, "Pc gamer 4e5f6071", gamer.Name)
		require.EqualValues(t, 105, gamer.LengthMM)
	})
}

func TestImportRefusesFile(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const header = "sku,name,weight_g,length_mm,width_mm,height_mm,price_minor,currency\n"
		const row = "A,a,1,1,1,1,0,EUR\n"
		tests := []struct {
			name string
			csv  string
			opts catalog.ImportOptions
			want []string
		}{
			{"empty", "", catalog.ImportOptions{}, []string{"csv required"}},
			{"unknown and missing columns", "sku,name,wieght_g,length_mm,width_mm,height_mm,price_minor,currency\n" + row,
				catalog.ImportOptions{}, []string{"csv.header unknown_field", "csv.header required"}},
			{"repeated column", "sku,SKU,name\n", catalog.ImportOptions{},
				[]string{"csv.header duplicate", "csv.header required", "csv.header required", "csv.header required",
					"csv.header required", "csv.header required", "csv.header required"}},
			{"bad attribute column", strings.TrimSuffix(header, "\n") + ",attr:a.b\n", catalog.ImportOptions{},
				[]string{"csv.header invalid_format"}},
			{"bare quote", header + "A,a \"b\",1,1,1,1,0,EUR\n", catalog.ImportOptions{}, []string{"csv invalid_format"}},
			{"unclosed quote", header + "A,\"a,1,1,1,1,0,EUR\n" + row, catalog.ImportOptions{}, []string{"csv invalid_format"}},
			{"too many rows", header + row + strings.ReplaceAll(row, "A", "B") + strings.ReplaceAll(row, "A", "C"),
				catalog.ImportOptions{MaxRows: 2}, []string{"csv out_of_range"}},
			{"too many bytes", header + strings.Repeat(row, 10), catalog.ImportOptions{MaxBytes: 100}, []string{"csv too_long"}},
			{"cell too long", header + "A," + strings.Repeat("n", 65) + ",1,1,1,1,0,EUR\n",
				catalog.ImportOptions{MaxCellBytes: 64}, []string{"csv too_long"}},
			{"unknown mode", header + row, catalog.ImportOptions{Mode: "some"}, []string{"mode unknown_value"}},
		}
		before := f.counts(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rep, err := f.store.Import(f.ctx, strings.NewReader(tt.csv), tt.opts)
				require.True(t, errs.Is(err, errs.Invalid), "%v", err)
				require.Equal(t, tt.want, apitest.FieldCodes(err), "%v", err)
				require.Zero(t, rep.Rows)
				require.Equal(t, before, f.counts(t))
			})
		}
		// At the limits exactly, the file is fine.
		file := header + row + strings.ReplaceAll(row, "A", "B")
		rep, err := f.store.Import(f.ctx, strings.NewReader(file),
			catalog.ImportOptions{MaxRows: 2, MaxBytes: int64(len(file)), MaxCellBytes: 3})
		require.NoError(t, err)
		require.Equal(t, 2, rep.Created)
	})
}

// A new source format is a Mapping value: here a feed with kilograms and
// centimetres, its own header names and a default currency.
func TestImportCustomMapping(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		m := catalog.Mapping{
			Name: "feed",
			Columns: []catalog.Column{
				{Header: "Code", Field: "sku", Required: true},
				{Header: "Title", Field: "name", Required: true},
				{Header: "Kg", Field: "weight_g", Scale: 1000, Required: true},
				{Header: "L cm", Field: "length_mm", Scale: 10, Required: true},
				{Header: "W cm", Field: "width_mm", Scale: 10, Required: true},
				{Header: "H cm", Field: "height_mm", Scale: 10, Required: true},
				{Header: "Cents", Field: "price_minor", Required: true},
				{Header: "EANs", Field: "barcodes"},
			},
			Ignore:           []string{"Notes"},
			BarcodeSeparator: "|",
			DefaultCurrency:  "GBP",
		}
		csv := "code,title,kg,l cm,w cm,h cm,cents,eans,notes\n" +
			"K-1,Kettle,1.25,22.5,15,25,3999,5012345678900|12345670,boils\n"
		rep, err := f.store.Import(f.ctx, strings.NewReader(csv), catalog.ImportOptions{Mapping: m})
		require.NoError(t, err)
		require.Equal(t, 1, rep.Created)
		p, err := f.store.GetBySKU(f.ctx, "K-1")
		require.NoError(t, err)
		require.Equal(t, []int64{1250, 225, 150, 250, 3999}, []int64{p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM, p.PriceMinor})
		require.Equal(t, "GBP", p.Currency)
		require.Equal(t, []string{"5012345678900", "12345670"}, p.Barcodes)

		_, err = f.store.Import(f.ctx, strings.NewReader(csv), catalog.ImportOptions{Mapping: catalog.Mapping{
			Name: "broken", Columns: []catalog.Column{{Header: "x", Field: "colour"}}}})
		require.Error(t, err, "a mapping naming no product field is a programming error")
		for _, name := range []string{"waybill", "olist"} {
			m, ok := catalog.BuiltinMapping(name)
			require.True(t, ok)
			require.Equal(t, name, m.Name)
		}
		_, ok := catalog.BuiltinMapping("shopify")
		require.False(t, ok)
	})
}
