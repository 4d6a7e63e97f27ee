package ship_test

import (
	"net/http"
	"strings"
	"sync"
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
	"github.com/waybill/waybill/internal/ship/carrier/table"
)

// TestReturnLabel books a return for a labelled shipment with its table
// carrier: priced as the outbound lane, its own tracking number, the label
// printed from what is stored (the tracking number scans back, it says
// RETURN, the customer sends it to the warehouse). Asking again is the
// same return, also once the shipment is handed over; voided, it prints
// nothing and the next request books a new one.
func TestReturnLabel(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newDock(t, d, clk)
		ctx := flowtest.As(flowtest.Packer)
		o, fid := k.Packed(t, "EAST", "M", "R1", flowtest.Line("SKU-000", 2))
		sh, err := k.Shipping.Book(ctx, fid, ship.BookRequest{Service: "eastline:ground"})
		require.NoError(t, err)

		r, err := k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{})
		require.NoError(t, err)
		require.Equal(t, ship.StatusLabelled, r.Status)
		require.Equal(t, "eastline ground", r.Carrier+" "+r.Service, "the shipment's carrier and service")
		require.Equal(t, sh.PriceMinor, r.PriceMinor, "the reverse lane costs the outbound one")
		require.Len(t, r.Parcels, 1)
		tn := r.Parcels[0].TrackingNumber
		require.True(t, table.ValidS10(tn), tn)
		require.NotEqual(t, sh.Parcels[0].TrackingNumber, tn, "a tracking number of its own")
		require.Equal(t, sh.Parcels[0].ParcelID, r.Parcels[0].ParcelID)
		require.Equal(t, "MOUNTAIN VIEW", strings.ToUpper(r.Sender.City), "the customer sends it")
		require.Equal(t, "Site EAST, Newark", r.Recipient.Company+", "+r.Recipient.City, "to the warehouse")
		require.Contains(t, k.EventTypes(t, o.ID), "order.return_labelled")

		pdf, ct, err := k.Shipping.ReturnLabels(ctx, sh.ID, ship.FormatPDF, 1)
		require.NoError(t, err)
		require.Equal(t, "application/pdf", ct)
		const dpi = 300
		pages := papertest.Pages(t, pdf, dpi)
		require.Len(t, pages, 1)
		bars, err := papertest.Code128(pages[0], dpi, papertest.Rect{X: 0, Y: 113, W: 101.6, H: 24})
		require.NoError(t, err)
		require.Equal(t, tn, bars)
		text := papertest.Text(t, pdf)
		require.Contains(t, text, "RETURN")
		require.Contains(t, text, o.Number)
		require.Contains(t, text, "Site EAST")
		require.NotContains(t, text, "SHIP TO")
		zpl, zct, err := k.Shipping.ReturnLabels(ctx, sh.ID, ship.FormatZPL, 0)
		require.NoError(t, err)
		require.Equal(t, "application/zpl; charset=utf-8", zct)
		require.Contains(t, string(zpl), tn)
		require.Contains(t, string(zpl), "RETURN")
		for _, bad := range []struct {
			format string
			parcel int
			field  string
		}{{ship.FormatPDF, 2, "parcel"}, {ship.FormatPDF, 0, "parcel"}, {ship.FormatZPL, -1, "parcel"}, {"png", 1, "format"}} {
			_, _, err = k.Shipping.ReturnLabels(ctx, sh.ID, bad.format, bad.parcel)
			require.Equal(t, bad.field, errs.FieldsOf(err)[0].Path, "%+v: %v", bad, err)
		}

		serials := k.count(`SELECT coalesce(sum(next), 0) FROM carrier_serials`)
		again, err := k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{Service: "eastline:air"})
		require.NoError(t, err)
		require.Equal(t, r.ID, again.ID, "asking again answers the same return")
		require.Equal(t, tn, again.Parcels[0].TrackingNumber)
		require.Equal(t, serials, k.count(`SELECT coalesce(sum(next), 0) FROM carrier_serials`), "nothing booked again")
		pdf2, _, err := k.Shipping.ReturnLabels(ctx, sh.ID, ship.FormatPDF, 1)
		require.NoError(t, err)
		require.Equal(t, pdf, pdf2, "printing again is the same label")

		// Handed over to the driver, the return is still the same one.
		_, err = k.Shipping.Stage(ctx, ship.StageScan{Parcel: sh.Parcels[0].TrackingNumber, Lane: "LANE-EASTLINE"})
		require.NoError(t, err)
		m, err := k.Shipping.CloseManifest(ctx, ship.ManifestIn{Warehouse: "EAST", Carrier: "eastline"})
		require.NoError(t, err)
		_, err = k.Shipping.Handover(ctx, m.ID, ship.HandoverIn{Scans: []string{sh.Parcels[0].TrackingNumber}})
		require.NoError(t, err)
		got, err := k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{})
		require.NoError(t, err)
		require.Equal(t, r.ID, got.ID)

		voided, err := k.Shipping.VoidReturn(ctx, sh.ID)
		require.NoError(t, err)
		require.Equal(t, ship.StatusVoided, voided.Status)
		twice, err := k.Shipping.VoidReturn(ctx, sh.ID)
		require.NoError(t, err)
		require.Equal(t, voided.ID, twice.ID, "voiding again answers the voided return")
		_, _, err = k.Shipping.ReturnLabels(ctx, sh.ID, ship.FormatPDF, 1)
		require.True(t, errs.Is(err, errs.NotFound), "a voided return prints nothing: %v", err)
		require.Contains(t, k.EventTypes(t, o.ID), "order.return_label_voided")

		_, err = k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{Service: "acme:ground"})
		require.Equal(t, "service unknown_value", errs.FieldsOf(err)[0].Path+" "+errs.FieldsOf(err)[0].Code, "%v", err)
		_, err = k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{Service: "teleport"})
		require.Equal(t, "service", errs.FieldsOf(err)[0].Path, "%v", err)
		fresh, err := k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{Service: "air"})
		require.NoError(t, err)
		require.NotEqual(t, r.ID, fresh.ID, "a new booking after the void")
		require.Equal(t, "air", fresh.Service)
		require.NotEqual(t, tn, fresh.Parcels[0].TrackingNumber)
		require.Equal(t, int64(2), k.count(`SELECT count(*) FROM return_shipments WHERE shipment_id = $1`, sh.ID))
	})
}

