package order_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/order"
)

// Migration 00039 moves the timeline into batches. On a database made by
// the previous version, with events of two orders: every order's timeline
// reads as before; a feed cursor issued before the migration continues
// where it stopped, and the batches written after it follow; the webhook
// dispatcher's stored place keeps its meaning; and the way down gives the
// old table back with every event.
func TestMigration39KeepsTimelinesAndCursors(t *testing.T) {
	dbtest.EachURL(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d, err := db.Open(ctx, url, db.Options{})
		require.NoError(t, err)
		t.Cleanup(func() { d.Close() })
		_, err = d.MigrateTo(ctx, 38)
		require.NoError(t, err)

		at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
		type old struct{ id, orderID, typ string }
		history := []old{{"evt_01", "ord_a", "order.placed"}, {"evt_02", "ord_b", "order.placed"},
			{"evt_03", "ord_a", "order.confirmed"}, {"evt_04", "ord_a", "order.delivered"}, {"evt_05", "ord_b", "order.held"}}
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			for i, id := range []string{"ord_a", "ord_b"} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, number, channel, external_ref, status, payment_status,
					payment_method, currency, subtotal_minor, discount_minor, shipping_minor, total_minor, customer_name,
					customer_email, customer_phone, locale, shipping_address, coupons, special_requests, created_at, updated_at)
					VALUES ($1, $2, 'web', $2, 'placed', 'awaiting_payment', 'prepaid', 'USD', 1000, 0, 0, 1000, 'Ada',
					'ada@example.com', '+16502530000', 'en', '{}', '[]', '{}', $3, $3)`, id, "WB-"+strconv.Itoa(i), at); err != nil {
					return err
				}
			}
			for i, e := range history {
				if _, err := tx.ExecContext(ctx, `INSERT INTO order_events (id, order_id, at, type, status, payment_status, actor, detail)
					VALUES ($1, $2, $3, $4, 'placed', 'awaiting_payment', 'key_old', $5)`,
					e.id, e.orderID, at.Add(time.Duration(i)*time.Second), e.typ, `{"n":`+strconv.Itoa(i)+`}`); err != nil {
					return err
				}
			}
			return nil
		}))
		// Where an old poller stopped (after the second event), and the
		// dispatcher's place (after the third), as the old version kept them.
		var xids, seqs []int64
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			q := `SELECT 0, seq FROM order_events ORDER BY seq`
			if d.Dialect() == db.Postgres {
				q = `SELECT xid::text::bigint, seq FROM order_events ORDER BY xid, seq`
			}
			rows, err := tx.QueryContext(ctx, q)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var xid, seq int64
				if err := rows.Scan(&xid, &seq); err != nil {
					return err
				}
				xids, seqs = append(xids, xid), append(seqs, seq)
			}
			return rows.Err()
		}))
		require.Len(t, seqs, len(history))
		oldCursor := base64.RawURLEncoding.EncodeToString([]byte("v1." + strconv.FormatInt(xids[1], 10) + "." + strconv.FormatInt(seqs[1], 10)))
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO webhook_cursor (name, xid, seq, updated_at) VALUES ('webhooks', $1, $2, $3)`,
				xids[2], seqs[2], at)
			return err
		}))

		_, err = d.Migrate(ctx)
		require.NoError(t, err)
		s := order.NewStore(d)

		events, err := s.Events(ctx, "ord_a")
		require.NoError(t, err)
		require.Equal(t, []string{"evt_01", "evt_03", "evt_04"}, eventIDs(events))
		require.JSONEq(t, `{"n":2}`, string(events[1].Detail))
		require.Equal(t, at.Add(3*time.Second), events[2].At)
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			delivered, err := order.DeliveredAt(ctx, tx, "ord_a")
			require.Equal(t, at.Add(3*time.Second), delivered)
			return err
		}))

		// New entries: a batch naming both orders, written after.
		who := actor.Actor{ID: "key_new"}
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			return order.AddNotes(ctx, tx, who, []order.OrderNote{
				{OrderID: "ord_b", Note: order.Note{Type: "order.test_one", Status: order.Placed, PaymentStatus: order.AwaitingPayment}},
				{OrderID: "ord_a", Note: order.Note{Type: "order.test_two", Status: order.Placed, PaymentStatus: order.AwaitingPayment}},
			})
		}))

		after, err := order.ParseFeedCursor("query.after", oldCursor)
		require.NoError(t, err)
		// On PostgreSQL the feed serves only what is below the oldest running
		// transaction in the cluster, which another session may hold a moment.
		var fed []string
		for deadline := time.Now().Add(30 * time.Second); len(fed) < 5 && time.Now().Before(deadline); {
			got, next, err := s.Feed(ctx, after, 2)
			require.NoError(t, err)
			if len(got) == 0 {
				require.Equal(t, after, next, "nothing new: the same place")
				time.Sleep(20 * time.Millisecond)
			}
			for _, e := range got {
				fed = append(fed, e.ID)
				require.Equal(t, "web", e.Channel)
			}
			after = next
		}
		require.Len(t, fed, 5, "%v", fed)
		require.Equal(t, []string{"evt_03", "evt_04", "evt_05"}, fed[:3], "an old cursor continues after the event it named")

		var undispatched int
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT count(*) FROM order_events e WHERE NOT EXISTS (SELECT 1 FROM webhook_cursor c
				WHERE (e.seq, e.idx) <= (c.seq, c.idx))`).Scan(&undispatched)
		}))
		require.Equal(t, 4, undispatched, "the dispatcher's place still falls after the third event")

		// Down: the table is back with every event, the new ones included.
		_, err = d.MigrateDownTo(ctx, 38)
		require.NoError(t, err)
		var n int
		var detail string
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM order_events`).Scan(&n); err != nil {
				return err
			}
			return tx.QueryRowContext(ctx, `SELECT detail FROM order_events WHERE id = 'evt_03'`).Scan(&detail)
		}))
		require.Equal(t, len(history)+2, n)
		var parsed map[string]int
		require.NoError(t, json.Unmarshal([]byte(detail), &parsed))
		require.Equal(t, 2, parsed["n"])
	})
}

func eventIDs(events []order.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.ID
	}
	return out
}
