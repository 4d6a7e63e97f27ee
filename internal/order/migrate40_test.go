package order_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/order"
)

// Migration 00040 drops the four search indexes intake wrote. On a
// database made by the previous version, with orders in every state and a
// line each, the orders are found by e-mail, phone, SKU and reference once
// migrated (the follower builds the keys from the orders), and the way down
// gives the indexes back.
func TestMigration40FindsOrdersPlacedBefore(t *testing.T) {
	dbtest.EachURL(t, func(t *testing.T, url string) {
		ctx := actor.With(context.Background(), actor.Actor{ID: "key_ops", Name: "ops", Role: actor.Admin})
		d, err := db.Open(ctx, url, db.Options{})
		require.NoError(t, err)
		t.Cleanup(func() { d.Close() })
		_, err = d.MigrateTo(ctx, 39)
		require.NoError(t, err)

		at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
		statuses := []string{"placed", "confirmed", "on_hold", "released", "shipped", "delivered", "completed", "returned", "cancelled"}
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO products (id, sku, name, name_lower, category, attributes, weight_g, length_mm, width_mm,
				height_mm, price_minor, currency, created_at, updated_at)
				VALUES ('prd_1', 'MUG-1', 'Mug', 'mug', 'kitchen', '{}', 300, 100, 100, 100, 900, 'USD', $1, $1)`, at); err != nil {
				return err
			}
			for i, st := range statuses {
				id := "ord_" + strconv.Itoa(i)
				if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, number, channel, external_ref, status, payment_status,
					payment_method, currency, subtotal_minor, discount_minor, shipping_minor, total_minor, customer_name,
					customer_email, customer_phone, locale, shipping_address, coupons, special_requests, created_at, updated_at)
					VALUES ($1, $2, 'web', $3, $4, 'paid', 'prepaid', 'USD', 900, 0, 0, 900, 'Ada',
					$5, $6, 'en', '{}', '[]', '{}', $7, $7)`, id, "WB-"+strconv.Itoa(i), "old-"+strconv.Itoa(i), st,
					"Ada"+strconv.Itoa(i)+"@Example.com", "+1650253000"+strconv.Itoa(i), at.Add(time.Duration(i)*time.Minute)); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO order_lines (order_id, line_no, product_id, sku, name, quantity,
					unit_price_minor, discount_minor, total_minor, short_quantity) VALUES ($1, 1, 'prd_1', 'MUG-1', 'Mug', 1, 900, 0, 900, 0)`, id); err != nil {
					return err
				}
			}
			return nil
		}))
		_, err = d.Migrate(ctx)
		require.NoError(t, err)

		orders := order.NewStore(d)
		found := func(f order.Filter) []string { return listIDs(t, ctx, orders, f) }
		require.Equal(t, []string{"ord_4"}, found(order.Filter{Email: "ada4@example.com"}))
		require.Equal(t, []string{"ord_7"}, found(order.Filter{Phone: "+16502530007"}))
		require.Equal(t, []string{"ord_2"}, found(order.Filter{Search: "old-2"}))
		require.Len(t, found(order.Filter{SKU: "MUG-1"}), len(statuses), "every state")
		require.Equal(t, wantKeys(t, d), searchKeys(t, d))

		indexes := func() []string {
			q := `SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ($1, $2, $3, $4) ORDER BY name`
			if d.Dialect() == db.Postgres {
				q = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ($1, $2, $3, $4) ORDER BY indexname`
			}
			var names []string
			require.NoError(t, d.Read(ctx, func(tx *db.Tx) (err error) {
				names, err = tx.Strings(ctx, q, "orders_email", "orders_phone", "orders_external_ref", "order_lines_sku")
				return err
			}))
			return names
		}
		require.Empty(t, indexes(), "intake writes none of them")
		_, err = d.MigrateDownTo(ctx, 39)
		require.NoError(t, err)
		require.Equal(t, []string{"order_lines_sku", "orders_email", "orders_external_ref", "orders_phone"}, indexes())
	})
}
