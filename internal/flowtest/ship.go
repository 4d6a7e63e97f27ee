package flowtest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship"
)

// Shipped is Packed, then booked (the carriers' rate shopping), staged in
// its carrier's lane, closed on the day's manifest and handed to the
// driver: a fulfilment with its carrier, tracked from here. The warehouse
// needs a carrier that serves the order's address.
func (r *Rig) Shipped(t testing.TB, wh, carton, ref string, lines ...order.LineInput) (order.Order, ship.Shipment) {
	t.Helper()
	o, fid := r.Packed(t, wh, carton, ref, lines...)
	ctx := As(Packer)
	sh, err := r.Shipping.Book(ctx, fid, ship.BookRequest{})
	require.NoError(t, err)
	var scans []string
	for _, p := range sh.Parcels {
		_, err := r.Shipping.Stage(ctx, ship.StageScan{Parcel: p.TrackingNumber, Lane: strings.ToUpper(sh.Carrier)})
		require.NoError(t, err)
		scans = append(scans, p.TrackingNumber)
	}
	m, err := r.Shipping.CloseManifest(ctx, ship.ManifestIn{Warehouse: wh, Carrier: sh.Carrier})
	require.NoError(t, err)
	rep, err := r.Shipping.Handover(ctx, m.ID, ship.HandoverIn{Scans: scans})
	require.NoError(t, err)
	require.Contains(t, rep.Shipped, fid)
	sh, err = r.Shipping.Shipment(ctx, sh.ID)
	require.NoError(t, err)
	return r.Get(t, o.ID), sh
}
