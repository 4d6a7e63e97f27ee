package console_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// A parcel the carrier now expects later than promised shows both dates
// on its public page, in the customer's language; once delivered, only
// the delivery.
func TestTrackingPageShowsTheCarriersNewDate(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, parcels := shippedInTwo(t, b)
		p := parcels[0]
		promised, err := time.Parse(time.DateOnly, p.PromisedDate)
		require.NoError(t, err)
		later := promised.AddDate(0, 0, 2)
		_, err = b.rig.Tracking.Ingest(actor.With(context.Background(), track.Carrier("eastline")), "eastline", track.FromAPI,
			[]ship.TrackingEvent{{EventID: "late-1", TrackingNumber: p.TrackingNumber, Status: ship.TrackException, Reason: ship.ReasonDelayed,
				OccurredAt: b.clk.Now().Add(time.Hour), EstimatedDelivery: later.Format(time.DateOnly)}})
		require.NoError(t, err)
		br := b.browser(t)
		page := br.get("/track/" + p.Token)
		require.Equal(t, http.StatusOK, page.status, page.body)
		require.Contains(t, page.body, "<dt>Promised delivery</dt><dd>"+promised.Format("Monday, 2 January 2006")+"</dd>")
		require.Contains(t, page.body, "<dt>Now expected</dt><dd>"+later.Format("Monday, 2 January 2006")+"</dd>")
		zh := br.get("/track/" + p.Token + "?lang=zh")
		require.Contains(t, zh.body, "<dt>预计送达</dt>")

		deliver(t, b, p, b.clk.Now().Add(2*time.Hour))
		done := br.get("/track/" + p.Token)
		require.NotContains(t, done.body, "Now expected")
		require.NotContains(t, done.body, "Promised delivery")
	})
}
