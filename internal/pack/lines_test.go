package pack_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/pack"
)

// An order's parcels tell what they carry of it by line (one parcel, or
// all of them), and what each warehouse packed of each line, counting
// only parcels closed and packed: a parcel still open at the station has
// sent nothing yet.
func TestWhatAnOrdersParcelsCarryByLine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		o, fid := s.Packed(t, "EAST", "M", "LN1", flowtest.Line("SKU-002", 2), flowtest.Line("SKU-000", 1))
		st, err := s.Packing.Station(as(ann), fid)
		require.NoError(t, err)
		require.Len(t, st.Parcels, 1)
		parcel, wh := st.Parcels[0].ID, o.Fulfilments[0].WarehouseID
		l1, l2 := o.Lines[0], o.Lines[1]

		open, openFid, _ := s.picked("LN2", flowtest.Line("SKU-001", 1))
		_, err = s.Packing.Scan(as(ann), openFid, pack.ItemScan{ScanID: "ln2", Item: "SKU-001", Quantity: 1})
		require.NoError(t, err)

		lines := []pack.LineUnits{{LineNo: l1.LineNo, ProductID: l1.ProductID, Quantity: 2}, {LineNo: l2.LineNo, ProductID: l2.ProductID, Quantity: 1}}
		packed := []pack.PackedUnits{{LineNo: l1.LineNo, WarehouseID: wh, Units: 2}, {LineNo: l2.LineNo, WarehouseID: wh, Units: 1}}
		for _, p := range []string{parcel, ""} {
			got, by := readLines(t, d, o.ID, p)
			require.Equal(t, lines, got, "parcel %q", p)
			require.Equal(t, packed, by, "parcel %q", p)
		}
		got, by := readLines(t, d, open.ID, "")
		require.Equal(t, []pack.LineUnits{{LineNo: open.Lines[0].LineNo, ProductID: open.Lines[0].ProductID, Quantity: 1}}, got)
		require.Empty(t, by, "an open parcel packed nothing yet")
		got, by = readLines(t, d, o.ID, "pcl_missing")
		require.Empty(t, got)
		require.Empty(t, by)
	})
}

// readLines reads pack.LinesOf and pack.PackedBy of an order's parcel.
func readLines(t *testing.T, d *db.DB, orderID, parcelID string) (lines []pack.LineUnits, packed []pack.PackedUnits) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
		var err error
		if lines, err = pack.LinesOf(ctx, tx, orderID, parcelID); err != nil {
			return err
		}
		packed, err = pack.PackedBy(ctx, tx, orderID, parcelID)
		return err
	}))
	return lines, packed
}
