package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// Migration 00012 stores what the stages used to infer: why an order is on
// hold (hold_kind, from the words' prefix), when it was reviewed (from its
// order.reviewed event), and names the order of every order job still
// waiting in its payload (it was only in the dedupe key).
func TestMigration12Backfills(t *testing.T) {
	dbtest.EachURL(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d, err := db.Open(ctx, url, db.Options{})
		require.NoError(t, err)
		t.Cleanup(func() { d.Close() })
		_, err = d.MigrateTo(ctx, 11)
		require.NoError(t, err)
		reviewedAt := time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)
		orders := []struct{ id, status, reason string }{
			{"ord_pay", "on_hold", "payment mismatch: expected 10.00 USD, shop reported 9.00 USD paid (event e1)"},
			{"ord_stock", "on_hold", "waiting for stock: 2 unit(s) cannot be reserved yet"},
			{"ord_cod", "on_hold", "cash on delivery is limited to 500000 minor units; this order is 600000"},
			{"ord_codreviewed", "on_hold", "cash on delivery is not offered in US"},
			{"ord_review", "on_hold", "review: risk score 50: the order is over 60.00 USD"},
			{"ord_fine", "confirmed", ""},
		}
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			for i, o := range orders {
				if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, number, channel, external_ref, status, payment_status,
					payment_method, currency, subtotal_minor, discount_minor, shipping_minor, total_minor, customer_name,
					customer_email, customer_phone, locale, shipping_address, coupons, special_requests, hold_reason,
					created_at, updated_at) VALUES ($1, $2, 'web', $1, $3, 'paid', 'prepaid', 'USD', 1000, 0, 0, 1000, 'Ada',
					'ada@example.com', '+16502530000', 'en', '{}', '[]', '{}', $4, $5, $5)`,
					o.id, "WB-TEST-000"+string(rune('0'+i)), o.status, o.reason, reviewedAt.Add(-time.Hour)); err != nil {
					return err
				}
			}
			for _, e := range []struct{ id, order, typ string }{{"evt_1", "ord_codreviewed", "order.reviewed"},
				{"evt_2", "ord_review", "order.reviewed"}, {"evt_3", "ord_review", "order.held"}} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO order_events (id, order_id, at, type, status, payment_status, actor, detail)
					VALUES ($1, $2, $3, $4, 'on_hold', 'paid', 'review', '{}')`, e.id, e.order, reviewedAt, e.typ); err != nil {
					return err
				}
			}
			for _, j := range []struct{ id, kind, key, state string }{
				{"job_1", "order.review", "ord_fine@1772460000000000", "queued"},
				{"job_2", "order.release", "ord_fine@2026-04-01", "queued"},
				{"job_3", "order.confirmation", "ord_fine", "running"},
				{"job_4", "order.payment_timeout", "ord_pay", "done"},
				{"job_5", "stock.arrived", "mov_1", "queued"},
			} {
				payload := "{}"
				if j.kind == "stock.arrived" {
					payload = `{"product_ids":["prd_1"]}`
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO jobs (id, kind, dedupe_key, payload, state, attempts, max_attempts,
					run_at, created_at) VALUES ($1, $2, $3, $4, $5, 0, 10, $6, $6)`, j.id, j.kind, j.key, payload, j.state, reviewedAt); err != nil {
					return err
				}
			}
			return nil
		}))

		res, err := d.MigrateTo(ctx, 12)
		require.NoError(t, err)
		require.Len(t, res.Applied, 1)

		kinds := map[string]string{}
		reviewed := map[string]bool{}
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id, hold_kind, reviewed_at FROM orders`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id, kind string
				var at *time.Time
				if err := rows.Scan(&id, &kind, &at); err != nil {
					return err
				}
				kinds[id], reviewed[id] = kind, at != nil
				if at != nil {
					require.True(t, at.Equal(reviewedAt), "%s reviewed at %s", id, at)
				}
			}
			return rows.Err()
		}))
		require.Equal(t, map[string]string{"ord_pay": "payment_mismatch", "ord_stock": "stock", "ord_cod": "cod_rules",
			"ord_codreviewed": "review", "ord_review": "review", "ord_fine": ""}, kinds)
		require.Equal(t, map[string]bool{"ord_pay": false, "ord_stock": false, "ord_cod": false,
			"ord_codreviewed": true, "ord_review": true, "ord_fine": false}, reviewed)

		payloads := map[string]string{}
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id, payload FROM jobs`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id, payload string
				if err := rows.Scan(&id, &payload); err != nil {
					return err
				}
				payloads[id] = payload
			}
			return rows.Err()
		}))
		require.Equal(t, map[string]string{
			"job_1": `{"order_id":"ord_fine"}`, "job_2": `{"order_id":"ord_fine"}`, "job_3": `{"order_id":"ord_fine"}`,
			"job_4": `{}`, // finished: history stays as it was
			"job_5": `{"product_ids":["prd_1"]}`,
		}, payloads)
	})
}
