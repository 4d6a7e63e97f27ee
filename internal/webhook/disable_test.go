package webhook_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/webhook"
)

// An endpoint whose every attempt fails is disabled once it has failed for
// five days (the default), not before; the endpoint says when and why, its
// deliveries stop, new events are not sent to it, a replay is refused until
// it is enabled again, and enabling it clears its failure record.
func TestAnEndpointFailingForFiveDaysIsDisabled(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		ctx := context.Background()
		cfg := lab
		cfg.Backoff = func(int) time.Duration { return 12 * time.Hour }
		cfg.MaxAttempts = 100
		r := setup(t, d, clk, cfg)
		rc := newReceiver(t, clk)
		rc.failAll = true
		ep := r.subscribe(t, rc.URL, "order.placed")
		rc.setSecret(ep.Secret)
		r.place(t, "wh-down")
		r.dispatch(t)

		attempts := 0
		for {
			require.Equal(t, 1, r.runDue(t), "one attempt due every 12 hours")
			attempts++
			e, err := r.hooks.Get(ctx, ep.ID)
			require.NoError(t, err)
			require.Equal(t, start, *e.FailingSince)
			if !e.Enabled {
				require.Equal(t, clk.Now(), *e.DisabledAt)
				require.Contains(t, e.DisabledReason, "2026-03-02T09:00:00Z")
				require.Contains(t, e.DisabledReason, "500")
				break
			}
			require.Less(t, clk.Now().Sub(start), 5*24*time.Hour, "still enabled after five days of failures")
			clk.Advance(12 * time.Hour)
		}
		require.Equal(t, 5*24*time.Hour, clk.Now().Sub(start))
		require.Equal(t, 11, attempts)

		list, err := r.hooks.Deliveries(ctx, webhook.DeliveryFilter{EndpointID: ep.ID, Limit: 10})
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.Equal(t, "failed", list[0].State)
		require.Nil(t, list[0].NextAttemptAt)
		clk.Advance(24 * time.Hour)
		require.Zero(t, r.runDue(t), "no retry after the endpoint was disabled")
		require.Equal(t, 1, count(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = 'webhook_endpoint.disabled' AND entity_id = $1`, ep.ID))

		r.place(t, "wh-while-off")
		r.dispatch(t)
		require.Equal(t, 1, count(t, d, `SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = $1`, ep.ID),
			"a disabled endpoint gets no new deliveries")
		_, err = r.hooks.Replay(r.admin, list[0].ID)
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)

		on := true
		e, err := r.hooks.Update(r.admin, ep.ID, webhook.EndpointPatch{Enabled: &on})
		require.NoError(t, err)
		require.True(t, e.Enabled)
		require.Nil(t, e.FailingSince)
		require.Nil(t, e.DisabledAt)
		require.Empty(t, e.DisabledReason)
		rc.mu.Lock()
		rc.failAll = false
		rc.mu.Unlock()
		_, err = r.hooks.Replay(r.admin, list[0].ID)
		require.NoError(t, err)
		require.Equal(t, 1, r.runDue(t))
		del, err := r.hooks.Delivery(ctx, list[0].ID)
		require.NoError(t, err)
		require.Equal(t, "delivered", del.State)
		_, effects, _ := rc.snapshot()
		require.Equal(t, map[string]int{del.EventID: 1}, effects)
	})
}

// A delivery that keeps failing on an endpoint that does not (another
// delivery succeeds in between) stops after MaxAttempts.
func TestADeliveryStopsAfterMaxAttempts(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		cfg := lab
		cfg.MaxAttempts = 3
		r := setup(t, d, clk, cfg)
		rc := newReceiver(t, clk)
		rc.failAll = true
		ep := r.subscribe(t, rc.URL, "*")
		rc.setSecret(ep.Secret)
		r.place(t, "wh-max")
		r.dispatch(t)
		for range 10 {
			r.runDue(t)
			clk.Advance(time.Hour)
		}
		del, err := r.hooks.Deliveries(context.Background(), webhook.DeliveryFilter{EndpointID: ep.ID, Limit: 10})
		require.NoError(t, err)
		require.Equal(t, "failed", del[0].State)
		require.Equal(t, 3, del[0].Attempts)
		e, err := r.hooks.Get(context.Background(), ep.ID)
		require.NoError(t, err)
		require.True(t, e.Enabled, "three hours of failures do not disable an endpoint")
	})
}
