package inventory

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestReserveAndRelease(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 10)
		f.receive("BER", "A-01-01-1", "SKU-2", 2)
		ber := f.warehouseID("BER")
		line := func(sku string, q int64) ReservationLine {
			return ReservationLine{WarehouseID: ber, ProductID: "prd_" + sku, Quantity: q}
		}
		var m Movement
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			var err error
			m, err = Reserve(f.ctx, tx, Reservation{Reference: "ord_1", Lines: []ReservationLine{line("SKU-1", 4), line("SKU-2", 2)}})
			return err
		}))
		require.Equal(t, KindReserve, m.Kind)
		require.Len(t, m.Entries, 2)
		require.Empty(t, m.Entries[0].Bin, "a reservation names no bin")
		require.Empty(t, m.Bins)
		on, res := f.balance("BER", "SKU-1")
		require.Equal(t, []int64{10, 4}, []int64{on, res})
		require.Equal(t, int64(6), m.Balances[0].Available)

		// A refused reservation leaves the caller's transaction usable and
		// books none of its lines, though the first would have fitted.
		before := f.counts()
		var refusal error
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			_, refusal = Reserve(f.ctx, tx, Reservation{Reference: "ord_2", Lines: []ReservationLine{line("SKU-1", 1), line("SKU-2", 1)}})
			var n int
			return tx.QueryRowContext(context.Background(), `SELECT count(*) FROM stock_entries`).Scan(&n)
		}))
		f.refused(before, refusal, errs.Conflict,
			"warehouse BER has 0 available of SKU SKU-2 (2 on hand, 2 reserved); cannot reserve 1")

		release := func(r Reservation) error {
			return d.Write(f.ctx, func(tx *db.Tx) error { _, err := Release(f.ctx, tx, r); return err })
		}
		f.refused(before, release(Reservation{Reference: "ord_1", Lines: []ReservationLine{line("SKU-1", 5)}}), errs.Conflict,
			"warehouse BER has 4 reserved of SKU SKU-1; cannot release 5")
		f.refused(before, release(Reservation{Reference: "ord_1", Lines: []ReservationLine{{WarehouseID: "whs_nope", ProductID: "prd_SKU-1", Quantity: 1}}}),
			errs.NotFound, `no warehouse "whs_nope"`)
		f.refused(before, release(Reservation{Lines: []ReservationLine{{Quantity: 0}}}), errs.Invalid, "")
		f.refused(before, f.reserve("OLD", "SKU-1", 1), errs.Conflict, "warehouse OLD is inactive; it takes no new reservations")
		f.refused(before, f.reserve("MUC", "SKU-1", 1), errs.Conflict,
			"warehouse MUC has 0 available of SKU SKU-1 (0 on hand, 0 reserved); cannot reserve 1")

		require.NoError(t, release(Reservation{Reference: "ord_1", Lines: []ReservationLine{line("SKU-1", 4)}}))
		on, res = f.balance("BER", "SKU-1")
		require.Equal(t, []int64{10, 0}, []int64{on, res})
		require.Equal(t, int64(2), f.query(`SELECT count(*) FROM audit_log WHERE action IN ('stock.reserve', 'stock.release')`))
	})
}
