package inventory

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// A batch books one entry per balance, whatever the number of orders: the
// hot SKU's 300 holds below are one row of the ledger, and the ledger still
// sums to the balance.
func TestBookReservationsOneEntryPerBalance(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ber := f.warehouseID("BER")
		f.receive("BER", "A-01-01-1", "SKU-1", 1000)
		f.receive("BER", "A-01-01-1", "SKU-2", 10)
		hot, cold := Key{WarehouseID: ber, ProductID: "prd_SKU-1"}, Key{WarehouseID: ber, ProductID: "prd_SKU-2"}
		var holds []Hold
		for i := range 300 {
			holds = append(holds, Hold{Key: hot, Quantity: 2, Reference: orderID(i)})
		}
		holds = append(holds, Hold{Key: cold, Quantity: 3, Reference: "ord_only"})
		before := f.query(`SELECT count(*) FROM stock_entries`)
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error { return BookReservations(f.ctx, tx, "engine", holds) }))
		require.Equal(t, before+2, f.query(`SELECT count(*) FROM stock_entries`))

		type row struct {
			kind, ref string
			delta     int64
		}
		entry := func(sku string) row {
			var r row
			require.NoError(t, d.Read(f.ctx, func(tx *db.Tx) error {
				return tx.QueryRowContext(f.ctx, `SELECT kind, reference, reserved_delta FROM stock_entries
					WHERE product_id = $1 ORDER BY id DESC LIMIT 1`, "prd_"+sku).Scan(&r.kind, &r.ref, &r.delta)
			}))
			return r
		}
		require.Equal(t, row{KindReserve, orderID(0) + ".." + orderID(299), 600}, entry("SKU-1"))
		require.Equal(t, row{KindReserve, "ord_only", 3}, entry("SKU-2"))
		_, reserved := f.balance("BER", "SKU-1")
		require.Equal(t, int64(600), reserved)

		// Holds that cancel out book nothing for that balance; a net release
		// is a release entry.
		before = f.query(`SELECT count(*) FROM stock_entries`)
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			return BookReservations(f.ctx, tx, "engine", []Hold{
				{Key: cold, Quantity: 1, Reference: "ord_a"}, {Key: cold, Quantity: -1, Reference: "ord_b"},
				{Key: hot, Quantity: -5, Reference: orderID(7)},
			})
		}))
		require.Equal(t, before+1, f.query(`SELECT count(*) FROM stock_entries`))
		require.Equal(t, row{KindRelease, orderID(7), -5}, entry("SKU-1"))

		rec, err := NewStore(d).Reconcile(f.ctx)
		require.NoError(t, err)
		require.True(t, rec.OK, "%+v", rec.Differences)
	})
}

func orderID(i int) string {
	return "ord_" + string(rune('A'+i/100)) + string(rune('A'+i/10%10)) + string(rune('A'+i%10))
}
