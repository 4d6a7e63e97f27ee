package pick

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
)

// settle moves on what a scan finished, in its transaction: a fulfilment
// with nothing left to pick on any task becomes picked (queued for
// packing; its orders' timelines say so), a task with nothing left is
// done, and a wave whose tasks are all done or cancelled is done.
func settle(ctx context.Context, tx *db.Tx, t lockedTask, fulfilmentID string, who actor.Actor) (picked, done bool, err error) {
	left, err := unfinished(ctx, tx, fulfilmentID)
	if err != nil {
		return false, false, err
	}
	if left == 0 {
		if picked, err = finish(ctx, tx, fulfilmentID, who); err != nil {
			return false, false, err
		}
	}
	if err := closeTask(ctx, tx, t.id); err != nil {
		return false, false, err
	}
	var status string
	err = tx.QueryRowContext(ctx, `SELECT status FROM pick_tasks WHERE id = $1`, t.id).Scan(&status)
	return picked, status == TaskDone, err
}

// unfinished counts a fulfilment's lines with units still to pick, or,
// on a put wall, picked units not yet sorted into its slot.
func unfinished(ctx context.Context, tx *db.Tx, fulfilmentID string) (int, error) {
	var left int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pick_lines l JOIN pick_tasks t ON t.id = l.task_id
		WHERE l.fulfilment_id = $1 AND (l.picked + l.short + l.cancelled < l.quantity OR (t.strategy = 'putwall' AND l.sorted < l.picked))`,
		fulfilmentID).Scan(&left)
	return left, err
}

// finish moves a fulfilment whose every line is picked, short or
// cancelled to picked (or, when nothing at all was picked, leaves it to
// its order's cancel or shortage), with the totes holding it.
func finish(ctx context.Context, tx *db.Tx, fulfilmentID string, who actor.Actor) (bool, error) {
	var status string
	var units int64
	if err := tx.QueryRowContext(ctx, `SELECT f.status, coalesce((SELECT sum(picked) FROM pick_lines WHERE fulfilment_id = f.id), 0)
		FROM fulfilments f WHERE f.id = $1`, fulfilmentID).Scan(&status, &units); err != nil {
		return false, err
	}
	if fulfilment.Status(status) != fulfilment.Picking {
		return false, nil
	}
	if units == 0 { // every unit short or cancelled: nothing goes to packing
		return false, fulfilment.Move(ctx, tx, []string{fulfilmentID}, fulfilment.Picking, fulfilment.Cancelled,
			"fulfilment.nothing_picked", who.ID, nil)
	}
	rows, err := tx.QueryContext(ctx, `SELECT tote FROM pick_totes WHERE fulfilment_id = $1 AND tote IS NOT NULL ORDER BY tote`, fulfilmentID)
	if err != nil {
		return false, err
	}
	totes, err := collect(rows)
	if err != nil {
		return false, err
	}
	detail := map[string]any{"totes": totes, "units": units}
	if err := fulfilment.Move(ctx, tx, []string{fulfilmentID}, fulfilment.Picking, fulfilment.Picked, "fulfilment.picked", who.ID, detail); err != nil {
		return false, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT DISTINCT order_id FROM fulfilment_lines WHERE fulfilment_id = $1 ORDER BY order_id`, fulfilmentID)
	if err != nil {
		return false, err
	}
	orders, err := collect(rows)
	if err != nil {
		return false, err
	}
	for _, oid := range orders {
		var st order.Status
		var ps order.PaymentStatus
		if err := tx.QueryRowContext(ctx, `SELECT status, payment_status FROM orders WHERE id = $1`, oid).Scan(&st, &ps); err != nil {
			return false, err
		}
		if err := order.AddEvents(ctx, tx, oid, who, order.Note{Type: "order.picked", Status: st, PaymentStatus: ps,
			Detail: map[string]any{"fulfilment": fulfilmentID, "totes": totes}}); err != nil {
			return false, err
		}
	}
	return true, nil
}
