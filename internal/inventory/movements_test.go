package inventory

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestReceive(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		m, err := f.s.Receive(f.ctx, Receipt{Warehouse: "ber", Bin: "a-1-1-1", SKU: "SKU-1", Quantity: 10, Reference: "PO-7"})
		require.NoError(t, err)
		require.Equal(t, KindReceive, m.Kind)
		require.Len(t, m.Entries, 1)
		e := m.Entries[0]
		require.Equal(t, []any{"BER", "A-01-01-1", "SKU-1", int64(10), int64(0), "PO-7", "cli"},
			[]any{e.Warehouse, e.Bin, e.SKU, e.OnHandDelta, e.ReservedDelta, e.Reference, e.Actor})
		require.Equal(t, []Balance{{WarehouseID: f.warehouseID("BER"), Warehouse: "BER", ProductID: "prd_SKU-1", SKU: "SKU-1",
			OnHand: 10, Available: 10, UpdatedAt: m.At}}, m.Balances)
		require.Equal(t, int64(10), m.Bins[0].OnHand)

		f.receive("BER", "A-01-01-1", "SKU-1", 5)
		on, res := f.balance("BER", "SKU-1")
		require.Equal(t, []int64{15, 0}, []int64{on, res})
		require.Equal(t, int64(15), f.bin("BER", "A-01-01-1", "SKU-1"))
		require.Equal(t, int64(1), f.query(`SELECT count(*) FROM audit_log WHERE action = 'stock.receive' AND entity_id = $1`, m.ID))
	})
}

func TestReceiveRefusals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 10)
		before := f.counts()
		r := func(w, bin, sku string, q int64, ref string) error {
			_, err := f.s.Receive(f.ctx, Receipt{Warehouse: w, Bin: bin, SKU: sku, Quantity: q, Reference: ref})
			return err
		}
		err := r("NOPE", "A-01-01-1", "NOPE-9", 1, "PO")
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, []string{"warehouse unknown_value", "sku unknown_value"}, apitest.FieldCodes(err))
		err = r("BER", "B-09-09-9", "SKU-1", 1, "PO")
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, "warehouse BER has no bin B-09-09-9", errs.FieldsOf(err)[0].Message)
		err = r("BER", "A01", "SKU-1", 0, "")
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, []string{"bin invalid_format", "quantity out_of_range", "reference required"}, apitest.FieldCodes(err))
		f.refused(before, r("BER", "A-01-01-1", "SKU-1", MaxQuantity+1, "PO"), errs.Invalid, "")
		f.refused(before, r("BER", "A-01-01-1", "SKU\x00", 1, "PO"), errs.Invalid, "")
		f.refused(before, r("OLD", "A-01-01-1", "SKU-1", 1, "PO"), errs.Conflict, "warehouse OLD is inactive and takes no new stock")
		f.refused(before, r("BER", "Z-01-01-1", "SKU-1", 1, "PO"), errs.Conflict,
			"bin Z-01-01-1 in warehouse BER is inactive and takes no new stock")
		f.refused(before, r("BER", "A-01-01-1", "OFF-1", 1, "PO"), errs.Conflict, "SKU OFF-1 is inactive; it cannot be received")
	})
}

func TestReceiveAllIsAllOrNothing(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		before := f.counts()
		_, err := f.s.ReceiveAll(f.ctx, []Receipt{
			{Warehouse: "BER", Bin: "A-01-01-1", SKU: "SKU-1", Quantity: 5, Reference: "PO"},
			{Warehouse: "BER", Bin: "A-01-01-1", SKU: "NOPE", Quantity: 5, Reference: "PO"},
		})
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, []string{"[1].sku unknown_value"}, apitest.FieldCodes(err))
		ms, err := f.s.ReceiveAll(f.ctx, []Receipt{
			{Warehouse: "BER", Bin: "A-01-01-1", SKU: "SKU-1", Quantity: 5, Reference: "PO"},
			{Warehouse: "MUC", Bin: "A-01-01-1", SKU: "SKU-2", Quantity: 7, Reference: "PO"},
		})
		require.NoError(t, err)
		require.Len(t, ms, 2)
		on, _ := f.balance("MUC", "SKU-2")
		require.Equal(t, int64(7), on)
	})
}

func TestAdjust(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 10)
		adj := func(bin string, delta int64, reason, note string) (Movement, error) {
			return f.s.Adjust(f.ctx, Adjustment{Warehouse: "BER", Bin: bin, SKU: "SKU-1", Delta: delta, Reason: reason, Note: note})
		}
		m, err := adj("A-01-01-1", -3, "damaged", "forklift")
		require.NoError(t, err)
		require.Equal(t, "damaged", m.Entries[0].Reason)
		require.Equal(t, "forklift", m.Entries[0].Note)
		_, err = adj("A-01-01-2", 4, "found", "")
		require.NoError(t, err)
		on, _ := f.balance("BER", "SKU-1")
		require.Equal(t, int64(11), on)

		before := f.counts()
		_, err = adj("A-01-01-1", -8, "count_correction", "")
		f.refused(before, err, errs.Conflict, "bin A-01-01-1 in warehouse BER holds 7 of SKU SKU-1; cannot remove 8")
		require.NoError(t, f.reserve("BER", "SKU-1", 9))
		before = f.counts()
		_, err = adj("A-01-01-1", -3, "lost", "")
		f.refused(before, err, errs.Conflict,
			"warehouse BER has 11 on hand of SKU SKU-1 with 9 reserved; cannot remove 3 (2 available)")
		_, err = adj("A-01-01-1", 3, "damaged", "")
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, []string{"delta out_of_range"}, apitest.FieldCodes(err))
		_, err = adj("A-01-01-1", 0, "stolen", "\x07")
		require.Equal(t, []string{"delta out_of_range", "note invalid_format", "reason unknown_value"}, apitest.FieldCodes(err))
		_, err = adj("A-01-01-1", -1, "other", "")
		require.Equal(t, []string{"note required"}, apitest.FieldCodes(err))
		_, err = adj("Z-01-01-1", 1, "found", "")
		f.refused(before, err, errs.Conflict, "bin Z-01-01-1 in warehouse BER is inactive and takes no new stock")
		_, err = adj("A-01-01-1", -2, "expired", "")
		require.NoError(t, err, "down to exactly what is reserved is fine")
	})
}
