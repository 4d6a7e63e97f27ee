package warehouse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestServesMostSpecificWins(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s := testCtx(), NewStore(d)
		mk := func(code string, active bool, regions ...Region) Input {
			in := berlin()
			in.Code, in.RegionsServed, in.Active = code, regions, &active
			return in
		}
		_, err := s.CreateAll(ctx, []Input{
			mk("FRA-1", true, Region{Country: "DE"}, Region{Country: "GB"}),
			mk("BER-1", true, Region{Country: "DE", PostalPrefixes: []string{"10", "12"}}),
			mk("BER-2", true, Region{Country: "DE", PostalPrefixes: []string{"10"}}),
			mk("MIT-1", true, Region{Country: "DE", PostalPrefixes: []string{"101"}}),
			mk("OLD-1", false, Region{Country: "DE", PostalPrefixes: []string{"1011"}}),
			mk("LON-1", true, Region{Country: "GB", PostalPrefixes: []string{"SW1A"}}),
		})
		require.NoError(t, err)

		cases := []struct {
			country, postal string
			want            []string
		}{
			{"DE", "10115", []string{"MIT-1"}},          // 101 beats 10; the inactive 1011 does not count
			{"DE", "10405", []string{"BER-1", "BER-2"}}, // a tie on "10" returns both, by code
			{"DE", "12045", []string{"BER-1"}},
			{"DE", "80331", []string{"FRA-1"}}, // only the whole-country warehouse matches
			{"de", "", []string{"FRA-1"}},      // no postal code: only whole-country regions match
			{"GB", "sw1a 1aa", []string{"LON-1"}},
			{"GB", "EC1A 1BB", []string{"FRA-1"}},
			{"FR", "75001", nil},
		}
		for _, c := range cases {
			ws, err := s.Serves(ctx, c.country, c.postal)
			require.NoError(t, err)
			var got []string
			for _, w := range ws {
				got = append(got, w.Code)
			}
			require.Equal(t, c.want, got, "%s %s", c.country, c.postal)
		}
		_, err = s.Serves(ctx, "XX", "1")
		require.Equal(t, []string{"country unknown_value"}, apitest.FieldCodes(err))
		require.True(t, errs.Is(err, errs.Invalid))
	})
}

func TestHandles(t *testing.T) {
	w := Warehouse{}
	require.True(t, w.Handles("anything"), "no categories means all")
	w.Categories = []string{"Books"}
	require.True(t, w.Handles("books"))
	require.False(t, w.Handles("toys"))
}
