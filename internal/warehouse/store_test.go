package warehouse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestCreateGetUpdate(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s := testCtx(), NewStore(d)
		in := berlin()
		in.Code, in.Address.Country = " ber-1 ", "de"
		in.RegionsServed[0].PostalPrefixes = []string{"10", "12 3", "13-"}
		in.Categories = []string{"Books", "Toys"}
		w, err := s.Create(ctx, in)
		require.NoError(t, err)
		require.Equal(t, "BER-1", w.Code)
		require.Equal(t, "DE", w.Address.Country)
		require.True(t, w.Active, "active defaults to true")

		for _, ref := range []string{w.ID, "BER-1", "ber-1"} {
			got, err := s.Get(ctx, ref)
			require.NoError(t, err, ref)
			require.Equal(t, w.ID, got.ID)
			require.Equal(t, []Region{{Country: "DE", PostalPrefixes: []string{"10", "123", "13"}, TransitDays: 2},
				{Country: "PL", PostalPrefixes: []string{}, TransitDays: 2}}, got.RegionsServed, "transit days default to 2")
			require.Equal(t, []string{"Books", "Toys"}, got.Categories)
			require.True(t, w.CreatedAt.Equal(got.CreatedAt))
		}
		_, err = s.Get(ctx, "NOPE")
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)

		// One country in several entries, each with its own rate.
		name, off := "Berlin Nord II", false
		regions := []Region{{Country: "AT", ParcelCostMinor: 900, PerKgMinor: 50, TransitDays: 3},
			{Country: "DE", PostalPrefixes: []string{"1", "0"}, ParcelCostMinor: 400, TransitDays: 1},
			{Country: "DE", PostalPrefixes: []string{"8"}, ParcelCostMinor: 700, PerKgMinor: 20}}
		u, err := s.Update(ctx, "BER-1", Patch{Name: &name, Active: &off, RegionsServed: &regions})
		require.NoError(t, err)
		require.Equal(t, "Berlin Nord II", u.Name)
		require.False(t, u.Active)
		require.Equal(t, []Region{{Country: "AT", PostalPrefixes: []string{}, ParcelCostMinor: 900, PerKgMinor: 50, TransitDays: 3},
			{Country: "DE", PostalPrefixes: []string{"0", "1"}, ParcelCostMinor: 400, TransitDays: 1},
			{Country: "DE", PostalPrefixes: []string{"8"}, ParcelCostMinor: 700, PerKgMinor: 20, TransitDays: 2}}, u.RegionsServed)
		require.Equal(t, "Europe/Berlin", u.Timezone, "untouched fields stay")
		require.Equal(t, []string{"Books", "Toys"}, u.Categories)
		require.Equal(t, 2, rowCount(t, d, "audit_log"), "create and update are audited")

		before := counts(t, d)
		same, err := s.Update(ctx, "BER-1", Patch{})
		require.NoError(t, err)
		require.Equal(t, u.Name, same.Name)
		require.Equal(t, before, counts(t, d), "an empty patch writes nothing")
	})
}

func TestCreateRefusals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s, _ := withBerlin(t, d)
		before := counts(t, d)

		dup := berlin()
		dup.Code = "ber-1"
		_, err := s.Create(ctx, dup)
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)
		require.Equal(t, []string{"code duplicate"}, apitest.FieldCodes(err))

		bad := berlin()
		bad.Address.Country, bad.Timezone, bad.CutoffTime = "XX", "Mars/Olympus", "25:00"
		_, err = s.Create(ctx, bad)
		require.True(t, errs.Is(err, errs.Invalid))
		require.Equal(t, []string{"address.country unknown_value", "cutoff_time invalid_format", "timezone unknown_value"}, apitest.FieldCodes(err))

		bad = berlin()
		bad.Code, bad.Name = "BER 2", ""
		bad.Latitude = 91
		bad.RegionsServed = []Region{{Country: "DE", PostalPrefixes: []string{"2"}}, {Country: "de", PostalPrefixes: []string{"1", "", "1", "2"}},
			{Country: "DE"}, {Country: "DE"}}
		_, err = s.Create(ctx, bad)
		require.Equal(t, []string{"code invalid_format", "name required", "latitude out_of_range",
			"regions_served[1].postal_prefixes[1] required", "regions_served[1].postal_prefixes[2] duplicate",
			"regions_served[1].postal_prefixes[3] duplicate", "regions_served[3].country duplicate"}, apitest.FieldCodes(err))

		_, err = s.Update(ctx, "BER-1", Patch{Timezone: ptr("Local")})
		require.Equal(t, []string{"timezone unknown_value"}, apitest.FieldCodes(err))
		require.Equal(t, before, counts(t, d), "refusals write nothing")
	})
}

func TestCreateAllIsAllOrNothing(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s := testCtx(), NewStore(d)
		a, b, c := berlin(), berlin(), berlin()
		b.Code, c.Code = "MUC-1", "ber-1"
		_, err := s.CreateAll(ctx, []Input{a, b, c})
		require.Equal(t, []string{"[2].code duplicate"}, apitest.FieldCodes(err))

		_, err = s.Create(ctx, b)
		require.NoError(t, err)
		before := counts(t, d)
		_, err = s.CreateAll(ctx, []Input{a, b})
		require.True(t, errs.Is(err, errs.Conflict))
		require.Equal(t, []string{"[1].code duplicate"}, apitest.FieldCodes(err))
		require.Equal(t, before, counts(t, d), "the first warehouse was rolled back with the second")

		c.Code = "HAM-1"
		ws, err := s.CreateAll(ctx, []Input{a, c})
		require.NoError(t, err)
		require.Len(t, ws, 2)
	})
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s := testCtx(), NewStore(d)
		ber, muc, vie := berlin(), berlin(), berlin()
		muc.Code, muc.RegionsServed = "MUC-1", []Region{{Country: "DE", PostalPrefixes: []string{"8"}}}
		vie.Code, vie.Address.Country, vie.RegionsServed, vie.Active = "VIE-1", "AT", []Region{{Country: "AT"}}, ptr(false)
		_, err := s.CreateAll(ctx, []Input{vie, muc, ber})
		require.NoError(t, err)

		codes := func(f Filter) []string {
			if f.Limit == 0 {
				f.Limit = 10
			}
			ws, err := s.List(ctx, f)
			require.NoError(t, err)
			var out []string
			for _, w := range ws {
				out = append(out, w.Code)
			}
			return out
		}
		require.Equal(t, []string{"BER-1", "MUC-1", "VIE-1"}, codes(Filter{}))
		require.Equal(t, []string{"BER-1", "MUC-1"}, codes(Filter{Active: ptr(true)}))
		require.Equal(t, []string{"VIE-1"}, codes(Filter{Active: ptr(false)}))
		require.Equal(t, []string{"VIE-1"}, codes(Filter{Country: "AT"}))
		require.Equal(t, []string{"MUC-1"}, codes(Filter{ServesCountry: "DE", ServesPostal: "80331"}))
		require.Equal(t, []string{"BER-1"}, codes(Filter{ServesCountry: "DE", ServesPostal: "10115"}))
		require.Equal(t, []string{"BER-1"}, codes(Filter{ServesCountry: "PL", ServesPostal: "00-950"}))
		require.Empty(t, codes(Filter{ServesCountry: "DE", ServesPostal: "50667"}))
		require.Equal(t, []string{"MUC-1"}, codes(Filter{After: "BER-1", Limit: 1}), "cursor and limit page by code")
	})
}

func ptr[T any](v T) *T { return &v }
