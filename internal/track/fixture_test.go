package track_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// route is warehouse EAST (Newark) with four products, a carton M and the
// table carrier Eastline serving the whole US: orders shipped from it are
// followed by the tracking stage.
type route struct {
	*flowtest.Rig
	t   *testing.T
	clk *clock.Fixed
}

// monday is when the tests start: a Monday morning in Newark.
var monday = time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)

func newRoute(t *testing.T, d *db.DB, clk *clock.Fixed, carriers ...ship.Carrier) *route {
	r := flowtest.New(t, d, flowtest.Options{Carriers: carriers, Clock: clk})
	r.AddDock(t, r.AddProducts(t, 4), 200, 500)
	return &route{Rig: r, t: t, clk: clk}
}

// ship places, picks, packs and hands over an order of one unit of sku:
// its order id and its parcel's tracking number.
func (k *route) ship(ref, sku string) (orderID, tracking string) {
	k.t.Helper()
	o, sh := k.Shipped(k.t, "EAST", "M", ref, flowtest.Line(sku, 1))
	require.Len(k.t, sh.Parcels, 1)
	return o.ID, sh.Parcels[0].TrackingNumber
}

// ev is an Eastline event.
func ev(id, tracking, status string, at time.Time) ship.TrackingEvent {
	return ship.TrackingEvent{EventID: id, TrackingNumber: tracking, Status: status, OccurredAt: at}
}

// journey is a parcel's usual events, an hour apart from start.
func journey(tracking string, start time.Time) []ship.TrackingEvent {
	steps := []string{ship.TrackPickedUp, ship.TrackInTransit, ship.TrackInTransit, ship.TrackOutForDelivery, ship.TrackDelivered}
	out := make([]ship.TrackingEvent, len(steps))
	for i, s := range steps {
		out[i] = ev(fmt.Sprintf("%s-%d", tracking, i), tracking, s, start.Add(time.Duration(i+1)*time.Hour))
	}
	return out
}

// ingest sends events as Eastline's.
func (k *route) ingest(events ...ship.TrackingEvent) track.Result {
	k.t.Helper()
	res, err := k.Tracking.Ingest(context.Background(), "eastline", track.FromAPI, events)
	require.NoError(k.t, err)
	return res
}

// status is a parcel's status now.
func (k *route) status(tracking string) string {
	k.t.Helper()
	h, err := k.Tracking.ParcelHistory(context.Background(), tracking)
	require.NoError(k.t, err)
	return h.Status
}

// count runs a count(*) query.
func (k *route) count(q string, args ...any) int {
	k.t.Helper()
	var n int
	require.NoError(k.t, k.DB.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), q, args...).Scan(&n)
	}))
	return n
}
