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

// Picked units of a cancelled order carry their bin's expiry back: put
// away into an empty bin, they keep their date, so the next wave still
// picks them first when they expire first.
func TestAPutAwayKeepsTheExpiryDate(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := newFloor(t, d, flowtest.Options{Clock: clk})
		_, err := catalog.NewStore(d).Create(f.Ctx, catalog.ProductInput{SKU: "MILK", Name: "Milk", Category: "general", WeightG: 1000,
			LengthMM: 100, WidthMM: 100, HeightMM: 200, PriceMinor: 200, Currency: "USD"})
		require.NoError(t, err)
		_, err = f.Stock.Receive(f.Ctx, inventory.Receipt{Warehouse: "EAST", Bin: "A-01-02-1", SKU: "MILK", Quantity: 4,
			Reference: "PO", ExpiresOn: "2026-03-20"})
		require.NoError(t, err)
		o := f.ReleasedOrder(t, "EXP", flowtest.Line("MILK", 2))
		w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		task, err := f.Floor.Claim(as(ann), w.Tasks[0].ID)
		require.NoError(t, err)
		f.pickAll(as(ann), task)
		_, err = f.Orders.Cancel(as(chief), o.ID, "changed their mind")
		require.NoError(t, err)
		tasks, err := f.Floor.PutAways(as(ann), "EAST", 10)
		require.NoError(t, err)
		require.Len(t, tasks, 1)
		const empty = "A-03-06-1"
		_, err = f.Floor.PutAway(as(ann), tasks[0].ID, pick.PutAwayScan{Bin: empty})
		require.NoError(t, err)
		var expires string
		require.NoError(t, d.Read(f.Ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(f.Ctx, `SELECT s.expires_on FROM bin_stock s JOIN bins b ON b.id = s.bin_id
				JOIN products p ON p.id = s.product_id WHERE b.code = $1 AND p.sku = 'MILK'`, empty).Scan(&expires)
		}))
		require.Equal(t, "2026-03-20", expires)
		f.reconciled()
	})
}
