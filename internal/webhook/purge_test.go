package webhook_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// Finished deliveries go with their log after the retention (30 days by
// default); a pending one stays however old.
func TestPurgeKeepsPendingDeliveries(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := setup(t, d, clk, lab)
		ok := newReceiver(t, clk)
		okEp := r.subscribe(t, ok.URL, "order.placed")
		ok.setSecret(okEp.Secret)
		r.subscribe(t, "http://127.0.0.1:9/never-run", "order.placed") // its delivery stays pending: its job is not run below
		r.place(t, "wh-purge")
		r.dispatch(t)
		require.NoError(t, d.Write(context.Background(), func(tx *db.Tx) error {
			// Only the first endpoint's job runs; the other's is parked.
			_, err := tx.ExecContext(context.Background(), `UPDATE jobs SET run_at = $1 WHERE kind = 'webhook.deliver'
				AND payload NOT LIKE '%' || (SELECT id FROM webhook_deliveries WHERE endpoint_id = $2) || '%'`,
				start.Add(365*24*time.Hour), okEp.ID)
			return err
		}))
		require.Equal(t, 1, r.runDue(t))
		require.Equal(t, 1, count(t, d, `SELECT COUNT(*) FROM webhook_attempts`))

		n, err := r.hooks.Purge(context.Background(), start.Add(29*24*time.Hour))
		require.NoError(t, err)
		require.Zero(t, n, "within the retention")
		n, err = r.hooks.Purge(context.Background(), start.Add(31*24*time.Hour))
		require.NoError(t, err)
		require.Equal(t, int64(1), n)
		require.Zero(t, count(t, d, `SELECT COUNT(*) FROM webhook_attempts`))
		require.Equal(t, 1, count(t, d, `SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'`))
		require.Equal(t, 1, count(t, d, `SELECT COUNT(*) FROM webhook_deliveries`))
	})
}
