package warehouse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestAddAndListBins(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s, w := withBerlin(t, d)
		bins, err := s.AddBins(ctx, "ber-1", []BinInput{
			{Code: "a-1-3-02", X: 1, Y: 2}, {Code: "B-01-01-1", X: 10, Y: 0}, {Code: "A-01-01-A", Active: ptr(false)},
		})
		require.NoError(t, err)
		require.Equal(t, "A-01-03-2", bins[0].Code)
		require.Equal(t, []string{"A", "01", "03", "2"}, []string{bins[0].Zone, bins[0].Aisle, bins[0].Bay, bins[0].Level})
		require.Equal(t, w.ID, bins[0].WarehouseID)
		require.False(t, bins[2].Active)

		list := func(f BinFilter) []string {
			f.Limit = max(f.Limit, 1)
			bs, err := s.Bins(ctx, w.ID, f)
			require.NoError(t, err)
			var out []string
			for _, b := range bs {
				out = append(out, b.Code)
			}
			return out
		}
		require.Equal(t, []string{"A-01-01-A", "A-01-03-2", "B-01-01-1"}, list(BinFilter{Limit: 10}))
		require.Equal(t, []string{"A-01-01-A", "A-01-03-2"}, list(BinFilter{Zone: "a", Limit: 10}))
		require.Equal(t, []string{"A-01-03-2", "B-01-01-1"}, list(BinFilter{Active: ptr(true), Limit: 10}))
		require.Equal(t, []string{"A-01-03-2"}, list(BinFilter{After: "A-01-01-A", Limit: 1}))

		b, err := s.UpdateBin(ctx, "BER-1", "a-01-01-a", BinPatch{Active: ptr(true), X: ptr(4.5)})
		require.NoError(t, err)
		require.True(t, b.Active)
		require.Equal(t, 4.5, b.X)
		_, err = s.UpdateBin(ctx, "BER-1", "Z-09-09-9", BinPatch{Active: ptr(true)})
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)
	})
}

func TestAddBinsRefusals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s, _ := withBerlin(t, d)
		_, err := s.AddBins(ctx, "BER-1", []BinInput{{Code: "A-01-01-1"}, {Code: "A-01-01-2"}})
		require.NoError(t, err)
		before := counts(t, d)

		_, err = s.AddBins(ctx, "BER-1", []BinInput{{Code: "A-01-01-3"}, {Code: "A-1-1-2"}, {Code: "A-01-01-1"}})
		require.True(t, errs.Is(err, errs.Conflict))
		require.Equal(t, []string{"bins[1].code duplicate", "bins[2].code duplicate"}, apitest.FieldCodes(err))

		_, err = s.AddBins(ctx, "BER-1", []BinInput{{Code: "A-01-01-9"}, {Code: "a-01-01-9"}, {Code: "A01", X: -1}, {Code: "B-1-1-1", Y: 1e9}})
		require.True(t, errs.Is(err, errs.Invalid))
		require.Equal(t, []string{"bins[1].code duplicate", "bins[2].code invalid_format", "bins[2].x out_of_range",
			"bins[3].y out_of_range"}, apitest.FieldCodes(err))

		_, err = s.AddBins(ctx, "BER-1", make([]BinInput, MaxBinsPerCall+1))
		require.Equal(t, []string{"bins out_of_range"}, apitest.FieldCodes(err))
		_, err = s.AddBins(ctx, "NOPE", []BinInput{{Code: "A-01-01-5"}})
		require.True(t, errs.Is(err, errs.NotFound))
		require.Equal(t, before, counts(t, d))
	})
}

func TestGridAddsInChunks(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s, _ := withBerlin(t, d)
		grid := Grid(GridSpec{Zones: []string{"A", "B"}, Aisles: 6, Bays: 20, Levels: 5})
		require.Len(t, grid, 1200)
		for start := 0; start < len(grid); start += MaxBinsPerCall {
			_, err := s.AddBins(ctx, "BER-1", grid[start:min(start+MaxBinsPerCall, len(grid))])
			require.NoError(t, err)
		}
		require.Equal(t, 1200, rowCount(t, d, "bins"))
		bs, err := s.Bins(ctx, "BER-1", BinFilter{Zone: "B", Limit: 1})
		require.NoError(t, err)
		require.Equal(t, "B-01-01-1", bs[0].Code)
		require.Equal(t, 6*3+5.0, bs[0].X, "zone B starts after zone A's six aisles and a 5 m gap")
	})
}
