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

// An external carrier runs as a real HTTP service (the simulated one,
// speaking its own JSON wire format): a booking whose answer is lost to a
// timeout is retried with the same idempotency key and makes one shipment;
// a carrier down past its retries is a 503 that records nothing, and the
// retry later books the same shipment; voiding calls the carrier; a
// cancelled order's label is voided with the carrier by a job.
func TestExternalCarrier(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		carrier, client := simway(t, clk)
		k := newDock(t, d, clk, client)
		ctx := flowtest.As(flowtest.Packer)
		o, fid := k.Packed(t, "EAST", "M", "E1", flowtest.Line("SKU-000", 1))

		carrier.Inject(sim.Fault{}, sim.Fault{Delay: time.Second}) // the quote answers; the booking's answer is lost
		sh, err := k.Shipping.Book(ctx, fid, ship.BookRequest{Service: "simway:ground"})
		require.NoError(t, err)
		require.Len(t, carrier.Shipments(), 1, "the retry is the same booking")
		require.Equal(t, carrier.Shipments()[0].TrackingNumbers, []string{sh.Parcels[0].TrackingNumber})
		require.Equal(t, "simway", sh.Carrier)

		_, fid2 := k.Packed(t, "EAST", "M", "E2", flowtest.Line("SKU-001", 1))
		carrier.Inject(sim.Fault{}, sim.Fault{Status: 503}, sim.Fault{Status: 500}, sim.Fault{Status: 502})
		_, err = k.Shipping.Book(ctx, fid2, ship.BookRequest{Service: "simway:ground"})
		require.True(t, errs.Is(err, errs.Unavailable), "%v", err)
		require.Zero(t, k.count(`SELECT count(*) FROM shipments WHERE fulfilment_id = $1`, fid2))
		sh2, err := k.Shipping.Book(ctx, fid2, ship.BookRequest{Service: "simway:ground"})
		require.NoError(t, err)
		require.Len(t, carrier.Shipments(), 2)

		ret, err := k.Shipping.ReturnLabel(ctx, sh2.ID, ship.ReturnRequest{})
		require.NoError(t, err)
		require.Len(t, carrier.Shipments(), 3, "the return is a booking of its own")
		voided, err := k.Shipping.Void(ctx, sh2.ID)
		require.NoError(t, err)
		require.Equal(t, ship.StatusVoided, voided.Status)
		require.Equal(t, "voided", carrier.Shipments()[1].Status, "the carrier was told")
		require.Equal(t, "voided", carrier.Shipments()[2].Status, "and of its return label %s", ret.ID)
		again, err := k.Shipping.Book(ctx, fid2, ship.BookRequest{Service: "simway:ground"})
		require.NoError(t, err)
		require.NotEqual(t, sh2.ID, again.ID, "a new attempt after the void")
		require.Len(t, carrier.Shipments(), 4)

		_, err = k.Orders.Cancel(flowtest.As(flowtest.Chief), o.ID, "changed their mind")
		require.NoError(t, err)
		got, err := k.Shipping.Shipment(ctx, sh.ID)
		require.NoError(t, err)
		require.Equal(t, ship.StatusVoided, got.Status)
		k.RunJobs(t)
		require.Equal(t, "voided", carrier.Shipments()[0].Status, "the void job told the carrier")
	})
}
