package pack_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/paper/papertest"
	"github.com/waybill/waybill/internal/pick"
)

// fieldOf is the first field error's path and code.
func fieldOf(err error) string {
	f := errs.FieldsOf(err)
	if len(f) == 0 {
		return ""
	}
	return f[0].Path + " " + f[0].Code
}

// TestPackAFulfilment walks a fulfilment through the pack station with
// every wrong scan a packer makes: each refused at its field with nothing
// recorded; a parcel weighing off is held and packs when weighed right;
// the last parcel packs the fulfilment, frees its tote and tells the order.
func TestPackAFulfilment(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		o, fid, tote := s.picked("P1", flowtest.Line("SKU-000", 2), flowtest.Line("SKU-001", 1))
		st, err := s.Packing.Find(as(ann), "EAST", tote)
		require.NoError(t, err)
		require.Equal(t, fid, st.FulfilmentID)
		require.NotNil(t, st.Suggested, "the cartonizer suggests cartons")
		require.Len(t, st.Suggested.Parcels, 1, "three cubes go in one carton")
		require.Equal(t, "M", st.Suggested.Parcels[0].Carton, "the cheapest carton they fit in")
		require.NotEmpty(t, st.Suggested.Parcels[0].Explanation.Tried)
		require.Equal(t, []string{o.Number}, st.Orders)
		require.Equal(t, int64(3), st.Left)
		_, err = s.Packing.Find(as(ann), "EAST", "T-NOPE")
		require.Equal(t, "code unknown_value", fieldOf(err))

		scans := func() int64 { return s.count(`SELECT count(*) FROM pack_scans WHERE fulfilment_id = $1`, fid) }
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "w", Item: "SKU-002"})
		require.Equal(t, "item wrong_item", fieldOf(err))
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "w", Item: "NOT-A-THING"})
		require.Equal(t, "item unknown_value", fieldOf(err))
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "w", Item: "SKU-000", Quantity: 3})
		require.Equal(t, "quantity out_of_range", fieldOf(err))
		require.Zero(t, scans(), "refused scans record nothing")

		r1, err := s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s1", Item: "sku-000"})
		require.NoError(t, err)
		require.Len(t, r1.Station.Parcels, 1)
		p1 := r1.Station.Parcels[0]
		require.True(t, pack.ValidSSCC(p1.SSCC), p1.SSCC)
		again, err := s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s1", Item: "sku-000"})
		require.NoError(t, err)
		require.True(t, again.Replayed)
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s1", Item: "SKU-001"})
		require.Equal(t, "scan_id duplicate", fieldOf(err))
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s2", Item: "SKU-000"})
		require.NoError(t, err)
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s3", Item: "SKU-000"})
		require.Equal(t, "item extra_unit", fieldOf(err))
		require.Equal(t, int64(2), scans())

		for _, c := range []struct{ carton, want string }{{"NOPE", "carton unknown_value"}, {"S", "carton too_small"},
			{"C150", "carton too_small"}} { // two cubes fit by volume, not in space
			_, err = s.Packing.Close(as(ann), p1.ID, pack.CloseParcel{ScanID: "c0", Carton: c.carton, WeightG: 1300})
			require.Equal(t, c.want, fieldOf(err), c.carton)
		}
		held, err := s.Packing.Close(as(ann), p1.ID, pack.CloseParcel{ScanID: "c1", Carton: "M", WeightG: 1500})
		require.NoError(t, err)
		require.True(t, held.Held, "1500 g against 1300 g (± 65 g)")
		require.Equal(t, pack.ParcelHeld, held.Parcel.Status)
		require.Contains(t, held.Parcel.Note, "should weigh 1300 g")
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s4", Item: "SKU-001"})
		require.Equal(t, "item parcel_held", fieldOf(err))
		ok, err := s.Packing.Close(as(ann), p1.ID, pack.CloseParcel{ScanID: "c2", Carton: "M", WeightG: 1320})
		require.NoError(t, err)
		require.False(t, ok.Held)
		require.False(t, ok.Done, "one unit is left")
		require.Equal(t, pack.ParcelPacked, ok.Parcel.Status)
		require.Equal(t, [3]int64{262, 262, 262}, [3]int64{ok.Parcel.LengthMM, ok.Parcel.WidthMM, ok.Parcel.HeightMM})
		require.Equal(t, int64(9), s.count(`SELECT on_hand FROM cartons WHERE code = 'M'`))
		require.Contains(t, string(ok.Parcel.Explanation), `"fill"`, "the cartonizer's finding is kept with the parcel")

		r2, err := s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s5", Item: "SKU-001"})
		require.NoError(t, err)
		require.Len(t, r2.Station.Parcels, 2)
		p2 := r2.Station.Parcels[1]
		require.NotEqual(t, p1.SSCC, p2.SSCC)
		done, err := s.Packing.Close(as(ann), p2.ID, pack.CloseParcel{ScanID: "c3", Carton: "S", WeightG: 610})
		require.NoError(t, err)
		require.True(t, done.Done)
		require.Equal(t, "packed", done.Station.Status)
		require.Empty(t, done.Station.Tote, "the tote is free")
		require.Contains(t, s.EventTypes(t, o.ID), "order.packed")
		_, err = s.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s6", Item: "SKU-001"})
		require.True(t, errs.Is(err, errs.Conflict), "nothing to pack: %v", err)

		// The invoice was numbered when the fulfilment was packed; the slip
		// carries the order number as a barcode.
		invoice, err := s.Packing.CommercialInvoice(as(ann), fid)
		require.NoError(t, err)
		text := papertest.Text(t, invoice)
		require.Contains(t, text, fmt.Sprintf("INV-%d-000001", time.Now().UTC().Year()))
		require.Contains(t, text, o.Number)
		require.Contains(t, text, "商业发票")
		slip, err := s.Packing.PackingSlip(as(ann), fid)
		require.NoError(t, err)
		require.Contains(t, papertest.Text(t, slip), "SKU-001")
		s.reconciled()
	})
}

