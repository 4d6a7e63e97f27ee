package order_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/order"
)

// On PostgreSQL the batch's reference lookup probes the unique index on
// (channel, external_ref) whatever the planner's statistics: with none (a
// new table; autovacuum is kept off it here), "channel = $1 AND
// external_ref IN (...)" was planned as a read of every order of the
// channel through orders_channel, 44 ms per batch at 20,000 orders.
func TestReferenceLookupUsesTheUniqueIndexWithoutStatistics(t *testing.T) {
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("PostgreSQL only (its planner); " + dbtest.PostgresEnv + " is unset")
	}
	ctx := context.Background()
	d := dbtest.Postgres(t, dbtest.Options{})
	require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE orders SET (autovacuum_enabled = false)`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO orders (id, number, channel, external_ref, status, payment_status,
	payment_method, currency, subtotal_minor, discount_minor, shipping_minor, total_minor, customer_name, customer_email,
	customer_phone, locale, shipping_address, coupons, special_requests, created_at, updated_at)
SELECT 'ord_' || lpad(g::text, 12, '0'), 'N' || g, 'web', 'ref-' || g, 'placed', 'awaiting_payment', 'prepaid', 'USD',
	1000, 0, 0, 1000, 'Ada', 'ada@example.com', '', 'en', ('{"line1":"' || repeat('x', 600) || '"}')::jsonb, '[]'::jsonb,
	'{}'::jsonb, now(), now()
FROM generate_series(1, 20000) AS g`)
		return err
	}))
	args := []any{"web"}
	for i := range 256 {
		args = append(args, fmt.Sprintf("ref-%d", 19900+i)) // 101 of them exist
	}
	var plan []byte
	var found int
	require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
		q := order.RefsQuery(tx, 256)
		if err := tx.QueryRowContext(ctx, `EXPLAIN (FORMAT JSON) `+q, args...).Scan(&plan); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ref string
			var id *string
			if err := rows.Scan(&ref, &id); err != nil {
				return err
			}
			if id != nil {
				found++
			}
		}
		return rows.Err()
	}))
	require.Equal(t, 101, found)
	scans := map[string]bool{}
	var walk func(n map[string]any)
	walk = func(n map[string]any) {
		scans[fmt.Sprint(n["Node Type"], " ", n["Index Name"])] = true
		kids, _ := n["Plans"].([]any)
		for _, k := range kids {
			walk(k.(map[string]any))
		}
	}
	var top []map[string]map[string]any
	require.NoError(t, json.Unmarshal(plan, &top))
	walk(top[0]["Plan"])
	require.True(t, scans["Index Scan orders_channel_external_ref_key"], "%v\n%s", scans, plan)
	for s := range scans {
		require.False(t, strings.HasSuffix(s, " orders_channel") || strings.HasPrefix(s, "Seq Scan"), "%s in %s", s, plan)
	}
}
