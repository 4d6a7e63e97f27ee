package ship_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/paper/papertest"
	"github.com/waybill/waybill/internal/ship"
)

// TestManifestPDF closes a day of two shipments (three parcels) and
// prints its manifest from the store and over the API: the warehouse's
// address, the carrier by name, both manifest ids, each order, and every
// tracking number scanning off its row; a manifest that does not exist is
// not found, and finance may not print it.
func TestManifestPDF(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newDock(t, d, clk)
		ctx := flowtest.As(flowtest.Packer)
		var tracking, orders []string
		for _, ref := range []string{"M1", "M2"} {
			o, fid := k.Packed(t, "EAST", "M", ref, flowtest.Line("SKU-000", 1), flowtest.Line("SKU-002", 1))
			sh, err := k.Shipping.Book(ctx, fid, ship.BookRequest{})
			require.NoError(t, err)
			for _, p := range sh.Parcels {
				_, err = k.Shipping.Stage(ctx, ship.StageScan{Parcel: p.TrackingNumber, Lane: "EASTLINE"})
				require.NoError(t, err)
				tracking = append(tracking, p.TrackingNumber)
			}
			orders = append(orders, o.Number)
		}
		m, err := k.Shipping.CloseManifest(ctx, ship.ManifestIn{Warehouse: "EAST", Carrier: "eastline"})
		require.NoError(t, err)
		require.Len(t, m.Parcels, len(tracking))

		pdf, err := k.Shipping.ManifestPDF(ctx, m.ID)
		require.NoError(t, err)
		text := papertest.Text(t, pdf)
		for _, want := range append([]string{"End-of-day manifest 日终交接清单", "Manifest 清单号 " + m.ID, m.CarrierManifestID,
			"Carrier 承运商 Eastline Parcel", "Ship date 发货日期 " + m.ShipDate, "From 发货仓库 EAST · Site EAST, 1 Dock St, NEWARK, NJ 07105",
			"Page 1 of 1", "司机签收", "Parcels 件数 " + strconv.Itoa(len(tracking))}, orders...) {
			require.Contains(t, text, want)
		}
		const dpi = 200
		pages := papertest.Pages(t, pdf, dpi)
		require.Len(t, pages, 1)
		id, err := papertest.Code128(pages[0], dpi, papertest.Rect{X: 108, Y: 2, W: 100, H: 15})
		require.NoError(t, err)
		require.Equal(t, m.ID, id)
		scanned := map[string]bool{}
		for y := 40.0; y < 285; y += 3 {
			if s, err := papertest.Code128(pages[0], dpi, papertest.Rect{X: 52, Y: y, W: 154, H: 10}); err == nil {
				scanned[s] = true
			}
		}
		for _, tr := range tracking {
			require.True(t, scanned[tr], "tracking %s scans off the manifest: %v", tr, scanned)
		}
		again, err := k.Shipping.ManifestPDF(ctx, m.ID)
		require.NoError(t, err)
		require.Equal(t, pdf, again, "printing again is the same document")
		_, err = k.Shipping.ManifestPDF(ctx, "man_nope")
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)

		srv := apitest.New(t, d, func(api *httpapi.API) { ship.Register(api, k.Shipping) })
		res := srv.Do(actor.Warehouse, http.MethodGet, "/v1/manifests/"+m.ID+"/pdf", "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		require.Equal(t, "application/pdf", res.Type)
		require.Equal(t, string(pdf), res.Raw)
		require.Equal(t, http.StatusForbidden, srv.Do(actor.Finance, http.MethodGet, "/v1/manifests/"+m.ID+"/pdf", "").Status)
		require.Equal(t, http.StatusNotFound, srv.Do(actor.Warehouse, http.MethodGet, "/v1/manifests/man_nope/pdf", "").Status)
		long := srv.Do(actor.Warehouse, http.MethodGet, "/v1/manifests/"+strings.Repeat("m", 41)+"/pdf", "")
		require.Equal(t, http.StatusUnprocessableEntity, long.Status, long.Raw)

		// A carrier's tracking number no Code 128 carries (a space): the
		// parcel is named, nothing half printed.
		require.NoError(t, k.DB.Write(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE shipment_parcels SET tracking_number = 'EE 1' WHERE tracking_number = $1`, tracking[1])
			return err
		}))
		bad := srv.Do(actor.Warehouse, http.MethodGet, "/v1/manifests/"+m.ID+"/pdf", "")
		require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
		require.Equal(t, []string{"parcels[1].tracking invalid_format"}, bad.Fields)
	})
}
