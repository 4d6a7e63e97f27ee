package payment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// storedOutcome returns the outcome kept for an event received before.
func storedOutcome(ctx context.Context, tx *db.Tx, ev gateway.Event) (Outcome, bool, error) {
	out := Outcome{Duplicate: true}
	var orderID sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT order_id, applied, outcome FROM payment_events
		WHERE gateway = $1 AND event_id = $2`, ev.Gateway, ev.EventID).Scan(&orderID, &out.Applied, &out.Outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return Outcome{}, false, nil
	}
	if err != nil {
		return Outcome{}, false, fmt.Errorf("read payment event: %w", err)
	}
	out.OrderID = orderID.String
	return out, true, nil
}

// recordNotes writes a verdict's timeline entries and, for a change, one
// audit entry.
func recordNotes(ctx context.Context, tx *db.Tx, orderID string, ev gateway.Event, v verdict) error {
	who, _ := actor.From(ctx)
	err := order.AddEvents(ctx, tx, orderID, who, v.notes...)
	if err != nil || !v.applied {
		return err
	}
	return audit.Record(ctx, tx, "payment."+string(ev.Kind), "order", orderID, map[string]any{
		"gateway": ev.Gateway, "event_id": ev.EventID, "outcome": v.outcome})
}