// A put wall's slot label opens the pack station on the order sorted into
// that slot.
func TestAPutWallSlotOpensThePackStation(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		a := s.ReleasedOrder(t, "PW1", flowtest.Line("SKU-000", 1))
		b := s.ReleasedOrder(t, "PW2", flowtest.Line("SKU-000", 1))
		w, err := s.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST", Strategy: pick.PutWall, CartTotes: 12})
		require.NoError(t, err)
		require.Len(t, w.Tasks, 1)
		task, err := s.Floor.Claim(as(ann), w.Tasks[0].ID)
		require.NoError(t, err)
		_, err = s.Floor.Pick(as(ann), task.ID, pick.Scan{ScanID: "bulk", Bin: task.Next.Bin, Item: "SKU-000", Quantity: 2, Tote: "BULK-1"})
		require.NoError(t, err)
		slots := map[int]string{}
		for i := range 2 {
			where, err := s.Floor.Sort(as(bob), task.ID, pick.SortScan{ScanID: fmt.Sprint("q", i), Item: "SKU-000"})
			require.NoError(t, err)
			_, err = s.Floor.Sort(as(bob), task.ID, pick.SortScan{ScanID: fmt.Sprint("s", i), Item: "SKU-000", Slot: fmt.Sprint(where.Slot)})
			require.NoError(t, err)
			slots[where.Slot] = where.Fulfilment
		}
		require.Len(t, slots, 2)
		for slot, fid := range slots {
			st, err := s.Packing.Find(as(ann), "EAST", fmt.Sprintf("w-%02d", slot))
			require.NoError(t, err)
			require.Equal(t, fid, st.FulfilmentID, "slot %d", slot)
			require.Contains(t, []string{a.Number, b.Number}, st.Orders[0])
		}
		_, err = s.Packing.Find(as(ann), "EAST", "W-09")
		require.Equal(t, "code unknown_value", fieldOf(err))
	})
}
