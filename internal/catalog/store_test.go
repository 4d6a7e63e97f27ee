package catalog_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestCreateAndGet(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		in := product("MUG-1", "4006381333931", "96385074")
		in.Fragile, in.Hazmat = true, true
		p := f.create(t, in)
		require.Regexp(t, `^prd_[0-9A-Z]{26}$`, p.ID)
		require.True(t, p.Active)
		require.Equal(t, p.CreatedAt, p.UpdatedAt)

		byID, err := f.store.Get(f.ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, p, byID)
		bySKU, err := f.store.GetBySKU(f.ctx, "MUG-1")
		require.NoError(t, err)
		require.Equal(t, p, bySKU)
		require.Equal(t, []string{"4006381333931", "96385074"}, bySKU.Barcodes)
		require.Equal(t, map[string]string{"colour": "blue"}, bySKU.Attributes)
		require.True(t, bySKU.Fragile && bySKU.Hazmat && !bySKU.Liquid && !bySKU.Valuable)

		entries, err := audit.List(f.ctx, d, audit.Filter{Entity: "product", EntityID: p.ID, Limit: 10})
		require.NoError(t, err)
		require.Len(t, entries, 1)
		require.Equal(t, "product.create", entries[0].Action)

		_, err = f.store.Get(f.ctx, "prd_missing")
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)
		_, err = f.store.GetBySKU(f.ctx, "nope")
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)
	})
}

func TestCreateRefusals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		first := f.create(t, product("MUG-1", "036000291452"))
		before := f.counts(t)
		tests := []struct {
			name string
			in   catalog.ProductInput
			kind errs.Kind
			want []string
		}{
			{"duplicate sku", product("MUG-1"), errs.Conflict, []string{"sku duplicate"}},
			{"barcode taken, as EAN-13", product("MUG-2", "96385074", "0036000291452"), errs.Conflict,
				[]string{"barcodes[1] duplicate"}},
			{"sku and barcode taken", product("MUG-1", "036000291452"), errs.Conflict,
				[]string{"sku duplicate", "barcodes[0] duplicate"}},
			{"invalid", catalog.ProductInput{SKU: "MUG 3"}, errs.Invalid, []string{"sku invalid_format",
				"name required", "weight_g out_of_range", "length_mm out_of_range", "width_mm out_of_range",
				"height_mm out_of_range", "currency required"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.store.Create(f.ctx, tt.in)
				require.Equal(t, tt.kind, errs.KindOf(err), "%v", err)
				require.Equal(t, tt.want, apitest.FieldCodes(err))
				require.Equal(t, before, f.counts(t), "nothing written")
			})
		}
		require.Contains(t, errs.FieldsOf(func() error { _, err := f.store.Create(f.ctx, product("MUG-1")); return err }())[0].Message, first.ID)
	})
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		p := f.create(t, product("MUG-1", "4006381333931"))
		other := f.create(t, product("MUG-2", "96385074"))
		name, weight, yes := "Big mug", int64(500), true

		got, err := f.store.Update(f.ctx, p.ID, catalog.ProductPatch{Name: &name, WeightG: &weight, Liquid: &yes,
			Barcodes: []string{"5901234123457", "12345670"}})
		require.NoError(t, err)
		require.Equal(t, "Big mug", got.Name)
		require.EqualValues(t, 500, got.WeightG)
		require.True(t, got.Liquid)
		require.Equal(t, p.LengthMM, got.LengthMM, "fields left out are kept")
		require.Equal(t, p.Attributes, got.Attributes)
		require.Equal(t, []string{"5901234123457", "12345670"}, got.Barcodes)
		stored, err := f.store.Get(f.ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, got, stored)

		// The old barcode is free again; an empty list clears them all.
		_, err = f.store.Update(f.ctx, other.ID, catalog.ProductPatch{Barcodes: []string{"4006381333931"}})
		require.NoError(t, err)
		cleared, err := f.store.Update(f.ctx, p.ID, catalog.ProductPatch{Barcodes: []string{}, Attributes: map[string]string{}})
		require.NoError(t, err)
		require.Empty(t, cleared.Barcodes)
		require.Empty(t, cleared.Attributes)

		before := f.counts(t)
		bad, zero, eur := "MUG-2", int64(0), "eur"
		tests := []struct {
			name  string
			id    string
			patch catalog.ProductPatch
			kind  errs.Kind
			want  []string
		}{
			{"sku of another", p.ID, catalog.ProductPatch{SKU: &bad}, errs.Conflict, []string{"sku duplicate"}},
			{"barcode of another", p.ID, catalog.ProductPatch{Barcodes: []string{"4006381333931"}}, errs.Conflict,
				[]string{"barcodes[0] duplicate"}},
			{"invalid result", p.ID, catalog.ProductPatch{WeightG: &zero, Currency: &eur, Barcodes: []string{"4006381333932"}},
				errs.Invalid, []string{"barcodes[0] invalid_checksum", "weight_g out_of_range", "currency invalid_format"}},
			{"missing product", "prd_missing", catalog.ProductPatch{Name: &name}, errs.NotFound, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.store.Update(f.ctx, tt.id, tt.patch)
				require.Equal(t, tt.kind, errs.KindOf(err), "%v", err)
				require.Equal(t, tt.want, apitest.FieldCodes(err))
				require.Equal(t, before, f.counts(t), "nothing written")
			})
		}
	})
}

