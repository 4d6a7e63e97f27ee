package webhook_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/webhook"
)

// A receiver that fails twice gets the event three times, on the back-off's
// schedule (1 then 2 minutes, nothing before it is due), each time signed
// with the endpoint's secret and the same webhook-id, so it acts once; a
// replay arrives once more with that id and is not acted on again. The log
// shows every attempt, and the endpoint's failure record clears on success.
func TestRetriesFollowTheBackoffAndEffectsHappenOnce(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		ctx := context.Background()
		r := setup(t, d, clk, lab)
		rc := newReceiver(t, clk)
		rc.failFirst = 2
		ep := r.subscribe(t, rc.URL+"/hooks", "order.placed")
		rc.setSecret(ep.Secret)
		o := r.place(t, "wh-retry")
		evs, err := r.Orders.Events(r.Ctx, o.ID)
		require.NoError(t, err)
		require.Equal(t, "order.placed", evs[0].Type)
		placed := evs[0].ID

		r.dispatch(t)
		r.dispatch(t)
		list, err := r.hooks.Deliveries(ctx, webhook.DeliveryFilter{EndpointID: ep.ID, Limit: 10})
		require.NoError(t, err)
		require.Len(t, list, 1, "one delivery per event and endpoint, however often the dispatcher runs")
		require.Equal(t, 1, count(t, d, `SELECT COUNT(*) FROM jobs WHERE kind = 'webhook.deliver'`))
		id := list[0].ID

		require.Equal(t, 1, r.runDue(t))
		del, err := r.hooks.Delivery(ctx, id)
		require.NoError(t, err)
		require.Equal(t, "pending", del.State)
		require.Equal(t, 500, del.LastStatus)
		require.Equal(t, start.Add(time.Minute), *del.NextAttemptAt)
		e, err := r.hooks.Get(ctx, ep.ID)
		require.NoError(t, err)
		require.Equal(t, start, *e.FailingSince)

		clk.Advance(59 * time.Second)
		require.Zero(t, r.runDue(t), "not before the back-off")
		clk.Advance(time.Second)
		require.Equal(t, 1, r.runDue(t))
		del, err = r.hooks.Delivery(ctx, id)
		require.NoError(t, err)
		require.Equal(t, start.Add(3*time.Minute), *del.NextAttemptAt, "the second delay doubles")
		clk.Advance(119 * time.Second)
		require.Zero(t, r.runDue(t))
		clk.Advance(time.Second)
		require.Equal(t, 1, r.runDue(t))

		del, err = r.hooks.Delivery(ctx, id)
		require.NoError(t, err)
		require.Equal(t, "delivered", del.State)
		require.Nil(t, del.NextAttemptAt)
		require.Equal(t, 3, del.Attempts)
		var statuses []int
		var ats []time.Time
		for _, a := range del.Log {
			statuses = append(statuses, a.StatusCode)
			ats = append(ats, a.At)
			require.LessOrEqual(t, len(a.Response), 1024, "responses are truncated")
		}
		require.Equal(t, []int{500, 500, 200}, statuses)
		require.Equal(t, []time.Time{start, start.Add(time.Minute), start.Add(3 * time.Minute)}, ats)
		require.Contains(t, del.Log[0].Response, "busy")
		require.Contains(t, del.Log[0].Error, "500")
		require.Equal(t, "ok", del.Log[2].Response)
		require.JSONEq(t, `"order.placed"`, jsonField(t, del.Payload, "type"))
		e, err = r.hooks.Get(ctx, ep.ID)
		require.NoError(t, err)
		require.Nil(t, e.FailingSince, "a success clears the failure record")

		tries, effects, bad := rc.snapshot()
		require.Zero(t, bad, "every attempt was signed with the endpoint's secret")
		require.Equal(t, map[string]int{placed: 3}, tries, "the webhook-id is the event's, on every attempt")
		require.Equal(t, map[string]int{placed: 1}, effects)

		clk.Advance(24 * time.Hour)
		require.Zero(t, r.runDue(t), "nothing left to retry")

		// A duplicate: the replay arrives with the same webhook-id.
		_, err = r.hooks.Replay(r.admin, id)
		require.NoError(t, err)
		require.Equal(t, 1, r.runDue(t))
		tries, effects, _ = rc.snapshot()
		require.Equal(t, 4, tries[placed])
		require.Equal(t, 1, effects[placed], "the receiver did not act twice")
		del, err = r.hooks.Delivery(ctx, id)
		require.NoError(t, err)
		require.Len(t, del.Log, 4)
		require.True(t, del.Log[3].Replay)
		require.Equal(t, "delivered", del.State)
	})
}

// A job that already recorded its attempt (its runner died before marking
// it done, so it is claimed again) does not send a second time.
func TestARerunJobDoesNotSendAgain(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := setup(t, d, clk, lab)
		rc := newReceiver(t, clk)
		ep := r.subscribe(t, rc.URL, "*")
		rc.setSecret(ep.Secret)
		r.place(t, "wh-rerun")
		r.dispatch(t)
		require.Equal(t, 1, r.runDue(t))
		// Put the finished job back as if its runner had crashed after the
		// attempt was recorded.
		require.NoError(t, d.Write(context.Background(), func(tx *db.Tx) error {
			_, err := tx.ExecContext(context.Background(), `UPDATE jobs SET state = 'queued', finished_at = NULL
				WHERE kind = 'webhook.deliver'`)
			return err
		}))
		require.Equal(t, 1, r.runDue(t))
		tries, _, _ := rc.snapshot()
		for id, n := range tries {
			require.Equal(t, 1, n, "event %s was sent again", id)
		}
	})
}

func jsonField(t *testing.T, raw []byte, key string) string {
	t.Helper()
	var m map[string]any
	require.NoError(t, jsonUnmarshal(raw, &m))
	b, err := jsonMarshal(m[key])
	require.NoError(t, err)
	return string(b)
}

// The default schedule is exponential from one minute, with jitter in the
// upper half of each delay: the n-th retry comes 2^(n-1) minutes after the
// failure, give or take half.
func TestDefaultBackoffIsExponential(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		ctx := context.Background()
		r := setup(t, d, clk, lab)
		hooks := webhook.NewStore(d, webhook.Config{AllowHTTP: true, AllowPrivate: true, Clock: clk})
		runner := job.New(d, clk, nil, job.Config{})
		webhook.RegisterJobs(runner, hooks)
		rc := newReceiver(t, clk)
		rc.failAll = true
		ep := r.subscribe(t, rc.URL, "order.placed")
		rc.setSecret(ep.Secret)
		r.place(t, "wh-default-backoff")
		r.dispatch(t)
		for attempt := 1; attempt <= 5; attempt++ {
			n, err := runner.RunDue(ctx)
			require.NoError(t, err)
			require.Equal(t, 1, n, "attempt %d", attempt)
			list, err := hooks.Deliveries(ctx, webhook.DeliveryFilter{EndpointID: ep.ID, Limit: 1})
			require.NoError(t, err)
			wait := list[0].NextAttemptAt.Sub(clk.Now())
			full := time.Minute << (attempt - 1)
			require.GreaterOrEqual(t, wait, full/2, "attempt %d", attempt)
			require.LessOrEqual(t, wait, full, "attempt %d", attempt)
			clk.Advance(wait)
		}
	})
}
