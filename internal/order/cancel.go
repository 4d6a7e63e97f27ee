package order

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
)

// Cancellation is what a cancel hook learns of the cancel it runs in.
type Cancellation struct {
	Order    *Order           // the order with its state before the cancel
	Released []inventory.Hold // the reservations the cancel gave back (negative quantities)
	By       actor.Actor
	Reason   string
}

// CancelHook is what a later stage must undo when an order is cancelled,
// in the cancel's transaction: close its review tasks, give its coupon uses
// back, serve the orders waiting for the stock it freed. An error undoes
// the whole cancel.
type CancelHook func(ctx context.Context, tx *db.Tx, c Cancellation) error

// OnCancel registers hooks every cancel runs, in the order registered.
// Register them all before the store is used.
func (s *Store) OnCancel(hooks ...CancelHook) { s.onCancel = append(s.onCancel, hooks...) }

// Cancel cancels an order: its reserved stock is released (each allocation
// exactly once), captured money becomes refund due (all of it: the order's
// refund_due_minor), a payment not made is voided, and the timeline and the
// audit log say who did it and why.
func (s *Store) Cancel(ctx context.Context, ref, reason string) (Order, error) {
	who, ok := actor.From(ctx)
	if !ok {
		return Order{}, errs.E(errs.Internal, "cancel: no actor")
	}
	reason, err := CancelReason(reason)
	if err != nil {
		return Order{}, err
	}
	var o Order
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		if o, err = Lock(ctx, tx, ref); err != nil {
			return err
		}
		if hidden(ctx, o.Channel) {
			return notFound(ref)
		}
		return s.CancelTx(ctx, tx, &o, who, reason)
	})
	return o, err
}

// CancelTx cancels o, as Lock read it, inside tx: the payment timer, the
// risk rules' reject and reviewers cancel through it. Its fulfilments not
// yet picked are cancelled, the registered hooks run, and the customer is
// told by a job.
func (s *Store) CancelTx(ctx context.Context, tx *db.Tx, o *Order, who actor.Actor, reason string) error {
	if err := checkMove(o.Status, Cancelled); err != nil {
		return err
	}
	holds, err := releaseAllocations(ctx, tx, o)
	if err != nil {
		return err
	}
	if err := inventory.BookReservations(ctx, tx, who.ID, holds); err != nil {
		return err
	}
	// Nothing waits for stock for a cancelled order: its short units leave
	// the waiting queue (and the backorder and presale quotas they counted in).
	if _, err := tx.ExecContext(ctx, `UPDATE order_lines SET short_quantity = 0 WHERE order_id = $1 AND short_quantity > 0`, o.ID); err != nil {
		return err
	}
	if err := fulfilment.CancelOrder(ctx, tx, o.ID, who.ID); err != nil {
		return err
	}
	if o.Fulfilments, err = fulfilment.OfOrder(ctx, tx, o.ID); err != nil { // the answer shows them cancelled
		return err
	}
	for _, h := range s.onCancel {
		if err := h(ctx, tx, Cancellation{Order: o, Released: holds, By: who, Reason: reason}); err != nil {
			return err
		}
	}
	if err := enqueueMessage(ctx, tx, o.ID, CancellationMessage); err != nil {
		return err
	}
	if err := move(ctx, tx, o, func(st *standing) {
		st.Status, st.Short = Cancelled, false
		switch st.PaymentStatus {
		case Paid, PartiallyRefunded: // what was captured goes back, less what already did
			st.PaymentStatus, st.RefundDue = RefundDue, o.PaidMinor
		case Refunded: // refunded in full already (the cancel may be the refund's)
			st.RefundDue = o.PaidMinor
		case AwaitingPayment, PaymentFailed, CODPending, Authorized: // nothing captured; an authorization is to be voided
			st.PaymentStatus = Voided
		}
	}); err != nil {
		return err
	}
	o.Allocations = []Allocation{}
	for i := range o.Lines {
		o.Lines[i].ShortQuantity = 0
	}
	var r rows
	r.event(tx, o.ID, "order.cancelled", o.Status, o.PaymentStatus, who.ID, map[string]any{"reason": reason, "released_units": -sum(holds)})
	if err := writeEntries(ctx, tx, r.events); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "order.cancel", "order", o.ID, map[string]any{"reason": reason})
}

// releaseAllocations marks o's allocations released and returns the
// reservations to give back: what each still reserves, as the UPDATE that
// locks it reads it, so a pick committed a moment before (its units no
// longer reserved) is not released a second time.
func releaseAllocations(ctx context.Context, tx *db.Tx, o *Order) ([]inventory.Hold, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE order_allocations SET released_at = $1 WHERE order_id = $2 AND released_at IS NULL
		RETURNING warehouse_id, product_id, quantity - picked`, tx.Now, o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	holds, n := make([]inventory.Hold, 0, len(o.Allocations)), 0
	for rows.Next() {
		var h inventory.Hold
		if err := rows.Scan(&h.WarehouseID, &h.ProductID, &h.Quantity); err != nil {
			return nil, err
		}
		n++
		if h.Quantity > 0 { // picked units are no longer reserved: the warehouse stage puts them away
			h.Quantity, h.Reference = -h.Quantity, o.ID
			holds = append(holds, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n != len(o.Allocations) {
		return nil, errs.E(errs.Conflict, "order %s changed while it was being cancelled; retry", o.Number)
	}
	return holds, nil
}

func sum(holds []inventory.Hold) int64 {
	var n int64
	for _, h := range holds {
		n += h.Quantity
	}
	return n
}

// MaxCancelReason is the most characters a cancel's reason may have.
const MaxCancelReason = 500

// CancelReason checks why a person or a shop cancels: required, at most
// MaxCancelReason characters, trimmed; the problem is at "reason".
func CancelReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	var f errs.Fields
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		f.Add("reason", errs.CodeRequired, "give a reason for cancelling")
	case n > MaxCancelReason:
		f.Add("reason", errs.CodeTooLong, "the reason can be at most %d characters", MaxCancelReason)
	}
	return reason, f.Err()
}
