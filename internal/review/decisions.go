package review

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// onOrders applies reviewers' decisions to orders through the order
// stage's verbs, and hands approved orders to release.
type onOrders struct{ s *Store }

// approve records a reviewer's approval. When it was the order's last open
// task, the order goes on (conclude).
func (d onOrders) approve(ctx context.Context, tx *db.Tx, orderID string, by actor.Actor, note string) error {
	o, err := order.Lock(ctx, tx, orderID)
	if err != nil {
		return err
	}
	if o.Status != order.OnHold && o.Status != order.Confirmed {
		return errs.E(errs.Conflict, "order %s is %s; only a held or confirmed order can be approved", o.Number, o.Status)
	}
	if err := order.AddEvent(ctx, tx, &o, "order.review_approved", by, map[string]any{"note": note}); err != nil {
		return err
	}
	return d.s.conclude(ctx, tx, &o, by)
}

// correctAddress changes the order's shipping address after a reviewer
// checked it with the customer, sources the order again for the new
// destination, and lets it go on when no other task is open.
func (d onOrders) correctAddress(ctx context.Context, tx *db.Tx, orderID string, addr address.Address, by actor.Actor) error {
	o, err := order.Lock(ctx, tx, orderID)
	if err != nil {
		return err
	}
	if o.Status != order.OnHold && o.Status != order.Confirmed {
		return errs.E(errs.Conflict, "order %s is %s; its address can no longer be corrected", o.Number, o.Status)
	}
	clean, problems := address.Validate(addr)
	var f errs.Fields
	f.Merge("address", problems)
	if err := f.Err(); err != nil {
		return err
	}
	if err := order.SetShippingAddress(ctx, tx, &o, clean, by); err != nil {
		return err
	}
	// Later orders' velocity checks count the order at its new address.
	if err := RecordKeys(ctx, tx, o.ID, o.CreatedAt, factsOf(o)); err != nil {
		return err
	}
	short := shortUnits(o)
	if err := d.s.release.Resource(ctx, tx, &o, by); err != nil {
		return err
	}
	if shortUnits(o) > short {
		var f errs.Fields
		f.Add("address", "not_served", "the warehouses can ship only part of the order to %s %s; keep the old address or cancel",
			clean.Country, clean.PostalCode)
		return &errs.Error{Kind: errs.Conflict, Message: "no warehouse with the stock serves the corrected address", Fields: f}
	}
	return d.s.conclude(ctx, tx, &o, by)
}

// cancel cancels the order on a reviewer's decision; the order's cancel
// hook closes its other tasks.
func (d onOrders) cancel(ctx context.Context, tx *db.Tx, orderID, reason string, by actor.Actor) error {
	o, err := order.Lock(ctx, tx, orderID)
	if err != nil {
		return err
	}
	return d.s.orders.CancelTx(ctx, tx, &o, by, reason)
}

// conclude lets o go on once none of its tasks is still open and its
// payment allows it: off hold, reviewed (now, if a payment problem held it
// before its review ran), then released.
func (s *Store) conclude(ctx context.Context, tx *db.Tx, o *order.Order, by actor.Actor) error {
	open, err := OpenTasks(ctx, tx, o.ID)
	if err != nil || open > 0 {
		return err
	}
	switch o.PaymentStatus {
	case order.Paid, order.Authorized, order.CODPending:
	default:
		return errs.E(errs.Conflict, "order %s cannot be released: its payment is %s", o.Number, o.PaymentStatus)
	}
	if o.Status == order.OnHold {
		if err := order.Resume(ctx, tx, o); err != nil {
			return err
		}
	}
	if o.ReviewedAt == nil {
		return s.review(ctx, tx, o) // held before its review ran (a payment problem): review it now
	}
	return s.release.Release(ctx, tx, o, by)
}

func shortUnits(o order.Order) int64 {
	var n int64
	for _, l := range o.Lines {
		n += l.ShortQuantity
	}
	return n
}
