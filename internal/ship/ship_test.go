package ship_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/paper/papertest"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/table"
)

// TestDispatchAFulfilment takes a packed fulfilment to the carrier: rate
// shopping books one service (the alternatives kept), booking again prints
// the same shipment, the wrong lane is refused, the manifest lists what is
// staged, the handover reports a missing and an extra parcel, and the
// second handover ships it: the fulfilment and the order are shipped, the
// stock leaves the ledger, the customer is told.
func TestDispatchAFulfilment(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newDock(t, d, clk)
		ctx := flowtest.As(flowtest.Packer)
		o, fid := k.Packed(t, "EAST", "M", "D1", flowtest.Line("SKU-000", 2))
		_, fid2 := k.Packed(t, "EAST", "M", "D2", flowtest.Line("SKU-001", 1))

		sh, err := k.Shipping.Book(ctx, fid, ship.BookRequest{})
		require.NoError(t, err)
		require.Equal(t, "eastline", sh.Carrier)
		require.NotNil(t, sh.Choice.Chosen)
		require.Len(t, sh.Choice.Alternatives, 1, "the other service is kept with why it lost")
		require.Len(t, sh.Parcels, 1)
		require.True(t, table.ValidS10(sh.Parcels[0].TrackingNumber), sh.Parcels[0].TrackingNumber)
		// The label, printed from what is stored, scans back: the tracking
		// number as Code 128, the QR code naming it, the address and order.
		pdf, ct, err := k.Shipping.Labels(ctx, sh.ID, ship.FormatPDF, 1)
		require.NoError(t, err)
		require.Equal(t, "application/pdf", ct)
		const dpi = 300
		pages := papertest.Pages(t, pdf, dpi)
		require.Len(t, pages, 1)
		bars, err := papertest.Code128(pages[0], dpi, papertest.Rect{X: 0, Y: 113, W: 101.6, H: 24})
		require.NoError(t, err)
		require.Equal(t, sh.Parcels[0].TrackingNumber, bars)
		qr, err := papertest.QR(pages[0], dpi, papertest.Rect{X: 64, Y: 77, W: 37.6, H: 33.5})
		require.NoError(t, err)
		require.Contains(t, qr, sh.Parcels[0].TrackingNumber)
		text := papertest.Text(t, pdf)
		require.Contains(t, text, o.Number)
		require.Contains(t, text, "MOUNTAIN VIEW")
		zpl, _, err := k.Shipping.Labels(ctx, sh.ID, ship.FormatZPL, 0)
		require.NoError(t, err)
		require.Contains(t, string(zpl), sh.Parcels[0].TrackingNumber)
		_, _, err = k.Shipping.Labels(ctx, sh.ID, ship.FormatPDF, 2)
		require.Equal(t, "parcel", errs.FieldsOf(err)[0].Path)
		_, err = k.Packing.SetPackRules(flowtest.As(flowtest.Chief), "EAST", pack.Rules{TolerancePct: 5, ToleranceG: 50,
			GS1Prefix: pack.DefaultGS1Prefix, LabelFormat: "zpl"})
		require.NoError(t, err)
		_, ct, err = k.Shipping.Labels(ctx, sh.ID, "", 1)
		require.NoError(t, err)
		require.Contains(t, ct, "zpl", "the warehouse's stations print ZPL")
		again, err := k.Shipping.Book(ctx, fid, ship.BookRequest{})
		require.NoError(t, err)
		require.Equal(t, sh.ID, again.ID, "printing again books nothing")
		_, err = k.Shipping.Book(ctx, fid2, ship.BookRequest{Service: "eastline:teleport"})
		require.Equal(t, "service", errs.FieldsOf(err)[0].Path)
		other := "eastline:air"
		if sh.Service == "air" {
			other = "eastline:ground"
		}
		sh2, err := k.Shipping.Book(ctx, fid2, ship.BookRequest{Service: other})
		require.NoError(t, err)
		require.Equal(t, other, sh2.Carrier+":"+sh2.Service, "the packer's choice among the alternatives")

		_, err = k.Shipping.Stage(ctx, ship.StageScan{Parcel: sh.Parcels[0].TrackingNumber, Lane: "LANE-ACME"})
		require.Equal(t, "lane wrong_lane", errs.FieldsOf(err)[0].Path+" "+errs.FieldsOf(err)[0].Code)
		_, err = k.Shipping.Stage(ctx, ship.StageScan{Parcel: "XX000000000XX", Lane: "EASTLINE"})
		require.Equal(t, "parcel", errs.FieldsOf(err)[0].Path)
		_, err = k.Shipping.Stage(ctx, ship.StageScan{Parcel: "00" + sh.Parcels[0].SSCC, Lane: "LANE-EASTLINE"})
		require.NoError(t, err, "the SSCC with its application identifier")
		_, err = k.Shipping.CloseManifest(ctx, ship.ManifestIn{Warehouse: "EAST", Carrier: "nobody"})
		require.True(t, errs.Is(err, errs.Conflict))
		m, err := k.Shipping.CloseManifest(ctx, ship.ManifestIn{Warehouse: "EAST", Carrier: "eastline"})
		require.NoError(t, err)
		require.Len(t, m.Parcels, 1, "the unstaged shipment is left off")
		require.Equal(t, 1, m.NotStaged)
		_, err = k.Shipping.Void(ctx, sh.ID)
		require.True(t, errs.Is(err, errs.Conflict), "on a manifest: %v", err)
		csv, err := k.Shipping.ManifestCSV(ctx, m.ID)
		require.NoError(t, err)
		require.Contains(t, string(csv), sh.Parcels[0].TrackingNumber)
		require.Contains(t, string(csv), o.Number)

		rep, err := k.Shipping.Handover(ctx, m.ID, ship.HandoverIn{Scans: []string{sh2.Parcels[0].TrackingNumber}})
		require.NoError(t, err)
		require.Equal(t, []string{sh.Parcels[0].TrackingNumber}, rep.Missing)
		require.Equal(t, []string{sh2.Parcels[0].TrackingNumber}, rep.Extra, "not on this manifest")
		require.Empty(t, rep.Shipped)
		require.Equal(t, "partial", rep.Manifest.Status)

		picked := func() int64 {
			return k.count(`SELECT b.picked FROM stock_balances b JOIN products p ON p.id = b.product_id WHERE p.sku = 'SKU-000'`)
		}
		require.Equal(t, int64(2), picked())
		rep, err = k.Shipping.Handover(ctx, m.ID, ship.HandoverIn{Scans: []string{" " + sh.Parcels[0].TrackingNumber + " "}})
		require.NoError(t, err)
		require.Equal(t, []string{fid}, rep.Shipped)
		require.Empty(t, rep.Missing)
		require.Equal(t, "handed_over", rep.Manifest.Status)
		require.Zero(t, picked(), "the units left the warehouse")
		got := k.Get(t, o.ID)
		require.Equal(t, order.Shipped, got.Status)
		require.Equal(t, "shipped", string(got.Fulfilments[0].Status))
		require.Equal(t, []string{sh.Parcels[0].TrackingNumber}, got.Fulfilments[0].TrackingNumbers)
		require.Contains(t, k.EventTypes(t, o.ID), "order.shipped")
		require.Equal(t, int64(1), k.count(`SELECT count(*) FROM jobs WHERE kind = 'notify.email' AND payload LIKE '%"shipped"%'`))
		rep2, err := k.Shipping.Handover(ctx, m.ID, ship.HandoverIn{Scans: []string{sh.Parcels[0].TrackingNumber}})
		require.True(t, errs.Is(err, errs.Conflict), "handed over already: %+v %v", rep2, err)

		_, err = k.Orders.Cancel(flowtest.As(flowtest.Chief), o.ID, "too late")
		require.True(t, errs.Is(err, errs.Conflict), "a shipped order is not cancelled: %v", err)
		rep3, err := k.Stock.Reconcile(ctx)
		require.NoError(t, err)
		require.True(t, rep3.OK, "%+v", rep3.Differences)
	})
}
