package payment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// Outcome is what Waybill did with one gateway event. It is stored
// with the event and answered to the gateway, so its delivery log shows it
// and a retried delivery gets the same answer.
type Outcome struct {
	Outcome   string `json:"outcome" doc:"\"applied: …\", \"ignored: …\" (a late, repeated or irrelevant event) or \"unmatched: …\" (no such order; recorded for a person)"`
	Applied   bool   `json:"applied" doc:"The event changed the order"`
	OrderID   string `json:"order_id,omitempty" doc:"The order the event was matched to"`
	Duplicate bool   `json:"duplicate" doc:"This event id was received before; the outcome is the first delivery's"`
}

// Hooks are what a later stage (review) does when a payment changes an
// order's course, inside the event's transaction; nil does nothing.
type Hooks struct {
	// Mismatch runs when an event holds the order for a payment problem
	// (or adds one to its hold): reason says what, for a person to resolve.
	Mismatch func(ctx context.Context, tx *db.Tx, orderID, reason string) error
	// Settled runs when a payment of the right amount lifts the order's
	// payment hold, by the actor of the event.
	Settled func(ctx context.Context, tx *db.Tx, orderID string, by actor.Actor) error
}

// Store applies gateways' events to orders.
type Store struct {
	db     *db.DB
	orders *order.Store // cancels an order refunded in full, with its hooks
	hooks  Hooks
}

// NewStore returns a store over d that cancels through orders and runs hooks.
func NewStore(d *db.DB, orders *order.Store, hooks Hooks) *Store {
	return &Store{db: d, orders: orders, hooks: hooks}
}

// cancel cancels an order a payment event ended (refunded in full): its
// stock goes back and its fulfilments not yet picked are cancelled, as any
// cancel does, attributed to the gateway.
func (s *Store) cancel(ctx context.Context, tx *db.Tx, orderID, reason string) error {
	o, err := order.Lock(ctx, tx, orderID)
	if err != nil {
		return err
	}
	who, _ := actor.From(ctx)
	return s.orders.CancelTx(ctx, tx, &o, who, reason)
}

// GatewayActor is who a gateway's events are attributed to on the timeline
// and in the audit log: their signature, not an API key, authenticated them.
func GatewayActor(gatewayName string) actor.Actor {
	return actor.Actor{ID: "gateway:" + gatewayName, Name: gatewayName, Role: actor.Integration}
}

// Apply applies a verified gateway event to its order exactly
// once, in one transaction: the event row goes in first, keyed by gateway
// and event id, so a repeated delivery finds it and gets the first outcome
// back with no other effect. An event naming no known order is kept as
// unmatched and still succeeds, since a retry by the gateway would not help.
// Changes are attributed to the actor in ctx, or to the gateway's actor.
func (s *Store) Apply(ctx context.Context, ev gateway.Event) (Outcome, error) {
	if ev.Gateway == "" || ev.EventID == "" || ev.Kind == "" {
		return Outcome{}, errs.E(errs.Invalid, "a payment event needs a gateway, an event id and a kind")
	}
	if !utf8.Valid(ev.Raw) { // JSON must be UTF-8, and PostgreSQL would refuse to keep it
		var f errs.Fields
		f.Add("body", errs.CodeFormat, "the event body must be UTF-8 text")
		return Outcome{}, f.Err()
	}
	if _, ok := actor.From(ctx); !ok {
		ctx = actor.With(ctx, GatewayActor(ev.Gateway))
	}
	ev.OccurredAt = ev.OccurredAt.UTC().Truncate(time.Microsecond) // as stored, so comparisons agree
	var out Outcome
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
		out, err = s.applyTx(ctx, tx, ev)
		return err
	})
	return out, err
}

