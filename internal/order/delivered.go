package order

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
)

// DeliveredPart records, in tx, that parcels of o reached the customer
// (detail names them): the timeline says so (order.parcel_delivered), and
// when every parcel of a shipped order is delivered (all is the tracking
// stage's verdict) the order is delivered (order.delivered). It reports
// whether the order became delivered.
func DeliveredPart(ctx context.Context, tx *db.Tx, o *Order, all bool, who actor.Actor, detail map[string]any) (bool, error) {
	if !all || !o.Status.CanMove(Delivered) {
		return false, AddEvent(ctx, tx, o, "order.parcel_delivered", who, detail)
	}
	if err := move(ctx, tx, o, func(s *standing) { s.Status = Delivered }); err != nil {
		return false, err
	}
	return true, AddEvent(ctx, tx, o, "order.delivered", who, detail)
}

// Complete closes a delivered order in tx: the confirmation period passed
// without a problem raised (the tracking stage's verdict). A COD order's
// cash was collected by then: its payment is settled with the carrier's
// remittance, not here.
func Complete(ctx context.Context, tx *db.Tx, o *Order, who actor.Actor, detail map[string]any) error {
	if err := move(ctx, tx, o, func(s *standing) { s.Status = Completed }); err != nil {
		return err
	}
	return AddEvent(ctx, tx, o, "order.completed", who, detail)
}

// ReturnedToSender records, in tx, that a parcel of o came back to the
// sender (refused, undeliverable); when nothing of a shipped order reached
// the customer (all) the order is returned.
func ReturnedToSender(ctx context.Context, tx *db.Tx, o *Order, all bool, who actor.Actor, detail map[string]any) error {
	if all && o.Status.CanMove(Returned) {
		if err := move(ctx, tx, o, func(s *standing) { s.Status = Returned }); err != nil {
			return err
		}
	}
	return AddEvent(ctx, tx, o, "order.returned_to_sender", who, detail)
}
