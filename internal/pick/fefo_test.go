package pick_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pick"
)

// TestAWavePicksTheEarliestExpiryFirst: of two pick faces of MILK, the
// near one holds stock that arrived two days before the far one's but
// expires ten days after it; the wave sends the picker to the far one.
// JUICE, stocked the same way without dates, still goes first in, first
// out, from the near face.
func TestAWavePicksTheEarliestExpiryFirst(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := newFloor(t, d, flowtest.Options{Clock: clk})
		for _, sku := range []string{"MILK", "JUICE"} {
			_, err := catalog.NewStore(d).Create(f.Ctx, catalog.ProductInput{SKU: sku, Name: sku, Category: "general", WeightG: 1000,
				LengthMM: 100, WidthMM: 100, HeightMM: 200, PriceMinor: 200, Currency: "USD"})
			require.NoError(t, err)
		}
		const near, far = "A-01-02-1", "A-03-06-1"
		receive := func(bin, sku, expires string) {
			_, err := f.Stock.Receive(f.Ctx, inventory.Receipt{Warehouse: "EAST", Bin: bin, SKU: sku, Quantity: 10,
				Reference: "PO", ExpiresOn: expires})
			require.NoError(t, err)
		}
		receive(near, "MILK", "2026-03-30")
		receive(near, "JUICE", "")
		clk.Advance(48 * time.Hour)
		receive(far, "MILK", "2026-03-20")
		receive(far, "JUICE", "")

		f.ReleasedOrder(t, "FEFO", flowtest.Line("MILK", 3), flowtest.Line("JUICE", 3))
		w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		require.Len(t, w.Tasks, 1)
		bins := map[string]string{}
		for _, l := range w.Tasks[0].Lines {
			require.Equal(t, int64(3), l.Quantity, "one face covers each line")
			bins[l.SKU] = l.Bin
		}
		require.Equal(t, map[string]string{"MILK": far, "JUICE": near}, bins)
		f.reconciled()
	})
}
