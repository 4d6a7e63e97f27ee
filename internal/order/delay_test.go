package order_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/notify"
	"github.com/waybill/waybill/internal/order"
)

// Each short pick's delay notice (NoticeDelay, which the release stage
// queues when the units wait for stock) goes in one transaction, one job per
// channel under a key of its own: a second short pick of the same order
// is a second notice, not a duplicate of the first. The notice lists the
// units the order is short of when it goes.
func TestShortPickedQueuesADelayNotice(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := setup(t, d, order.Config{})
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 10)
		o := f.COD(t, "delay-1", flowtest.Line("SKU-000", 3))
		require.Len(t, o.Allocations, 1)
		shortPick := func() {
			t.Helper()
			require.NoError(t, d.Write(f.Ctx, func(tx *db.Tx) error {
				locked, err := order.Lock(f.Ctx, tx, o.ID)
				if err != nil {
					return err
				}
				if err := order.ShortPicked(f.Ctx, tx, &locked, o.Lines[0].LineNo, o.Allocations[0].WarehouseID, 1, flowtest.Shop,
					map[string]any{"pick_line": "pkl_test", "units": 1}); err != nil {
					return err
				}
				return order.NoticeDelay(f.Ctx, tx, &locked)
			}))
		}
		delayJobs := func() map[string][]string { // kinds by key
			t.Helper()
			out := map[string][]string{}
			require.NoError(t, d.Read(f.Ctx, func(tx *db.Tx) error {
				rows, err := tx.QueryContext(f.Ctx, `SELECT kind, dedupe_key, payload FROM jobs WHERE kind LIKE 'notify.%'
					AND dedupe_key LIKE $1 ORDER BY kind`, o.ID+":delay:%")
				if err != nil {
					return err
				}
				defer rows.Close()
				for rows.Next() {
					var kind, key, payload string
					if err := rows.Scan(&kind, &key, &payload); err != nil {
						return err
					}
					require.JSONEq(t, `{"order_id":"`+o.ID+`","message":"delay"}`, payload)
					out[key] = append(out[key], kind)
				}
				return rows.Err()
			}))
			return out
		}

		shortPick()
		got := delayJobs()
		require.Len(t, got, 1, "one notice")
		for _, kinds := range got {
			require.Equal(t, []string{"notify.email", "notify.sms"}, kinds, "one job per channel")
		}
		shortPick() // the same instant: the key is still its own
		got = delayJobs()
		require.Len(t, got, 2, "a second short pick is a second notice")
		for _, kinds := range got {
			require.Equal(t, []string{"notify.email", "notify.sms"}, kinds)
		}

		mail := &sentMail{msgs: map[string]notify.Rendered{}}
		renderer, err := notify.NewRenderer()
		require.NoError(t, err)
		runner := job.New(d, clk, slog.New(slog.DiscardHandler), job.Config{})
		order.RegisterJobs(runner, f.Orders, notify.Messenger{Renderer: renderer, Email: mail}, slog.New(slog.DiscardHandler))
		_, err = runner.RunDue(context.Background())
		require.NoError(t, err)
		var delays []notify.Rendered
		for _, m := range mail.msgs {
			if strings.Contains(m.Subject, "delayed") {
				delays = append(delays, m)
			}
		}
		require.Len(t, delays, 2, "each notice sent once")
		for _, m := range delays {
			require.Equal(t, "Some items of your order "+o.Number+" are delayed", m.Subject)
			require.Contains(t, m.Text, "2 × Product SKU-000 (SKU SKU-000)", "the units short when it went")
			require.Contains(t, m.Text, "We are shipping the rest of your order")
		}
	})
}
