package order

import (
	"context"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// CancelShortUnits cancels units of a line that are short, in tx, as the
// cancel_short policy does at intake: the line no longer waits for them,
// and what they cost is owed back (refund_due_minor) when it was paid for,
// or is no longer collected from a cash-on-delivery order. The timeline
// says why and the customer is told, once per event. It returns the amount
// taken off the order.
func CancelShortUnits(ctx context.Context, tx *db.Tx, o *Order, lineNo int, units int64, who actor.Actor, detail map[string]any) (int64, error) {
	li := slices.IndexFunc(o.Lines, func(l Line) bool { return l.LineNo == lineNo })
	if li < 0 || units < 1 || o.Lines[li].ShortQuantity < units {
		return 0, errs.E(errs.Conflict, "order %s line %d is not short of %d units", o.Number, lineNo, units)
	}
	l := &o.Lines[li]
	before := l.CancelledMinor()
	l.CancelledQuantity += units
	l.ShortQuantity -= units
	amount := l.CancelledMinor() - before
	o.Short = slices.ContainsFunc(o.Lines, func(l Line) bool { return l.ShortQuantity > 0 })
	if _, err := tx.ExecContext(ctx, `UPDATE order_lines SET cancelled_quantity = $1, short_quantity = $2
		WHERE order_id = $3 AND line_no = $4`, l.CancelledQuantity, l.ShortQuantity, o.ID, lineNo); err != nil {
		return 0, err
	}
	if o.PaymentStatus == CODPending {
		o.TotalMinor -= amount // the courier collects less; nothing was paid
	} else {
		o.RefundDueMinor += amount
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET total_minor = $1, refund_due_minor = $2, short = $3, updated_at = $4
		WHERE id = $5`, o.TotalMinor, o.RefundDueMinor, o.Short, tx.Now, o.ID); err != nil {
		return 0, err
	}
	o.UpdatedAt = tx.Now
	d := map[string]any{"line_no": lineNo, "sku": l.SKU, "units": units, "amount_minor": amount}
	for k, v := range detail {
		d[k] = v
	}
	if err := AddEvent(ctx, tx, o, "order.units_cancelled", who, d); err != nil {
		return 0, err
	}
	return amount, enqueueEventMessage(ctx, tx, o.ID, UnitsCancelledMessage, id.New("ucx", tx.Now))
}

// NoticeDelay queues the customer's delay notice about o in tx, once per
// event: units the warehouse could not pick follow when stock arrives.
func NoticeDelay(ctx context.Context, tx *db.Tx, o *Order) error {
	return enqueueEventMessage(ctx, tx, o.ID, DelayMessage, id.New("dly", tx.Now))
}
