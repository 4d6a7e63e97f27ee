package order

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
)

// CODRemitted records, in tx, that the carrier paid over the cash its
// driver collected for the cash-on-delivery order o: amount (minor units,
// the order's currency) is added to what was paid, and once the order's
// total is paid its payment moves from cod_pending to paid, with
// payment.paid on the timeline (detail names the remittance). It reports
// whether the order became paid; an order already paid, or not waiting for
// cash, only adds the amount.
func CODRemitted(ctx context.Context, tx *db.Tx, o *Order, amount int64, who actor.Actor, detail map[string]any) (bool, error) {
	o.PaidMinor += amount
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET paid_minor = $1, updated_at = $2 WHERE id = $3`, o.PaidMinor, tx.Now, o.ID); err != nil {
		return false, err
	}
	if o.PaymentStatus != CODPending || o.PaidMinor < o.TotalMinor {
		return false, nil
	}
	if err := move(ctx, tx, o, func(s *standing) { s.PaymentStatus = Paid }); err != nil {
		return false, err
	}
	detail["paid_minor"] = o.PaidMinor
	return true, AddEvent(ctx, tx, o, "payment.paid", who, detail)
}