// applyTx records ev and, if it is new, applies it to its order.
func (s *Store) applyTx(ctx context.Context, tx *db.Tx, ev gateway.Event) (Outcome, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO payment_events (gateway, event_id, order_ref, type, kind, payment_id,
		amount_minor, currency, occurred_at, received_at, applied, outcome, raw)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false, '', $11)
		ON CONFLICT (gateway, event_id) DO NOTHING`,
		ev.Gateway, ev.EventID, ev.OrderRef, ev.Type, string(ev.Kind), ev.PaymentID, ev.AmountMinor, ev.Currency,
		ev.OccurredAt, tx.Now, string(ev.Raw))
	if err != nil {
		return Outcome{}, fmt.Errorf("record payment event: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Outcome{}, fmt.Errorf("record payment event: %w", err)
	}
	if n == 0 {
		out, _, err := storedOutcome(ctx, tx, ev) // delivered twice at once; the other one won
		return out, err
	}
	out, err := s.applyToOrder(ctx, tx, ev)
	if err != nil {
		return Outcome{}, err
	}
	var orderID any
	if out.OrderID != "" {
		orderID = out.OrderID
	}
	_, err = tx.ExecContext(ctx, `UPDATE payment_events SET order_id = $1, applied = $2, outcome = $3
		WHERE gateway = $4 AND event_id = $5`, orderID, out.Applied, out.Outcome, ev.Gateway, ev.EventID)
	if err != nil {
		return Outcome{}, fmt.Errorf("record payment event outcome: %w", err)
	}
	return out, nil
}

// applyToOrder finds, locks and changes the order ev names, if any, and
// starts what the change calls for: an order just confirmed goes to
// review; the hooks hear of a payment hold placed or settled.
func (s *Store) applyToOrder(ctx context.Context, tx *db.Tx, ev gateway.Event) (Outcome, error) {
	if !ev.Kind.Actionable() {
		return Outcome{Outcome: fmt.Sprintf("ignored: %s events are not acted on", ev.Type)}, nil
	}
	before, err := order.LockPayment(ctx, tx, ev.OrderRef)
	if errors.Is(err, sql.ErrNoRows) {
		return Outcome{Outcome: fmt.Sprintf("unmatched: no order %q", ev.OrderRef)}, nil
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("read order %s for a payment event: %w", ev.OrderRef, err)
	}
	v := decidePayment(before, ev)
	if v.dirty {
		if err := order.SetPayment(ctx, tx, before, v.next, v.applied); err != nil {
			return Outcome{}, fmt.Errorf("update order %s payment: %w", before.Number, err)
		}
		if err := recordNotes(ctx, tx, before.ID, ev, v); err != nil {
			return Outcome{}, err
		}
		if err := s.after(ctx, tx, before, v.next); err != nil {
			return Outcome{}, err
		}
		if v.cancel != "" {
			if err := s.cancel(ctx, tx, before.ID, v.cancel); err != nil {
				return Outcome{}, err
			}
		}
	}
	return Outcome{Outcome: v.outcome, Applied: v.applied, OrderID: before.ID}, nil
}

// after starts what a payment's change calls for: an order just confirmed
// goes to review (its payment hold, if it had one, is settled); an order
// just held, or held again, for a payment problem gets the Mismatch hooks.
func (s *Store) after(ctx context.Context, tx *db.Tx, before, next order.Payment) error {
	who, _ := actor.From(ctx)
	if next.Status == order.Confirmed && before.Status != order.Confirmed {
		if before.Status == order.OnHold && s.hooks.Settled != nil {
			if err := s.hooks.Settled(ctx, tx, before.ID, who); err != nil {
				return err
			}
		}
		return order.EnqueueReview(ctx, tx, before.ID)
	}
	if next.Status == order.OnHold && next.HoldReason != before.HoldReason && strings.Contains(next.HoldReason, paymentHoldPrefix) &&
		s.hooks.Mismatch != nil {
		reason := next.HoldReason[strings.LastIndex(next.HoldReason, paymentHoldPrefix)+len(paymentHoldPrefix):]
		return s.hooks.Mismatch(ctx, tx, before.ID, reason)
	}
	return nil
}
