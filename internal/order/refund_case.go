package order

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/money"
)

// RefundForCase makes amount of o owed back to the customer (refund_due_minor)
// in tx, for customer service settling a tracking case (a lost parcel, a
// problem the customer raised); the gateway's refund pays it out as for any
// refund due. It is refused (a conflict) when more would be owed back than
// the order's total less what was refunded or owed already. The timeline
// says so (order.refund_due, detail names the case) and is audited.
func RefundForCase(ctx context.Context, tx *db.Tx, o *Order, amount int64, who actor.Actor, detail map[string]any) error {
	left := o.TotalMinor - o.RefundedMinor - o.RefundDueMinor
	if amount < 1 || amount > left {
		return errs.E(errs.Conflict, "order %s has %s left to refund; %s is more", o.Number, money.Format(left, o.Currency),
			money.Format(amount, o.Currency))
	}
	if err := move(ctx, tx, o, func(s *standing) { s.RefundDue += amount }); err != nil {
		return err
	}
	d := map[string]any{"amount_minor": amount, "currency": o.Currency, "refund_due_minor": o.RefundDueMinor}
	for k, v := range detail {
		d[k] = v
	}
	return AddEvent(ctx, tx, o, "order.refund_due", who, d)
}
