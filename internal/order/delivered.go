package order

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
)

// Settlement is one parcel's journey ending as it touches one order: at
// the customer (Delivered) or back at the sender.
type Settlement struct {
	Order     *Order
	Delivered bool
	// Last says the journey ends the order's: delivered, nothing of it is
	// left on the way; returned, nothing of it reached the customer.
	Last   bool
	Detail map[string]any
}

// Settle records settlements in tx, in the order given: a delivered
// parcel is on the order's timeline (order.parcel_delivered: partial
// delivery), and its last parcel moves a shipped order to delivered
// (order.delivered); a parcel back at the sender is on the timeline
// (order.returned_to_sender) and, when nothing reached the customer, the
// order is returned. Every entry is audited; entries and audit are
// written in one statement each. It returns the ids of the orders it
// delivered, whose confirmation period starts now.
func Settle(ctx context.Context, tx *db.Tx, who actor.Actor, settlements []Settlement) ([]string, error) {
	var r rows
	var changes []audit.Change
	var delivered []string
	for _, s := range settlements {
		o, typ := s.Order, "order.returned_to_sender"
		to := Returned
		if s.Delivered {
			typ, to = "order.parcel_delivered", Delivered
		}
		if s.Last && o.Status.CanMove(to) {
			if err := move(ctx, tx, o, func(st *standing) { st.Status = to }); err != nil {
				return nil, err
			}
			if s.Delivered {
				typ = "order.delivered"
				delivered = append(delivered, o.ID)
			}
		}
		r.event(tx, o.ID, typ, o.Status, o.PaymentStatus, who.ID, s.Detail)
		changes = append(changes, audit.Change{Actor: who, Action: typ, Entity: "order", EntityID: o.ID, Detail: s.Detail})
	}
	if err := writeEntries(ctx, tx, r.events); err != nil {
		return nil, err
	}
	return delivered, audit.RecordAll(ctx, tx, changes)
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
