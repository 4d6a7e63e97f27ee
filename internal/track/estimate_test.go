package track_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// The carrier's new delivery date comes from its newest event that gives
// one, whatever order the events arrive in and whether or not they move
// the parcel; the delayed notice's facts carry it only when it is later
// than promised; a malformed date is refused at its field.
func TestCarriersNewDateIsTheNewestGiven(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		oid, tr := k.ship("E1", "SKU-001")
		h, err := k.Tracking.ParcelHistory(context.Background(), tr)
		require.NoError(t, err)
		promised, err := time.Parse(time.DateOnly, h.PromisedDate)
		require.NoError(t, err)
		day := func(n int) string { return promised.AddDate(0, 0, n).Format(time.DateOnly) }

		older := ev("e-1", tr, ship.TrackException, monday.Add(time.Hour))
		older.Reason, older.EstimatedDelivery = ship.ReasonDelayed, day(1)
		newer := ev("e-2", tr, ship.TrackInTransit, monday.Add(2*time.Hour))
		newer.EstimatedDelivery = day(3)
		k.ingest(newer)
		k.ingest(older) // late: it moves nothing, and its date is older
		h, err = k.Tracking.ParcelHistory(context.Background(), tr)
		require.NoError(t, err)
		require.Equal(t, day(3), h.EstimatedDate)
		fact, err := k.Tracking.ParcelFact(context.Background(), oid, tr)
		require.NoError(t, err)
		require.Equal(t, day(3), fact.NewEstimate)

		onTime := ev("e-3", tr, ship.TrackInTransit, monday.Add(3*time.Hour))
		onTime.EstimatedDelivery = day(0)
		k.ingest(onTime)
		fact, err = k.Tracking.ParcelFact(context.Background(), oid, tr)
		require.NoError(t, err)
		require.Empty(t, fact.NewEstimate, "back on the promised day: no new date to tell")

		bad := ev("e-4", tr, ship.TrackInTransit, monday.Add(4*time.Hour))
		bad.EstimatedDelivery = "next tuesday"
		_, err = k.Tracking.Ingest(context.Background(), "eastline", track.FromAPI, []ship.TrackingEvent{bad})
		require.True(t, errs.Is(err, errs.Invalid), "%v", err)
		require.Equal(t, "events[0].estimated_delivery", errs.FieldsOf(err)[0].Path)
	})
}
