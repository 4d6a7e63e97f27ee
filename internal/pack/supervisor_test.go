package pack_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/shortage"
)

// A held parcel is packed at its weight only by a supervisor who did not
// weigh it, with what the check found.
func TestASupervisorAcceptsAHeldParcel(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		_, fid, _ := s.picked("H1", flowtest.Line("SKU-002", 1))
		r, err := s.Packing.Scan(as(chief), fid, pack.ItemScan{ScanID: "s1", Item: "SKU-002"})
		require.NoError(t, err)
		pid := r.Station.Parcels[0].ID
		held, err := s.Packing.Close(as(chief), pid, pack.CloseParcel{ScanID: "c1", Carton: "M", WeightG: 2000})
		require.NoError(t, err)
		require.True(t, held.Held)

		_, err = s.Packing.AcceptWeight(as(ann), pid, pack.Accept{ScanID: "a1", Reason: "checked"})
		require.True(t, errs.Is(err, errs.Forbidden), "a packer may not: %v", err)
		_, err = s.Packing.AcceptWeight(as(chief), pid, pack.Accept{ScanID: "a1", Reason: "checked"})
		require.True(t, errs.Is(err, errs.Forbidden), "nor the supervisor who weighed it: %v", err)
		_, err = s.Packing.AcceptWeight(as(boss), pid, pack.Accept{ScanID: "a1", Reason: "  "})
		require.Equal(t, "reason required", fieldOf(err))
		ok, err := s.Packing.AcceptWeight(as(boss), pid, pack.Accept{ScanID: "a1", Reason: "a heavier batch"})
		require.NoError(t, err)
		require.True(t, ok.Done)
		require.Equal(t, int64(2000), ok.Parcel.WeightG)
		require.Equal(t, int64(800), ok.Parcel.ExpectedG)
		_, err = s.Packing.AcceptWeight(as(boss), pid, pack.Accept{ScanID: "a2", Reason: "again"})
		require.True(t, errs.Is(err, errs.Conflict), "no longer held: %v", err)
		s.reconciled()
	})
}

// Units found damaged (or missing) at the station are written off by a
// supervisor: out of picked stock with the reason, the order line short
// and handled like a short pick (here: cancelled with its refund under
// cancel_short; waiting for stock with a delay notice otherwise); the rest
// packs.
func TestDamagedAndMissingUnitsAtPacking(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		s.Policy(t, "SKU-003", "", shortage.Policy{Kind: order.PolicyCancelShort})
		o, fid, _ := s.picked("D1", flowtest.Line("SKU-000", 2), flowtest.Line("SKU-003", 1))
		picked := func(sku string) int64 {
			return s.count(`SELECT b.picked FROM stock_balances b JOIN products p ON p.id = b.product_id WHERE p.sku = $1`, sku)
		}
		require.Equal(t, int64(2), picked("SKU-000"))
		_, err := s.Packing.Resolve(as(ann), fid, pack.Problem{ScanID: "x1", Item: "SKU-000", Kind: "damaged"})
		require.True(t, errs.Is(err, errs.Forbidden), "a packer may not: %v", err)
		_, err = s.Packing.Resolve(as(chief), fid, pack.Problem{ScanID: "x1", Item: "SKU-000", Kind: "stolen"})
		require.Equal(t, "kind unknown_value", fieldOf(err))
		_, err = s.Packing.Resolve(as(chief), fid, pack.Problem{ScanID: "x1", Item: "SKU-001", Kind: "damaged"})
		require.Equal(t, "item wrong_item", fieldOf(err))

		st, err := s.Packing.Resolve(as(chief), fid, pack.Problem{ScanID: "x1", Item: "SKU-000", Kind: "damaged", Note: "crushed"})
		require.NoError(t, err)
		require.Equal(t, int64(2), st.Left, "one SKU-000 and one SKU-003 left")
		require.Equal(t, int64(1), picked("SKU-000"))
		require.Equal(t, int64(1), s.count(`SELECT count(*) FROM stock_entries WHERE kind = 'adjust' AND reason = 'damaged' AND picked_delta = -1`))
		st, err = s.Packing.Resolve(as(chief), fid, pack.Problem{ScanID: "x2", Item: "SKU-003", Kind: "missing"})
		require.NoError(t, err)
		require.Equal(t, int64(1), st.Left)

		r, err := s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s1", Item: "SKU-000"})
		require.NoError(t, err)
		done, err := s.Packing.Close(as(ann), r.Parcel, pack.CloseParcel{ScanID: "c1", Carton: "M", WeightG: 800})
		require.NoError(t, err)
		require.True(t, done.Done)

		s.RunJobs(t)
		got := s.Get(t, o.ID)
		require.Equal(t, int64(1), got.Lines[0].ShortQuantity, "SKU-000 waits for stock: no other warehouse")
		require.Equal(t, int64(1), got.Lines[1].CancelledQuantity, "SKU-003 is cancel_short")
		require.Equal(t, got.Lines[1].TotalMinor, got.RefundDueMinor)
		events := s.EventTypes(t, o.ID)
		require.Contains(t, events, "order.lost_in_packing")
		require.Contains(t, events, "order.units_cancelled")
		s.reconciled()
	})
}

