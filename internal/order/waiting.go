package order

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// The orders waiting for stock are those with short lines. These queries
// read them for the stages that decide about them: release serves them when
// stock arrives, the shortage policies count them against their quotas.

// AnyWaiting reports whether a live order has a short line of one of the
// products: whether stock of them has someone to serve (inventory.Waiting).
func AnyWaiting(ctx context.Context, tx *db.Tx, productIDs []string) (bool, error) {
	args := db.Args(productIDs)
	var waiting bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM order_lines WHERE short_quantity > 0
		AND product_id IN (`+tx.Placeholders(1, len(args))+`))`, args...).Scan(&waiting)
	return waiting, err
}

// WaitingAt is a position in the waiting queue: order date, then id.
type WaitingAt struct {
	Created time.Time
	ID      string
}

// Waiting lists up to limit live orders with short lines of the products,
// in order-date order (ids of one batch rise in arrival order), after the
// position given.
func Waiting(ctx context.Context, tx *db.Tx, productIDs []string, after WaitingAt, limit int) ([]WaitingAt, error) {
	args := []any{after.Created, after.ID}
	for _, p := range productIDs {
		args = append(args, p)
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.created_at FROM orders o
		WHERE o.status IN ('confirmed', 'on_hold', 'released') AND (o.created_at > $1 OR (o.created_at = $1 AND o.id > $2))
		AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.short_quantity > 0
			AND l.product_id IN (`+tx.Placeholders(3, len(productIDs))+`))
		ORDER BY o.created_at, o.id LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WaitingAt
	for rows.Next() {
		var w WaitingAt
		if err := rows.Scan(&w.ID, &w.Created); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// WaitingAfterShipping lists the shipped or delivered orders with short
// lines of the products: units owed again (a reship) that wait for stock.
func WaitingAfterShipping(ctx context.Context, tx *db.Tx, productIDs []string) ([]string, error) {
	args := db.Args(productIDs)
	return tx.Strings(ctx, `SELECT DISTINCT o.id FROM order_lines l JOIN orders o ON o.id = l.order_id
		WHERE l.short_quantity > 0 AND l.product_id IN (`+tx.Placeholders(1, len(args))+`)
		AND o.status IN ('shipped', 'delivered') ORDER BY o.id`, args...)
}

// WaitingUnits counts a product's units accepted as backorder or presale
// and not yet covered, on orders still alive: what the product's quota has
// given out.
func WaitingUnits(ctx context.Context, tx *db.Tx, productID string) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(l.short_quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
		WHERE l.product_id = $1 AND l.short_quantity > 0 AND l.short_policy IN ('backorder', 'presale') AND o.status <> 'cancelled'`,
		productID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count waiting units: %w", err)
	}
	return n, nil
}

// ConfirmedOf lists the confirmed, unreleased orders of one customer
// (e-mail) placed between from and to, oldest first, except one: the
// orders release may merge into one shipment.
func ConfirmedOf(ctx context.Context, tx *db.Tx, email string, from, to time.Time, except string) ([]string, error) {
	return tx.Strings(ctx, `SELECT id FROM orders WHERE customer_email = $1 AND id <> $2 AND status = 'confirmed'
		AND released_at IS NULL AND created_at >= $3 AND created_at <= $4 ORDER BY created_at, id`, email, except, from, to)
}
