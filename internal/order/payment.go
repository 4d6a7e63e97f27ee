package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// PaymentOutcome is what Waybill did with one gateway event. It is stored
// with the event and answered to the gateway, so its delivery log shows it
// and a retried delivery gets the same answer.
type PaymentOutcome struct {
	Outcome   string `json:"outcome" doc:"\"applied: …\", \"ignored: …\" (a late, repeated or irrelevant event) or \"unmatched: …\" (no such order; recorded for a person)"`
	Applied   bool   `json:"applied" doc:"The event changed the order"`
	OrderID   string `json:"order_id,omitempty" doc:"The order the event was matched to"`
	Duplicate bool   `json:"duplicate" doc:"This event id was received before; the outcome is the first delivery's"`
}

// GatewayActor is who a gateway's events are attributed to on the timeline
// and in the audit log: their signature, not an API key, authenticated them.
func GatewayActor(gatewayName string) actor.Actor {
	return actor.Actor{ID: "gateway:" + gatewayName, Name: gatewayName, Role: actor.Integration}
}

// ApplyPaymentEvent applies a verified gateway event to its order exactly
// once, in one transaction: the event row goes in first, keyed by gateway
// and event id, so a repeated delivery finds it and gets the first outcome
// back with no other effect. An event naming no known order is kept as
// unmatched and still succeeds, since a retry by the gateway would not help.
// Changes are attributed to the actor in ctx, or to the gateway's actor.
func (s *Store) ApplyPaymentEvent(ctx context.Context, ev gateway.Event) (PaymentOutcome, error) {
	if ev.Gateway == "" || ev.EventID == "" || ev.Kind == "" {
		return PaymentOutcome{}, errs.E(errs.Invalid, "a payment event needs a gateway, an event id and a kind")
	}
	if !utf8.Valid(ev.Raw) { // JSON must be UTF-8, and PostgreSQL would refuse to keep it
		var f errs.Fields
		f.Add("body", errs.CodeFormat, "the event body must be UTF-8 text")
		return PaymentOutcome{}, f.Err()
	}
	if _, ok := actor.From(ctx); !ok {
		ctx = actor.With(ctx, GatewayActor(ev.Gateway))
	}
	ev.OccurredAt = ev.OccurredAt.UTC().Truncate(time.Microsecond) // as stored, so comparisons agree
	var out PaymentOutcome
	var found bool
	err := s.db.Read(ctx, func(tx *db.Tx) error { // a retry costs no write
		var err error
		out, found, err = storedOutcome(ctx, tx, ev)
		return err
	})
	if err != nil || found {
		return out, err
	}
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		out, err = s.applyPaymentTx(ctx, tx, ev)
		return err
	})
	return out, err
}

// applyPaymentTx records ev and, if it is new, applies it to its order.
func (s *Store) applyPaymentTx(ctx context.Context, tx *db.Tx, ev gateway.Event) (PaymentOutcome, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO payment_events (gateway, event_id, order_ref, type, kind, payment_id,
		amount_minor, currency, occurred_at, received_at, applied, outcome, raw)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false, '', $11)
		ON CONFLICT (gateway, event_id) DO NOTHING`,
		ev.Gateway, ev.EventID, ev.OrderRef, ev.Type, string(ev.Kind), ev.PaymentID, ev.AmountMinor, ev.Currency,
		ev.OccurredAt, tx.Now, string(ev.Raw))
	if err != nil {
		return PaymentOutcome{}, fmt.Errorf("record payment event: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return PaymentOutcome{}, fmt.Errorf("record payment event: %w", err)
	}
	if n == 0 {
		out, _, err := storedOutcome(ctx, tx, ev) // delivered twice at once; the other one won
		return out, err
	}
	out, err := s.applyToOrder(ctx, tx, ev)
	if err != nil {
		return PaymentOutcome{}, err
	}
	var orderID any
	if out.OrderID != "" {
		orderID = out.OrderID
	}
	_, err = tx.ExecContext(ctx, `UPDATE payment_events SET order_id = $1, applied = $2, outcome = $3
		WHERE gateway = $4 AND event_id = $5`, orderID, out.Applied, out.Outcome, ev.Gateway, ev.EventID)
	if err != nil {
		return PaymentOutcome{}, fmt.Errorf("record payment event outcome: %w", err)
	}
	return out, nil
}

// applyToOrder finds, locks and changes the order ev names, if any.
func (s *Store) applyToOrder(ctx context.Context, tx *db.Tx, ev gateway.Event) (PaymentOutcome, error) {
	if !ev.Kind.Actionable() {
		return PaymentOutcome{Outcome: fmt.Sprintf("ignored: %s events are not acted on", ev.Type)}, nil
	}
	st, err := lockPayState(ctx, tx, ev.OrderRef)
	if errors.Is(err, sql.ErrNoRows) {
		return PaymentOutcome{Outcome: fmt.Sprintf("unmatched: no order %q", ev.OrderRef)}, nil
	}
	if err != nil {
		return PaymentOutcome{}, fmt.Errorf("read order %s for a payment event: %w", ev.OrderRef, err)
	}
	v := decidePayment(st, ev)
	if err := writeVerdict(ctx, tx, st, ev, v); err != nil {
		return PaymentOutcome{}, err
	}
	if err := s.afterPayment(ctx, tx, st, v); err != nil {
		return PaymentOutcome{}, err
	}
	return PaymentOutcome{Outcome: v.outcome, Applied: v.applied, OrderID: st.ID}, nil
}
