package order_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// Migration 00041 (and, on SQLite, the follower opening a search file made
// before it) turns the follower's position of the previous version, the
// last batch read in (xid, seq) order, into the place it works from: the
// keys already written are kept, not built again, and the orders placed
// after the position are followed.
func TestMigration41KeepsTheSearchPosition(t *testing.T) {
	dbtest.EachURL(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d, err := db.Open(ctx, url, db.Options{})
		require.NoError(t, err)
		t.Cleanup(func() { d.Close() })
		_, err = d.MigrateTo(ctx, 40)
		require.NoError(t, err)
		r := flowtest.New(t, d, flowtest.Options{})
		sku := r.AddProducts(t, 1)[0]
		r.AddWarehouse(t, "EWR")
		r.Receive(t, "EWR", sku, 100)
		before := r.Accepted(t, flowtest.Request("before", flowtest.Line(sku, 1)))
		last := r.Accepted(t, flowtest.Request("last", flowtest.Line(sku, 1))) // in the last batch read

		// What version 40's follower left: the keys of the orders so far
		// and the last batch it read.
		var xid, seq int64
		q := `SELECT 0, MAX(seq) FROM order_event_batches`
		if d.Dialect() == db.Postgres {
			q = `SELECT xid::text::bigint, seq FROM order_event_batches ORDER BY xid DESC, seq DESC LIMIT 1`
		}
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error { return tx.QueryRowContext(ctx, q).Scan(&xid, &seq) }))
		require.NoError(t, d.WriteSearch(ctx, func(tx *db.Tx) error {
			if d.Dialect() == db.SQLite {
				if _, err := tx.ExecContext(ctx, `CREATE TABLE order_search_keys (key TEXT NOT NULL, order_id TEXT NOT NULL,
					PRIMARY KEY (key, order_id)) WITHOUT ROWID;
					CREATE TABLE order_search_state (name TEXT PRIMARY KEY, version INTEGER NOT NULL, xid INTEGER NOT NULL, seq INTEGER NOT NULL)`); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_search_state (name, version, xid, seq) VALUES ('orders', 1, $1, $2)`, xid, seq); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO order_search_keys (key, order_id) VALUES ($1, $2), ($3, $4)`,
				"r:before", before.ID, "r:last", last.ID)
			return err
		}))
		after := r.Accepted(t, flowtest.Request("after", flowtest.Line(sku, 1)))
		_, err = d.Migrate(ctx)
		require.NoError(t, err)

		orders := order.NewStore(d)
		require.NoError(t, orders.CatchUpSearch(ctx))
		require.Equal(t, []string{before.ID}, listIDs(t, ctx, orders, order.Filter{Search: "before"}))
		require.Equal(t, []string{after.ID}, listIDs(t, ctx, orders, order.Filter{Search: "after"}))
		// Not built again: the keys of the batches before the last one read
		// are version 40's (on PostgreSQL the last one's are read again).
		bySKU := listIDs(t, ctx, orders, order.Filter{SKU: sku})
		require.Contains(t, bySKU, after.ID)
		require.NotContains(t, bySKU, before.ID)
		var version int
		var since string
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT version, since FROM order_search_state`).Scan(&version, &since)
		}))
		require.Equal(t, 1, version)
		require.NotEmpty(t, since)

		if d.Dialect() == db.Postgres {
			_, err = d.MigrateDownTo(ctx, 40)
			require.NoError(t, err)
			var x int64
			require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
				return tx.QueryRowContext(ctx, `SELECT xid FROM order_search_state`).Scan(&x)
			}))
			require.Positive(t, x, "a position below every batch not read: "+strconv.FormatInt(x, 10))
		}
	})
}
