package review

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment"
)

// What review does when other stages change an order, in their
// transactions; cmd/waybill registers these with them.

// CloseOnCancel is the order cancel hook that closes the order's open and
// claimed tasks: nobody should work them now.
func CloseOnCancel(ctx context.Context, tx *db.Tx, c order.Cancellation) error {
	return CloseAll(ctx, tx, c.Order.ID, Cancel, "the order was cancelled: "+c.Reason, c.By)
}

// PaymentHooks are the payment stage's hooks of review: a payment problem
// opens a payment_mismatch task for a person; a payment that settles it
// closes the order's tasks.
func (s *Store) PaymentHooks() payment.Hooks {
	return payment.Hooks{
		Mismatch: func(ctx context.Context, tx *db.Tx, orderID, reason string) error {
			return s.Open(ctx, tx, NewTask{OrderID: orderID, Kind: PaymentMismatch, Reason: reason})
		},
		Settled: func(ctx context.Context, tx *db.Tx, orderID string, by actor.Actor) error {
			return CloseAll(ctx, tx, orderID, Approve, "settled by the gateway's payment", by)
		},
	}
}
