package track_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// Shuffled event streams with 30 % repeats, in batches of random sizes:
// every event is kept once, every parcel ends delivered, its step never
// goes back between batches, and each effect happens exactly once (one
// order.delivered per order, at most one out-for-delivery entry per parcel,
// one fulfilment.delivered per fulfilment).
func TestShuffledDuplicateStreamsApplyOnceAndNeverBackwards(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		rnd := rand.New(rand.NewPCG(7, 14))
		orders := map[string]string{} // tracking -> order
		var stream []ship.TrackingEvent
		unique := 0
		for i := range 6 {
			oid, tr := k.ship(fmt.Sprintf("S%d", i), fmt.Sprintf("SKU-%03d", i%4))
			orders[tr] = oid
			evs := journey(tr, monday)
			unique += len(evs)
			stream = append(stream, evs...)
		}
		for _, e := range stream[:unique] {
			if rnd.Float64() < 0.3 {
				stream = append(stream, e)
			}
		}
		rnd.Shuffle(len(stream), func(i, j int) { stream[i], stream[j] = stream[j], stream[i] })

		last := map[string]track.History{}
		seen := 0
		for len(stream) > 0 {
			n := min(len(stream), 1+rnd.IntN(7))
			res := k.ingest(stream[:n]...)
			seen += res.New
			stream = stream[n:]
			for tr := range orders {
				h, err := k.Tracking.ParcelHistory(context.Background(), tr)
				require.NoError(t, err)
				if prev, ok := last[tr]; ok {
					require.False(t, prev.StatusAt.After(h.StatusAt) && !track.Final(prev.Status), "%s went back: %s -> %s", tr, prev.Status, h.Status)
					if track.Final(prev.Status) {
						require.Equal(t, prev.Status, h.Status, "%s left %s", tr, prev.Status)
					}
				}
				last[tr] = h
			}
		}
		require.Equal(t, unique, seen, "each event new exactly once")
		require.Equal(t, unique, k.count(`SELECT count(*) FROM tracking_events`))
		for tr, oid := range orders {
			require.Equal(t, ship.TrackDelivered, k.status(tr))
			o := k.Get(t, oid)
			require.Equal(t, order.Delivered, o.Status)
			require.Equal(t, fulfilment.Delivered, o.Fulfilments[0].Status)
			require.Equal(t, 1, k.count(`SELECT count(*) FROM order_events WHERE order_id = $1 AND type = 'order.delivered'`, oid))
			require.LessOrEqual(t, k.count(`SELECT count(*) FROM order_events WHERE order_id = $1 AND type = 'order.out_for_delivery'`, oid), 1)
			require.Equal(t, 1, k.count(`SELECT count(*) FROM fulfilment_events WHERE fulfilment_id = $1 AND type = 'fulfilment.delivered'`,
				o.Fulfilments[0].ID))
		}
		again := k.ingest(journey(firstKey(orders), monday)...)
		require.Equal(t, track.Result{Received: 5, Duplicates: 5, Unknown: []string{}}, again, "a replay of everything changes nothing")
	})
}

func firstKey(m map[string]string) string {
	for k := range m {
		return k
	}
	return ""
}

// A webhook and a poll delivering the same events at the same moment:
// each event is kept once and the order is delivered once, on both
// databases (PostgreSQL's row locks, SQLite's one writer).
func TestWebhookAndPollRacingApplyOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		var trs []string
		var oids []string
		for i := range 3 {
			oid, tr := k.ship(fmt.Sprintf("R%d", i), "SKU-001")
			trs, oids = append(trs, tr), append(oids, oid)
		}
		var all []ship.TrackingEvent
		for _, tr := range trs {
			all = append(all, journey(tr, monday)...)
		}
		var wg sync.WaitGroup
		results := make([]track.Result, 4)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				evs := append([]ship.TrackingEvent(nil), all...)
				rand.New(rand.NewPCG(uint64(i), 1)).Shuffle(len(evs), func(a, b int) { evs[a], evs[b] = evs[b], evs[a] })
				src := track.FromWebhook
				if i%2 == 1 {
					src = track.FromPoll
				}
				res, err := k.Tracking.Ingest(context.Background(), "eastline", src, evs)
				assert.NoError(t, err)
				results[i] = res
			}()
		}
		wg.Wait()
		newTotal := 0
		for _, r := range results {
			newTotal += r.New
		}
		require.Equal(t, len(all), newTotal, "every event new in exactly one delivery")
		for _, oid := range oids {
			require.Equal(t, order.Delivered, k.Get(t, oid).Status)
			require.Equal(t, 1, k.count(`SELECT count(*) FROM order_events WHERE order_id = $1 AND type = 'order.delivered'`, oid))
		}
	})
}

// Events of unknown parcels are listed and not kept; malformed events are
// refused whole, each field named, and nothing is written.
func TestIngestRefusesBadEventsAndNamesUnknownParcels(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		_, tr := k.ship("U1", "SKU-000")
		res := k.ingest(ev("x1", "NOPE123", ship.TrackInTransit, monday), ev("x2", tr, ship.TrackInTransit, monday.Add(time.Hour)))
		require.Equal(t, []string{"NOPE123"}, res.Unknown)
		require.Equal(t, 1, res.New)

		bad := []ship.TrackingEvent{
			{EventID: "", TrackingNumber: tr, Status: ship.TrackInTransit, OccurredAt: monday},
			{EventID: "b2", TrackingNumber: tr, Status: "teleported", OccurredAt: monday},
			{EventID: "b3", TrackingNumber: tr, Status: ship.TrackException, Reason: "aliens", OccurredAt: monday},
			{EventID: "b4", TrackingNumber: tr, Status: ship.TrackInTransit},
			{EventID: "b5", TrackingNumber: "A B", Status: ship.TrackInTransit, OccurredAt: monday},
			{EventID: "b6", TrackingNumber: tr, Status: ship.TrackDelivered, OccurredAt: monday, CODCollected: 5},
		}
		_, err := k.Tracking.Ingest(context.Background(), "eastline", track.FromAPI, bad)
		var fields []string
		for _, f := range errs.FieldsOf(err) {
			fields = append(fields, f.Path)
		}
		for _, f := range []string{"events[0].event_id", "events[1].status", "events[2].reason", "events[3].occurred_at",
			"events[4].tracking_number", "events[5].cod_currency"} {
			require.Contains(t, fields, f)
		}
		require.Equal(t, 1, k.count(`SELECT count(*) FROM tracking_events`), "nothing of the refused call was kept")
		require.Equal(t, ship.TrackInTransit, k.status(tr))
	})
}
