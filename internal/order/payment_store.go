package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// storedOutcome returns the outcome kept for an event received before.
func storedOutcome(ctx context.Context, tx *db.Tx, ev gateway.Event) (PaymentOutcome, bool, error) {
	out := PaymentOutcome{Duplicate: true}
	var orderID sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT order_id, applied, outcome FROM payment_events
		WHERE gateway = $1 AND event_id = $2`, ev.Gateway, ev.EventID).Scan(&orderID, &out.Applied, &out.Outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return PaymentOutcome{}, false, nil
	}
	if err != nil {
		return PaymentOutcome{}, false, fmt.Errorf("read payment event: %w", err)
	}
	out.OrderID = orderID.String
	return out, true, nil
}

// lockPayState reads the payment side of an order by id or number, locked
// on PostgreSQL until the transaction ends (SQLite has one writer anyway).
func lockPayState(ctx context.Context, tx *db.Tx, ref string) (payState, error) {
	q := `SELECT id, number, status, payment_status, currency, total_minor, hold_reason, payment_gateway,
		payment_id, paid_minor, refunded_minor, payment_event_at FROM orders WHERE id = $1 OR number = $1`
	if tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	var s payState
	var at sql.NullTime
	err := tx.QueryRowContext(ctx, q, ref).Scan(&s.ID, &s.Number, &s.Status, &s.PaymentStatus, &s.Currency,
		&s.TotalMinor, &s.HoldReason, &s.Gateway, &s.PaymentID, &s.PaidMinor, &s.RefundedMinor, &at)
	if at.Valid {
		s.EventAt = at.Time.UTC()
	}
	return s, err
}

// writeVerdict stores the order's new payment state with its timeline
// entries and, for a change, an audit entry.
func writeVerdict(ctx context.Context, tx *db.Tx, s payState, ev gateway.Event, v verdict) error {
	if !v.dirty {
		return nil
	}
	n := v.next
	var at any
	if !n.EventAt.IsZero() {
		at = n.EventAt
	}
	set := `status = $1, payment_status = $2, hold_reason = $3, payment_gateway = $4, payment_id = $5,
		paid_minor = $6, refunded_minor = $7, payment_event_at = $8`
	args := []any{string(n.Status), string(n.PaymentStatus), n.HoldReason, n.Gateway, n.PaymentID, n.PaidMinor,
		n.RefundedMinor, at, s.ID}
	if v.applied {
		set += `, updated_at = $10`
		args = append(args, tx.Now)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET `+set+` WHERE id = $9`, args...); err != nil {
		return fmt.Errorf("update order %s payment: %w", s.Number, err)
	}
	return recordNotes(ctx, tx, s.ID, ev, v)
}

// recordNotes writes a verdict's timeline entries, with ids in the order the
// entries happened (the timeline sorts by time, then id), and for a change
// one audit entry.
func recordNotes(ctx context.Context, tx *db.Tx, orderID string, ev gateway.Event, v verdict) error {
	who, _ := actor.From(ctx)
	ids := make([]string, len(v.notes))
	for i := range ids {
		ids[i] = id.New("evt", tx.Now)
	}
	slices.Sort(ids)
	rows := make([][]any, len(v.notes))
	for i, n := range v.notes {
		d, err := json.Marshal(n.detail)
		if err != nil {
			return fmt.Errorf("encode timeline entry %s: %w", n.typ, err)
		}
		rows[i] = []any{ids[i], orderID, tx.Now, n.typ, string(n.status), string(n.payment), who.ID, string(d)}
	}
	err := db.InsertRows(ctx, tx, "order_events",
		[]string{"id", "order_id", "at", "type", "status", "payment_status", "actor", "detail"}, rows)
	if err != nil || !v.applied {
		return err
	}
	return audit.Record(ctx, tx, "payment."+string(ev.Kind), "order", orderID, map[string]any{
		"gateway": ev.Gateway, "event_id": ev.EventID, "outcome": v.outcome})
}
