package ship_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/ship"
)

// TestBookedParcels reads what the tracking stage follows: a shipment's
// parcels in their order, and a carrier's parcels by tracking number, of
// live shipments only (a voided booking's number matches nothing, nor
// another carrier's, nor a number in another case).
func TestBookedParcels(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newDock(t, d, clk)
		ctx := flowtest.As(flowtest.Packer)
		_, fid := k.Packed(t, "EAST", "M", "B1", flowtest.Line("SKU-000", 1))
		_, fid2 := k.Packed(t, "EAST", "M", "B2", flowtest.Line("SKU-001", 1))
		sh, err := k.Shipping.Book(ctx, fid, ship.BookRequest{})
		require.NoError(t, err)
		voided, err := k.Shipping.Book(ctx, fid2, ship.BookRequest{})
		require.NoError(t, err)
		_, err = k.Shipping.Void(ctx, voided.ID)
		require.NoError(t, err)
		want := ship.BookedParcel{ParcelID: sh.Parcels[0].ParcelID, ShipmentID: sh.ID, FulfilmentID: fid, Carrier: "eastline",
			TrackingNumber: sh.Parcels[0].TrackingNumber, PromisedDate: sh.DeliveryDate}
		require.NotEmpty(t, want.PromisedDate)

		bg := context.Background()
		require.NoError(t, d.Read(bg, func(tx *db.Tx) error {
			got, err := ship.ShipmentParcels(bg, tx, sh.ID)
			require.NoError(t, err)
			require.Equal(t, []ship.BookedParcel{want}, got)
			got, err = ship.ShipmentParcels(bg, tx, "shp_none")
			require.NoError(t, err)
			require.Empty(t, got)

			got, err = ship.BookedParcels(bg, tx, "eastline", []string{want.TrackingNumber, voided.Parcels[0].TrackingNumber, "NONE"})
			require.NoError(t, err)
			require.Equal(t, []ship.BookedParcel{want}, got, "the voided booking's number matches nothing")
			got, err = ship.BookedParcels(bg, tx, "simway", []string{want.TrackingNumber})
			require.NoError(t, err)
			require.Empty(t, got, "another carrier's")
			got, err = ship.BookedParcels(bg, tx, "eastline", []string{"x" + want.TrackingNumber[1:]})
			require.NoError(t, err)
			require.Empty(t, got, "numbers match exactly")
			return nil
		}))
	})
}

// TestCarrierName names a table carrier as its rate data does, and any
// other carrier by its code.
func TestCarrierName(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		newDock(t, d, clk)
		bg := context.Background()
		require.NoError(t, d.Read(bg, func(tx *db.Tx) error {
			name, err := ship.CarrierName(bg, tx, "eastline")
			require.NoError(t, err)
			require.Equal(t, "Eastline Parcel", name)
			name, err = ship.CarrierName(bg, tx, "simway")
			require.NoError(t, err)
			require.Equal(t, "simway", name)
			return nil
		}))
	})
}
