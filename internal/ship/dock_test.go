package ship_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/ship"
)

// TestDockCountsTheLanesAndListsManifests counts a warehouse's labelled
// parcels by lane (staged today, in the lane, not yet) as parcels are
// booked, staged and manifested, and lists the manifests newest first.
func TestDockCountsTheLanesAndListsManifests(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newDock(t, d, clk)
		ctx := flowtest.As(flowtest.Packer)
		_, err := k.Shipping.Dock(ctx, "NOWHERE")
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)
		lanes, err := k.Shipping.Dock(ctx, "east")
		require.NoError(t, err)
		require.Empty(t, lanes)

		_, fid := k.Packed(t, "EAST", "M", "L1", flowtest.Line("SKU-000", 1))
		_, fid2 := k.Packed(t, "EAST", "M", "L2", flowtest.Line("SKU-001", 1))
		sh, err := k.Shipping.Book(ctx, fid, ship.BookRequest{})
		require.NoError(t, err)
		_, err = k.Shipping.Book(ctx, fid2, ship.BookRequest{})
		require.NoError(t, err)
		lanes, err = k.Shipping.Dock(ctx, "EAST")
		require.NoError(t, err)
		require.Equal(t, []ship.Lane{{Carrier: "eastline", NotStaged: 2}}, lanes)

		_, err = k.Shipping.Stage(ctx, ship.StageScan{Parcel: sh.Parcels[0].TrackingNumber, Lane: "EASTLINE"})
		require.NoError(t, err)
		lanes, err = k.Shipping.Dock(ctx, "EAST")
		require.NoError(t, err)
		require.Equal(t, []ship.Lane{{Carrier: "eastline", StagedToday: 1, Staged: 1, NotStaged: 1}}, lanes)
		clk.Advance(24 * time.Hour) // the next day: still in the lane, not staged today
		lanes, err = k.Shipping.Dock(ctx, "EAST")
		require.NoError(t, err)
		require.Equal(t, []ship.Lane{{Carrier: "eastline", Staged: 1, NotStaged: 1}}, lanes)

		m, err := k.Shipping.CloseManifest(ctx, ship.ManifestIn{Warehouse: "EAST", Carrier: "eastline"})
		require.NoError(t, err)
		lanes, err = k.Shipping.Dock(ctx, "EAST")
		require.NoError(t, err)
		require.Equal(t, []ship.Lane{{Carrier: "eastline", NotStaged: 1}}, lanes, "the manifested parcel left the count")
		list, err := k.Shipping.Manifests(ctx, "EAST", 10)
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.Equal(t, ship.ManifestSummary{ID: m.ID, Carrier: "eastline", ShipDate: m.ShipDate, Status: "closed", Parcels: 1,
			CreatedAt: list[0].CreatedAt}, list[0])
		none, err := k.Shipping.Manifests(ctx, "WEST", 10)
		require.NoError(t, err)
		require.Empty(t, none)
	})
}
