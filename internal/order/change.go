package order

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/risk"
)

// The verbs below change an order inside a stage's transaction. Each takes
// the order as Lock read it, writes the change with its timeline entry and
// audit record, and keeps the Order in step, so the stage can go on with it.

// Lock reads an order for a change in tx, by id or number: on PostgreSQL
// it holds the row lock until tx ends (SQLite's one writer needs none).
func Lock(ctx context.Context, tx *db.Tx, ref string) (Order, error) {
	return getTx(ctx, tx, ref, true)
}

// Read reads an order in tx without locking it, by id or number, for a
// stage that only needs its facts (an address, a promise).
func Read(ctx context.Context, tx *db.Tx, ref string) (Order, error) {
	return getTx(ctx, tx, ref, false)
}

// Hold puts o on hold for kind, with reason for people, and adds
// order.held to its timeline (detail says more). An order already on hold
// takes the new kind and reason.
func Hold(ctx context.Context, tx *db.Tx, o *Order, kind HoldKind, reason string, who actor.Actor, detail map[string]any) error {
	if err := move(ctx, tx, o, func(s *standing) { s.Status, s.HoldKind, s.HoldReason = OnHold, kind, reason }); err != nil {
		return err
	}
	detail["reason"] = reason
	return AddEvent(ctx, tx, o, "order.held", who, detail)
}

// Resume takes o off hold, back to confirmed, for review or release to go
// on with it; the event of what follows says why.
func Resume(ctx context.Context, tx *db.Tx, o *Order) error {
	return move(ctx, tx, o, func(s *standing) { s.Status = Confirmed })
}

// MarkReleased records that o went to its warehouses (its fulfilments are
// written by then) and adds order.released to its timeline.
func MarkReleased(ctx context.Context, tx *db.Tx, o *Order, who actor.Actor, detail map[string]any) error {
	if err := move(ctx, tx, o, func(s *standing) { s.Status = Released }); err != nil {
		return err
	}
	return AddEvent(ctx, tx, o, "order.released", who, detail)
}

// MarkReviewed records that the automatic review ran, with its verdict on
// the timeline (order.reviewed): only a reviewed order is released.
func MarkReviewed(ctx context.Context, tx *db.Tx, o *Order, who actor.Actor, detail map[string]any) error {
	now := tx.Now
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET reviewed_at = $1 WHERE id = $2`, now, o.ID); err != nil {
		return err
	}
	o.ReviewedAt = &now
	return AddEvent(ctx, tx, o, "order.reviewed", who, detail)
}

// SetRisk stores the risk rules' verdict with o: its score and reasons.
func SetRisk(ctx context.Context, tx *db.Tx, o *Order, score int, reasons []risk.Reason) error {
	if reasons == nil {
		reasons = []risk.Reason{}
	}
	text, err := json.Marshal(reasons)
	if err != nil {
		return fmt.Errorf("encode risk reasons of %s: %w", o.Number, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET risk_score = $1, risk_reasons = $2 WHERE id = $3`, score, string(text), o.ID); err != nil {
		return err
	}
	o.RiskScore, o.RiskReasons = score, reasons
	return nil
}

// SetShippingAddress replaces o's shipping address with addr (already
// address.Validate's normal form) and adds order.address_corrected.
func SetShippingAddress(ctx context.Context, tx *db.Tx, o *Order, addr address.Address, who actor.Actor) error {
	text, err := json.Marshal(addr)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET shipping_address = $1, updated_at = $2 WHERE id = $3`, string(text), tx.Now, o.ID); err != nil {
		return err
	}
	before := o.ShippingAddress
	o.ShippingAddress, o.UpdatedAt = addr, tx.Now
	return AddEvent(ctx, tx, o, "order.address_corrected", who, map[string]any{"from": before, "to": addr})
}

// AddEvent writes one timeline entry with o's current states and an audit
// entry for it.
func AddEvent(ctx context.Context, tx *db.Tx, o *Order, typ string, who actor.Actor, detail map[string]any) error {
	var r rows
	r.event(tx, o.ID, typ, o.Status, o.PaymentStatus, who.ID, detail)
	if err := writeEntries(ctx, tx, r.events); err != nil {
		return err
	}
	return audit.RecordAll(ctx, tx, []audit.Change{{Actor: who, Action: typ, Entity: "order", EntityID: o.ID, Detail: detail}})
}

// Note is a timeline entry to write with the states the order has after it.
type Note struct {
	Type          string
	Status        Status
	PaymentStatus PaymentStatus
	Detail        map[string]any
}

// AddEvents writes notes to the order's timeline in the order given (their
// ids rise in that order, and the timeline sorts by time, then id), all
// attributed to who. Unlike AddEvent it writes no audit entry: the caller
// audits the change as a whole.
func AddEvents(ctx context.Context, tx *db.Tx, orderID string, who actor.Actor, notes ...Note) error {
	var r rows
	for _, n := range notes {
		r.event(tx, orderID, n.Type, n.Status, n.PaymentStatus, who.ID, n.Detail)
	}
	return writeEntries(ctx, tx, r.events)
}
