package inventory

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestMove(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 10)
		mv := func(from, to string, q int64) (Movement, error) {
			return f.s.Move(f.ctx, Move{Warehouse: "BER", FromBin: from, ToBin: to, SKU: "SKU-1", Quantity: q})
		}
		m, err := mv("A-01-01-1", "a-1-2-1", 4)
		require.NoError(t, err)
		require.Len(t, m.Entries, 2)
		require.Equal(t, m.Entries[0].MovementID, m.Entries[1].MovementID)
		require.Equal(t, []int64{-4, 4}, []int64{m.Entries[0].OnHandDelta, m.Entries[1].OnHandDelta})
		require.Equal(t, int64(10), m.Balances[0].OnHand, "the warehouse balance is unchanged")
		require.Len(t, m.Bins, 2)
		require.Equal(t, []int64{6, 4}, []int64{f.bin("BER", "A-01-01-1", "SKU-1"), f.bin("BER", "A-01-02-1", "SKU-1")})

		before := f.counts()
		_, err = mv("A-01-01-1", "A-01-02-1", 7)
		f.refused(before, err, errs.Conflict, "bin A-01-01-1 in warehouse BER holds 6 of SKU SKU-1; cannot remove 7")
		_, err = mv("A-01-01-2", "A-01-02-1", 1)
		f.refused(before, err, errs.Conflict, "bin A-01-01-2 in warehouse BER holds 0 of SKU SKU-1; cannot remove 1")
		_, err = mv("A-01-01-1", "a-01-01-1", 1)
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, []string{"to_bin duplicate"}, apitest.FieldCodes(err))
		_, err = mv("A-01-01-1", "Z-01-01-1", 1)
		f.refused(before, err, errs.Conflict, "bin Z-01-01-1 in warehouse BER is inactive and takes no new stock")
		_, err = mv("A-01-01-1", "Q-01-01-1", 1)
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, []string{"to_bin unknown_value"}, apitest.FieldCodes(err))
		_, err = f.s.Move(f.ctx, Move{Warehouse: "BER", FromBin: "A-01-01-1", ToBin: "A-01-02-1", SKU: "SKU-1", Quantity: -1})
		f.refused(before, err, errs.Invalid, "")
	})
}

func TestMoveOutOfInactiveBin(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(f.ctx, `UPDATE bins SET active = $1`, true)
			return err
		}))
		f.receive("BER", "Z-01-01-1", "SKU-1", 3)
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(f.ctx, `UPDATE bins SET active = $1 WHERE code = 'Z-01-01-1'`, false)
			return err
		}))
		_, err := f.s.Move(f.ctx, Move{Warehouse: "BER", FromBin: "Z-01-01-1", ToBin: "A-01-01-1", SKU: "SKU-1", Quantity: 3})
		require.NoError(t, err, "an inactive bin can be emptied")
	})
}

func TestTransfer(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 10)
		tr := func(fromW, fromB, toW, toB string, q int64) (Movement, error) {
			return f.s.Transfer(f.ctx, Transfer{SKU: "SKU-1", Quantity: q, Reference: "TR-1",
				From: Place{Warehouse: fromW, Bin: fromB}, To: Place{Warehouse: toW, Bin: toB}})
		}
		m, err := tr("BER", "A-01-01-1", "muc", "A-01-01-2", 4)
		require.NoError(t, err)
		require.Len(t, m.Entries, 2)
		require.Equal(t, []string{"BER", "MUC"}, []string{m.Entries[0].Warehouse, m.Entries[1].Warehouse})
		require.Len(t, m.Balances, 2)
		ber, _ := f.balance("BER", "SKU-1")
		muc, _ := f.balance("MUC", "SKU-1")
		require.Equal(t, []int64{6, 4}, []int64{ber, muc})
		require.Equal(t, int64(4), f.bin("MUC", "A-01-01-2", "SKU-1"))

		require.NoError(t, f.reserve("BER", "SKU-1", 5))
		before := f.counts()
		_, err = tr("BER", "A-01-01-1", "MUC", "A-01-01-1", 2)
		f.refused(before, err, errs.Conflict, "warehouse BER has 6 on hand of SKU SKU-1 with 5 reserved; cannot remove 2 (1 available)")
		_, err = tr("BER", "A-01-01-1", "BER", "A-01-01-2", 1)
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, []string{"to.warehouse duplicate"}, apitest.FieldCodes(err))
		_, err = tr("BER", "A-01-01-1", "OLD", "A-01-01-1", 1)
		f.refused(before, err, errs.Conflict, "warehouse OLD is inactive and takes no new stock")
		_, err = tr("BER", "A-09-01-1", "NOPE", "A-01-01-1", 1)
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, []string{"from.bin unknown_value", "to.warehouse unknown_value"}, apitest.FieldCodes(err))
		_, err = tr("", "x", "MUC", "A-01-01-1", 1)
		require.Equal(t, []string{"from.warehouse required", "from.bin invalid_format"}, apitest.FieldCodes(err))

		_, err = tr("BER", "A-01-01-1", "MUC", "A-01-01-1", 1)
		require.NoError(t, err, "exactly the available stock may leave")
	})
}
