package order

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// DeliveredAt reads in tx when an order was last delivered (its latest
// order.delivered timeline entry): the moment a later stage counts the
// confirmation period before completing it from.
func DeliveredAt(ctx context.Context, tx *db.Tx, orderID string) (time.Time, error) {
	var at time.Time
	if err := tx.QueryRowContext(ctx, `SELECT at FROM order_events WHERE order_id = $1 AND type = 'order.delivered'
		ORDER BY id DESC LIMIT 1`, orderID).Scan(&at); err != nil {
		return time.Time{}, db.NotFound(err, "order %s was never delivered", errs.Clip(orderID))
	}
	return at.UTC(), nil
}
