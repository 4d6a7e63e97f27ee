package webhook_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/webhook"
)

// Three dispatchers run while orders are placed and cancelled: every event
// gets exactly one delivery (and one job) per enabled endpoint that
// subscribes to its type, none for a disabled endpoint, and an endpoint
// created later gets only what happens after it.
func TestDispatchMakesOneDeliveryPerEventAndEndpoint(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		ctx := context.Background()
		r := setup(t, d, clk, lab)
		all := r.subscribe(t, "http://127.0.0.1:9/all", "*")
		placed := r.subscribe(t, "http://127.0.0.1:9/placed", "order.placed")
		cancels := r.subscribe(t, "http://127.0.0.1:9/cancels", "order.cancelled", "order.cancelled")
		family := r.subscribe(t, "http://127.0.0.1:9/family", "order.*")
		off := false
		disabled, err := r.hooks.Create(r.admin, webhook.EndpointInput{URL: "http://127.0.0.1:9/off", EventTypes: []string{"*"}, Enabled: &off})
		require.NoError(t, err)
		require.Equal(t, []string{"order.cancelled"}, cancels.EventTypes, "duplicates dropped")

		var writers, dispatchers sync.WaitGroup
		done := make(chan struct{})
		for w := range 4 {
			writers.Go(func() {
				for i := range 3 {
					o := r.place(t, fmt.Sprintf("wh-d-%d-%d", w, i))
					if i == 0 {
						_, err := r.Orders.Cancel(r.Ctx, o.ID, "changed their mind")
						require.NoError(t, err)
					}
				}
			})
		}
		for range 3 {
			dispatchers.Go(func() {
				for {
					select {
					case <-done:
						return
					default:
					}
					if _, err := r.hooks.Dispatch(ctx); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		writers.Wait()
		close(done)
		dispatchers.Wait()
		r.dispatch(t)

		events := count(t, d, `SELECT COUNT(*) FROM order_events`)
		byType := func(where string) int { return count(t, d, `SELECT COUNT(*) FROM order_events WHERE `+where) }
		deliveries := func(ep string) int {
			return count(t, d, `SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = $1`, ep)
		}
		require.Equal(t, events, deliveries(all.ID))
		require.Equal(t, 12, deliveries(placed.ID))
		require.Equal(t, byType(`type = 'order.placed'`), deliveries(placed.ID))
		require.Equal(t, 4, deliveries(cancels.ID))
		require.Equal(t, byType(`type LIKE 'order.%'`), deliveries(family.ID))
		require.Zero(t, deliveries(disabled.ID))
		require.Equal(t, count(t, d, `SELECT COUNT(*) FROM webhook_deliveries`),
			count(t, d, `SELECT COUNT(*) FROM jobs WHERE kind = 'webhook.deliver'`), "one first job per delivery")
		require.Zero(t, count(t, d, `SELECT COUNT(*) FROM (SELECT event_id, endpoint_id FROM webhook_deliveries
			GROUP BY event_id, endpoint_id HAVING COUNT(*) > 1) dup`))

		// Events already written when an endpoint is created are not its.
		r.place(t, "wh-before-late")
		clk.Advance(time.Second)
		late := r.subscribe(t, "http://127.0.0.1:9/late", "*")
		r.dispatch(t)
		require.Zero(t, deliveries(late.ID))
		r.place(t, "wh-after-late")
		r.dispatch(t)
		require.Equal(t, 1, deliveries(late.ID))
	})
}
