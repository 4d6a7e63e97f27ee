package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// Migration 00014 numbers the events already stored in timeline order
// (at, then id), ahead of every event written after it, so the changes
// feed starts with the history; on SQLite the table is rebuilt and keeps
// its rows and its id lookups.
func TestMigration14NumbersExistingEvents(t *testing.T) {
	dbtest.EachURL(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d, err := db.Open(ctx, url, db.Options{})
		require.NoError(t, err)
		t.Cleanup(func() { d.Close() })
		_, err = d.MigrateTo(ctx, 12)
		require.NoError(t, err)
		at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
		insertEvent := func(tx *db.Tx, id string, at time.Time) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO order_events (id, order_id, at, type, status, payment_status, actor, detail)
				VALUES ($1, 'ord_1', $2, 'order.placed', 'placed', 'awaiting_payment', 'test', '{}')`, id, at)
			return err
		}
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, number, channel, external_ref, status, payment_status,
				payment_method, currency, subtotal_minor, discount_minor, shipping_minor, total_minor, customer_name,
				customer_email, customer_phone, locale, shipping_address, coupons, special_requests, created_at, updated_at)
				VALUES ('ord_1', 'WB-1', 'web', 'r1', 'placed', 'awaiting_payment', 'prepaid', 'USD', 1000, 0, 0, 1000, 'Ada',
				'ada@example.com', '+16502530000', 'en', '{}', '[]', '{}', $1, $1)`, at); err != nil {
				return err
			}
			for _, e := range []struct {
				id string
				at time.Time
			}{{"evt_c", at}, {"evt_a", at.Add(time.Minute)}, {"evt_b", at}} {
				if err := insertEvent(tx, e.id, e.at); err != nil {
					return err
				}
			}
			return nil
		}))
		_, err = d.MigrateTo(ctx, 14)
		require.NoError(t, err)
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error { return insertEvent(tx, "evt_0", at.Add(-time.Hour)) }))

		var order []string
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			q := `SELECT id FROM order_events ORDER BY seq`
			if d.Dialect() == db.Postgres {
				q = `SELECT id FROM order_events ORDER BY xid, seq`
			}
			rows, err := tx.QueryContext(ctx, q)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					return err
				}
				order = append(order, id)
			}
			return rows.Err()
		}))
		require.Equal(t, []string{"evt_b", "evt_c", "evt_a", "evt_0"}, order, "history by (at, id), then what came after")
		require.Error(t, d.Write(ctx, func(tx *db.Tx) error { return insertEvent(tx, "evt_a", at) }), "ids stay unique")
	})
}