func TestDeactivateActivate(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		p := f.create(t, product("MUG-1"))
		off, err := f.store.Deactivate(f.ctx, p.ID)
		require.NoError(t, err)
		require.False(t, off.Active)
		before := f.counts(t)
		again, err := f.store.Deactivate(f.ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, off, again)
		require.Equal(t, before, f.counts(t), "deactivating twice records nothing")
		on, err := f.store.Activate(f.ctx, p.ID)
		require.NoError(t, err)
		require.True(t, on.Active)
		stored, err := f.store.Get(f.ctx, p.ID)
		require.NoError(t, err)
		require.True(t, stored.Active)
		_, err = f.store.Deactivate(f.ctx, "prd_missing")
		require.True(t, errs.Is(err, errs.NotFound))

		entries, err := audit.List(f.ctx, d, audit.Filter{Entity: "product", EntityID: p.ID, Limit: 10})
		require.NoError(t, err)
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		require.ElementsMatch(t, []string{"product.create", "product.deactivate", "product.activate"}, actions)
	})
}

func TestCreateMany(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.create(t, product("OLD", "96385074"))
		before := f.counts(t)
		_, err := f.store.CreateMany(f.ctx, []catalog.ProductInput{product("A"), product("A"), {SKU: "B"}})
		require.True(t, errs.Is(err, errs.Invalid))
		require.Contains(t, apitest.FieldCodes(err), "[1].sku duplicate")
		require.Contains(t, apitest.FieldCodes(err), "[2].name required")
		_, err = f.store.CreateMany(f.ctx, []catalog.ProductInput{product("A"), product("B", "12345670", "96385074")})
		require.True(t, errs.Is(err, errs.Conflict))
		require.Equal(t, []string{"[1].barcodes[1] duplicate"}, apitest.FieldCodes(err))
		require.Equal(t, before, f.counts(t))

		var many []catalog.ProductInput
		for i := range 1200 {
			many = append(many, product("BULK-"+itoa(i), gtin(i)))
		}
		ps, err := f.store.CreateMany(f.ctx, many)
		require.NoError(t, err)
		require.Len(t, ps, 1200)
		after := f.counts(t)
		require.Equal(t, before.products+1200, after.products)
		require.Equal(t, before.barcodes+1200, after.barcodes)
		require.Equal(t, before.audit+1200, after.audit)
		got, err := f.store.GetBySKU(f.ctx, "BULK-1199")
		require.NoError(t, err)
		require.Equal(t, []string{gtin(1199)}, got.Barcodes)
	})
}