// Goods of an order cancelled at the pack station go back to stock: the
// parcels are cancelled, a packed parcel's carton is back on the shelf, the
// picked units become put-away tasks.
func TestCancelAtThePackStation(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		o, fid, _ := s.picked("X1", flowtest.Line("SKU-000", 1), flowtest.Line("SKU-001", 1))
		r, err := s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s1", Item: "SKU-000"})
		require.NoError(t, err)
		_, err = s.Packing.Close(as(ann), r.Parcel, pack.CloseParcel{ScanID: "c1", Carton: "M", WeightG: 800})
		require.NoError(t, err)
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s2", Item: "SKU-001"})
		require.NoError(t, err)
		require.Equal(t, int64(9), s.count(`SELECT on_hand FROM cartons WHERE code = 'M'`))

		_, err = s.Orders.Cancel(as(chief), o.ID, "customer changed their mind")
		require.NoError(t, err)
		require.Equal(t, int64(10), s.count(`SELECT on_hand FROM cartons WHERE code = 'M'`), "the carton is unpacked")
		require.Zero(t, s.count(`SELECT count(*) FROM parcels WHERE fulfilment_id = $1 AND status <> 'cancelled'`, fid))
		require.Equal(t, int64(2), s.count(`SELECT count(*) FROM putaway_tasks WHERE fulfilment_id = $1`, fid))
		st, err := s.Packing.Station(as(ann), fid)
		require.NoError(t, err)
		require.Equal(t, "cancelled", st.Status)
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s3", Item: "SKU-001"})
		require.True(t, errs.Is(err, errs.Conflict))
		s.reconciled()
	})
}

// A unit swapped on the floor (another item in the tote in its place) is
// written off as lost for the order, which follows its shortage policy,
// and the wrong item goes back to stock in the bin the supervisor names.
func TestASwappedUnitGoesBackToStock(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		o, fid, _ := s.picked("W1", flowtest.Line("SKU-000", 2))
		onHand := func(sku string) int64 {
			return s.count(`SELECT b.on_hand FROM stock_balances b JOIN products p ON p.id = b.product_id WHERE p.sku = $1`, sku)
		}
		before := onHand("SKU-002")
		_, err := s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "w", Item: "SKU-002"})
		require.Equal(t, "item wrong_item", fieldOf(err), "the packer sets it aside")
		for _, c := range []struct {
			in   pack.Problem
			want string
		}{
			{pack.Problem{ScanID: "x", Item: "SKU-000", Kind: "swapped", Bin: "A-01-01-1"}, "found required"},
			{pack.Problem{ScanID: "x", Item: "SKU-000", Kind: "swapped", Found: "SKU-002"}, "bin required"},
			{pack.Problem{ScanID: "x", Item: "SKU-000", Kind: "swapped", Found: "SKU-000", Bin: "A-01-01-1"}, "found same_item"},
			{pack.Problem{ScanID: "x", Item: "SKU-000", Kind: "swapped", Found: "NOPE", Bin: "A-01-01-1"}, "found unknown_value"},
			{pack.Problem{ScanID: "x", Item: "SKU-000", Kind: "swapped", Found: "SKU-002", Bin: "Z-99"}, "bin unknown_value"},
		} {
			_, err := s.Packing.Resolve(as(chief), fid, c.in)
			require.Equal(t, c.want, fieldOf(err))
		}
		require.Equal(t, before, onHand("SKU-002"), "refusals move nothing")

		st, err := s.Packing.Resolve(as(chief), fid, pack.Problem{ScanID: "x", Item: "SKU-000", Kind: "swapped", Found: "SKU-002",
			Bin: "a-01-01-1"})
		require.NoError(t, err)
		require.Equal(t, int64(1), st.Left)
		require.Equal(t, before+1, onHand("SKU-002"), "the wrong item is back in stock")
		require.Equal(t, int64(1), s.count(`SELECT count(*) FROM stock_entries e JOIN products p ON p.id = e.product_id
			WHERE p.sku = 'SKU-002' AND e.kind = 'adjust' AND e.reason = 'found' AND e.on_hand_delta = 1 AND e.reference = $1`, fid))
		require.Contains(t, s.EventTypes(t, o.ID), "order.lost_in_packing")
		s.reconciled()
	})
}