// TestReturnLabelAPI drives return labels over HTTP: refusals are the 4xx
// they should be, say why, and book nothing.
func TestReturnLabelAPI(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newDock(t, d, clk)
		ctx := flowtest.As(flowtest.Packer)
		_, fid := k.Packed(t, "EAST", "M", "R2", flowtest.Line("SKU-001", 1))
		sh, err := k.Shipping.Book(ctx, fid, ship.BookRequest{})
		require.NoError(t, err)
		_, err = k.Shipping.Void(ctx, sh.ID)
		require.NoError(t, err)
		_, fid2 := k.Packed(t, "EAST", "M", "R3", flowtest.Line("SKU-002", 1))
		live, err := k.Shipping.Book(ctx, fid2, ship.BookRequest{})
		require.NoError(t, err)
		srv := apitest.New(t, d, func(api *httpapi.API) { ship.Register(api, k.Shipping) })
		snapshot := func() any {
			return [2]int64{k.count(`SELECT count(*) FROM return_shipments`), k.count(`SELECT coalesce(sum(next), 0) FROM carrier_serials`)}
		}
		wh, fin := actor.Warehouse, actor.Finance
		path := func(id string) string { return "/v1/shipments/" + id + "/return-label" }
		srv.Run(t, snapshot, []apitest.Scenario{
			{Name: "no key", Method: http.MethodPost, Path: path(live.ID), Body: `{}`, Status: http.StatusUnauthorized},
			{Name: "finance may not", Role: fin, Method: http.MethodPost, Path: path(live.ID), Body: `{}`, Status: http.StatusForbidden},
			{Name: "no such shipment", Role: wh, Method: http.MethodPost, Path: path("shp_nope"), Body: `{}`, Status: http.StatusNotFound,
				Detail: "no shipment shp_nope: a return label"},
			{Name: "a voided shipment", Role: wh, Method: http.MethodPost, Path: path(sh.ID), Body: `{}`, Status: http.StatusConflict,
				Detail: "is voided"},
			{Name: "another carrier", Role: wh, Method: http.MethodPost, Path: path(live.ID), Body: `{"service": "acme:ground"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"service unknown_value"}},
			{Name: "a long service", Role: wh, Method: http.MethodPost, Path: path(live.ID), Body: `{"service": "` + strings.Repeat("x", 5000) + `"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"service too_long"}},
			{Name: "nothing booked to print", Role: wh, Method: http.MethodGet, Path: "/v1/shipments/" + live.ID + "/return-labels?format=zpl",
				Status: http.StatusNotFound, Detail: "has no return label"},
			{Name: "a bad format", Role: wh, Method: http.MethodGet, Path: "/v1/shipments/" + live.ID + "/return-labels?format=png",
				Status: http.StatusUnprocessableEntity, Fields: []string{"query.format unknown_value"}},
			{Name: "booked", Role: wh, Method: http.MethodPost, Path: path(live.ID), Body: `{}`, Status: http.StatusOK},
			{Name: "printed", Role: wh, Method: http.MethodGet, Path: "/v1/shipments/" + live.ID + "/return-labels?format=zpl&parcel=0",
				Status: http.StatusOK},
		})
		require.Equal(t, int64(1), k.count(`SELECT count(*) FROM return_shipments`))

		// The outbound labels voided after the return was booked: the return
		// is neither answered nor printed, and is voided on its own.
		_, err = k.Shipping.Void(ctx, live.ID)
		require.NoError(t, err)
		_, err = k.Shipping.ReturnLabel(ctx, live.ID, ship.ReturnRequest{})
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)
		_, _, err = k.Shipping.ReturnLabels(ctx, live.ID, ship.FormatZPL, 0)
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)
		r, err := k.Shipping.VoidReturn(ctx, live.ID)
		require.NoError(t, err)
		require.Equal(t, ship.StatusVoided, r.Status)
	})
}

// TestReturnLabelConcurrent asks for one shipment's return from eight
// clerks at once: one return is kept and every clerk gets it.
func TestReturnLabelConcurrent(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newDock(t, d, clk)
		ctx := flowtest.As(flowtest.Packer)
		_, fid := k.Packed(t, "EAST", "M", "C1", flowtest.Line("SKU-003", 1))
		sh, err := k.Shipping.Book(ctx, fid, ship.BookRequest{})
		require.NoError(t, err)
		const clerks = 8
		ids := make([]string, clerks)
		failed := make([]error, clerks)
		var wg sync.WaitGroup
		for i := range clerks {
			wg.Go(func() {
				r, err := k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{})
				ids[i], failed[i] = r.ID, err
			})
		}
		wg.Wait()
		for i := range clerks {
			require.NoError(t, failed[i])
			require.Equal(t, ids[0], ids[i], "every clerk gets the one return")
		}
		require.Equal(t, int64(1), k.count(`SELECT count(*) FROM return_shipments`))
		require.Equal(t, int64(1), k.count(`SELECT count(*) FROM return_parcels`))
		t.Logf("serials drawn: %d (one for the outbound shipment, the rest by return bookings that raced)", k.count(`SELECT coalesce(sum(next), 0) - count(*) FROM carrier_serials`))
	})
}
