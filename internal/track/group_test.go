package track_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// Calls committed together answer as if each came alone: a repeat across
// calls is the later call's duplicate, and a call that fails (here a
// source the table refuses) fails alone: the group runs again call by
// call, and nothing of the failed call is kept.
func TestGroupCommitAnswersEachCallAlone(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		_, a := k.ship("G1", "SKU-001")
		_, b := k.ship("G2", "SKU-002")
		ja, jb := journey(a, monday), journey(b, monday)
		ctx := context.Background()

		res, errs := k.Tracking.CommitTogether(ctx, "eastline", []track.Source{track.FromWebhook, track.FromPoll},
			[][]ship.TrackingEvent{ja[:3], append(ja[1:3:3], jb[:2]...)})
		require.NoError(t, errs[0])
		require.NoError(t, errs[1])
		require.Equal(t, track.Result{Received: 3, New: 3, Applied: 3, Unknown: []string{}}, res[0])
		require.Equal(t, track.Result{Received: 4, New: 2, Duplicates: 2, Applied: 2, Unknown: []string{}}, res[1])

		res, errs = k.Tracking.CommitTogether(ctx, "eastline", []track.Source{track.FromAPI, "carrier-pigeon", track.FromAPI},
			[][]ship.TrackingEvent{ja[3:4], jb[2:3], jb[3:4]})
		require.NoError(t, errs[0])
		require.Error(t, errs[1], "the refused source fails its own call")
		require.NoError(t, errs[2])
		require.Equal(t, 1, res[0].New)
		require.Equal(t, 1, res[2].New)
		require.Equal(t, 7, k.count(`SELECT count(*) FROM tracking_events`), "3 + 2 + 1 + 1: nothing of the failed call")
		require.Equal(t, 0, k.count(`SELECT count(*) FROM tracking_events WHERE event_id = $1`, jb[2].EventID))
	})
}

// An event is known by its parcel and the carrier's id for it: a carrier
// numbering each shipment's events 1, 2, 3 has each parcel's event 1 kept
// and applied, and a repeat of either is a duplicate.
func TestEventIDsArePerParcel(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		_, a := k.ship("P1", "SKU-001")
		_, b := k.ship("P2", "SKU-002")
		res := k.ingest(ev("1", a, ship.TrackInTransit, monday.Add(time.Hour)), ev("1", b, ship.TrackOutForDelivery, monday.Add(time.Hour)))
		require.Equal(t, track.Result{Received: 2, New: 2, Applied: 2, Unknown: []string{}}, res)
		require.Equal(t, ship.TrackInTransit, k.status(a))
		require.Equal(t, ship.TrackOutForDelivery, k.status(b))
		res = k.ingest(ev("1", b, ship.TrackOutForDelivery, monday.Add(time.Hour)))
		require.Equal(t, track.Result{Received: 1, Duplicates: 1, Unknown: []string{}}, res)
	})
}

// An event an earlier call of the group sent for a number no parcel has
// is the later call's unknown too, not a duplicate of something kept.
func TestGroupRepeatOfAnUnknownNumberIsUnknown(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		_, a := k.ship("U1", "SKU-001")
		lost := ev("x-1", "NOPE0001", ship.TrackInTransit, monday.Add(time.Hour))
		res, errs := k.Tracking.CommitTogether(context.Background(), "eastline", []track.Source{track.FromAPI, track.FromAPI},
			[][]ship.TrackingEvent{{lost}, {lost, ev("a-1", a, ship.TrackInTransit, monday.Add(time.Hour))}})
		require.NoError(t, errs[0])
		require.NoError(t, errs[1])
		require.Equal(t, track.Result{Received: 1, Unknown: []string{"NOPE0001"}}, res[0])
		require.Equal(t, track.Result{Received: 2, New: 1, Applied: 1, Unknown: []string{"NOPE0001"}}, res[1])
	})
}

// An Ingest made in a request's transaction (an idempotent request, which
// holds SQLite's one writer) commits with the request and alone, while
// other callers' groups come and go: it neither waits for a group that
// needs the writer it holds, nor lets other callers' events ride on a
// transaction the request may roll back.
func TestIngestInARequestTransactionWhileGroupsRun(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		var trs []string
		for i := range 4 {
			_, tr := k.ship(fmt.Sprintf("Q%d", i), "SKU-001")
			trs = append(trs, tr)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		for i, tr := range trs[1:] {
			wg.Go(func() {
				for j := range 40 {
					e := ev(fmt.Sprintf("bg-%d-%d", i, j), tr, ship.TrackInTransit, monday.Add(time.Duration(j+1)*time.Minute))
					_, err := k.Tracking.Ingest(ctx, "eastline", track.FromAPI, []ship.TrackingEvent{e})
					assert.NoError(t, err)
				}
			})
		}
		for j := range 20 {
			rollback := j%2 == 1
			err := d.Within(ctx, func(ctx context.Context, tx *db.Tx) error {
				res, err := k.Tracking.Ingest(ctx, "eastline", track.FromAPI,
					[]ship.TrackingEvent{ev(fmt.Sprintf("req-%d", j), trs[0], ship.TrackInTransit, monday.Add(time.Duration(j+1)*time.Minute))})
				if err != nil {
					return err
				}
				assert.Equal(t, 1, res.New)
				if rollback {
					return errors.New("the request failed after")
				}
				return nil
			})
			require.Equal(t, rollback, err != nil, "%v", err)
		}
		wg.Wait()
		require.NoError(t, ctx.Err(), "nothing waited for ever")
		require.Equal(t, 10, k.count(`SELECT count(*) FROM tracking_events WHERE event_id LIKE 'req-%'`), "the rolled-back requests kept nothing")
		require.Equal(t, 120, k.count(`SELECT count(*) FROM tracking_events WHERE event_id LIKE 'bg-%'`))
	})
}
