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
	"github.com/waybill/waybill/internal/ship/carrier/sim"
)

// TestReturnLabelExternalCarrier books a return with an external carrier
// (the simulated one over HTTP): the answer lost to a timeout is retried
// with the same idempotency key into one booking at the carrier; a carrier
// down past its retries is a 503 that records nothing; voiding the return
// tells the carrier, and the next return is a new booking there.
func TestReturnLabelExternalCarrier(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		carrier, client := simway(t, clk)
		k := newDock(t, d, clk, client)
		ctx := flowtest.As(flowtest.Packer)
		_, fid := k.Packed(t, "EAST", "M", "X1", flowtest.Line("SKU-000", 1))
		sh, err := k.Shipping.Book(ctx, fid, ship.BookRequest{Service: "simway:ground"})
		require.NoError(t, err)
		require.Len(t, carrier.Shipments(), 1)

		carrier.Inject(sim.Fault{Status: 503}, sim.Fault{Status: 500}, sim.Fault{Status: 502})
		_, err = k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{})
		require.True(t, errs.Is(err, errs.Unavailable), "%v", err)
		require.Zero(t, k.count(`SELECT count(*) FROM return_shipments`), "a carrier down records nothing")

		carrier.Inject(sim.Fault{Delay: time.Second}) // the booking is made; its answer is lost
		r, err := k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{})
		require.NoError(t, err)
		require.Len(t, carrier.Shipments(), 2, "the retry is the same booking")
		booked := carrier.Shipments()[1]
		require.Equal(t, booked.ID, r.CarrierShipmentID)
		require.Equal(t, booked.TrackingNumbers, []string{r.Parcels[0].TrackingNumber})
		require.Equal(t, "simway", r.Carrier)
		require.Positive(t, r.PriceMinor, "what the carrier charges")
		again, err := k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{})
		require.NoError(t, err)
		require.Equal(t, r.ID, again.ID)
		require.Len(t, carrier.Shipments(), 2, "asking again books nothing")
		zpl, _, err := k.Shipping.ReturnLabels(ctx, sh.ID, ship.FormatZPL, 1)
		require.NoError(t, err)
		require.Contains(t, string(zpl), r.Parcels[0].TrackingNumber)

		voided, err := k.Shipping.VoidReturn(ctx, sh.ID)
		require.NoError(t, err)
		require.Equal(t, ship.StatusVoided, voided.Status)
		require.Equal(t, "voided", carrier.Shipments()[1].Status, "the carrier was told")
		require.Equal(t, "booked", carrier.Shipments()[0].Status, "the outbound shipment is untouched")
		fresh, err := k.Shipping.ReturnLabel(ctx, sh.ID, ship.ReturnRequest{})
		require.NoError(t, err)
		require.NotEqual(t, r.ID, fresh.ID)
		require.Len(t, carrier.Shipments(), 3, "a new attempt after the void")
	})
}
