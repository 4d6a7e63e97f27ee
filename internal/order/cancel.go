package order

import (
	"context"
	"encoding/json"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/review"
)

// Cancel cancels an order: its reserved stock is released (each allocation
// exactly once), captured money becomes refund due, and the timeline and the
// audit log say who did it and why.
func (s *Store) Cancel(ctx context.Context, ref, reason string) (Order, error) {
	who, ok := actor.From(ctx)
	if !ok {
		return Order{}, errs.E(errs.Internal, "cancel: no actor")
	}
	var o Order
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		if o, err = getTx(ctx, tx, ref, true); err != nil {
			return err
		}
		return cancelTx(ctx, tx, &o, who, reason)
	})
	return o, err
}

// cancelTx cancels o inside tx; the payment timer uses it too.
func cancelTx(ctx context.Context, tx *db.Tx, o *Order, who actor.Actor, reason string) error {
	if err := checkMove(o.Status, Cancelled); err != nil {
		return err
	}
	holds := make([]inventory.Hold, 0, len(o.Allocations))
	for _, a := range o.Allocations {
		holds = append(holds, inventory.Hold{Key: inventory.Key{WarehouseID: a.WarehouseID, ProductID: a.ProductID},
			Quantity: -a.Quantity, Reference: o.ID})
	}
	res, err := tx.ExecContext(ctx, `UPDATE order_allocations SET released_at = $1 WHERE order_id = $2 AND released_at IS NULL`, tx.Now, o.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != int64(len(holds)) {
		return errs.E(errs.Conflict, "order %s changed while it was being cancelled; retry", o.Number)
	}
	if err := inventory.BookReservations(ctx, tx, who.ID, holds); err != nil {
		return err
	}
	// Nothing waits for stock for a cancelled order: its short units leave
	// the waiting queue (and the backorder and presale quotas they counted in).
	if _, err := tx.ExecContext(ctx, `UPDATE order_lines SET short_quantity = 0 WHERE order_id = $1 AND short_quantity > 0`, o.ID); err != nil {
		return err
	}
	if err := inventory.AnnounceFreed(ctx, tx, "cancel:"+o.ID, holds); err != nil {
		return err
	}
	if err := releaseCoupons(ctx, tx, o.ID); err != nil {
		return err
	}
	if err := cancelFulfilments(ctx, tx, o.ID); err != nil {
		return err
	}
	if err := review.CloseAll(ctx, tx, o.ID, review.Cancel, "the order was cancelled: "+reason, who); err != nil {
		return err
	}
	if err := job.Enqueue(ctx, tx, job.Job{Kind: JobCancellation, Key: o.ID}); err != nil {
		return err
	}
	o.Status = Cancelled
	if o.PaymentStatus == Paid {
		o.PaymentStatus = RefundDue
	}
	o.HoldReason, o.UpdatedAt, o.Allocations, o.Short = "", tx.Now, []Allocation{}, false
	for i := range o.Lines {
		o.Lines[i].ShortQuantity = 0
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = $1, payment_status = $2, hold_reason = '', short = FALSE, updated_at = $3 WHERE id = $4`,
		string(o.Status), string(o.PaymentStatus), tx.Now, o.ID); err != nil {
		return err
	}
	detail, _ := json.Marshal(map[string]any{"reason": reason, "released_units": -sum(holds)})
	if _, err := tx.ExecContext(ctx, `INSERT INTO order_events (id, order_id, at, type, status, payment_status, actor, detail)
		VALUES ($1, $2, $3, 'order.cancelled', $4, $5, $6, $7)`, id.New("evt", tx.Now), o.ID, tx.Now,
		string(o.Status), string(o.PaymentStatus), who.ID, string(detail)); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "order.cancel", "order", o.ID, map[string]any{"reason": reason})
}

func sum(holds []inventory.Hold) int64 {
	var n int64
	for _, h := range holds {
		n += h.Quantity
	}
	return n
}

// cancelFulfilments takes a cancelled order out of the fulfilments not yet
// picked: one of its own is cancelled whole; from one shared with merged
// orders only its lines are removed, and the others still ship. Only
// ready_to_pick may become cancelled (fulfilmentMoves); the later stages
// will decide what cancelling means once picking has begun.
func cancelFulfilments(ctx context.Context, tx *db.Tx, orderID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE fulfilments SET status = 'cancelled', updated_at = $1
		WHERE status = 'ready_to_pick' AND id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $2)
		AND NOT EXISTS (SELECT 1 FROM fulfilment_lines l WHERE l.fulfilment_id = fulfilments.id AND l.order_id <> $2)`,
		tx.Now, orderID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM fulfilment_lines WHERE order_id = $1
		AND fulfilment_id IN (SELECT id FROM fulfilments WHERE status = 'ready_to_pick')`, orderID)
	return err
}
