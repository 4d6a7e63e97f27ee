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
	err := readTimeline(ctx, tx, orderID, true, func(t time.Time, e entry) bool {
		if e.Type == "order.delivered" {
			at = t
			return false
		}
		return true
	})
	if err == nil && at.IsZero() {
		err = errs.E(errs.NotFound, "order %s was never delivered", errs.Clip(orderID))
	}
	return at, err
}
