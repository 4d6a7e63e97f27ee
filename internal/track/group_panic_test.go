package track_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// A panic in a group's transaction, after its calls wrote their events,
// rolls the group back; run again call by call, each call panics alone,
// so every call of the group gets an error and nothing of it is kept. The
// lead passes on: the next Ingest commits.
func TestGroupPanicFailsEveryCallAndPassesTheLead(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		if d.Dialect() == db.Postgres {
			t.Skip("PostgreSQL does not group: each Ingest call commits alone, so there is no group to fail or lead to pass")
		}
		k := newRoute(t, d, clk)
		_, a := k.ship("GP1", "SKU-001")
		_, b := k.ship("GP2", "SKU-002")
		_, c := k.ship("GP3", "SKU-003")
		before := k.status(b)
		held, hold := make(chan struct{}), make(chan struct{})
		var mu sync.Mutex
		var panicked [][]string // the calls of each transaction that panicked
		k.Tracking.InGroupTx(func(calls [][]string) {
			for _, ids := range calls {
				switch {
				case slices.Contains(ids, "hold"):
					close(held)
					<-hold
				case slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, "boom") }):
					mu.Lock()
					panicked = append(panicked, slices.Concat(calls...))
					mu.Unlock()
					panic("boom")
				}
			}
		})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		ingest := func(e ship.TrackingEvent) error {
			_, err := k.Tracking.Ingest(ctx, "eastline", track.FromAPI, []ship.TrackingEvent{e})
			return err
		}

		// The lead's transaction holds while two calls queue behind it:
		// the next group is theirs.
		errs := make([]error, 3)
		var wg sync.WaitGroup
		wg.Go(func() { errs[0] = ingest(ev("hold", a, ship.TrackInTransit, monday.Add(time.Hour))) })
		<-held
		for i, tr := range []string{b, c} {
			wg.Go(func() { errs[i+1] = ingest(ev("boom-"+tr, tr, ship.TrackInTransit, monday.Add(time.Hour))) })
			for k.Tracking.Queued() <= i { // queued in this order
				require.NoError(t, ctx.Err(), "the call never queued")
				time.Sleep(time.Millisecond)
			}
		}
		close(hold)
		wg.Wait()

		require.NoError(t, errs[0])
		for _, err := range errs[1:] {
			require.ErrorContains(t, err, "tracking ingest panicked: boom")
		}
		require.Equal(t, [][]string{{"boom-" + b, "boom-" + c}, {"boom-" + b}, {"boom-" + c}}, panicked,
			"the group panicked whole, then each call alone")
		require.Equal(t, 0, k.count(`SELECT count(*) FROM tracking_events WHERE event_id LIKE 'boom%'`), "nothing of the group kept")
		require.Equal(t, before, k.status(b))
		require.Equal(t, ship.TrackInTransit, k.status(a), "the call before the group committed")

		require.NoError(t, ingest(ev("after", b, ship.TrackInTransit, monday.Add(2*time.Hour))), "the lead passed on")
		require.Equal(t, ship.TrackInTransit, k.status(b))
	})
}
