package order

import (
	"context"
	"database/sql"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Payment is the payment side of an order, as the payment stage reads and
// changes it when a gateway's event arrives.
type Payment struct {
	ID, Number               string
	Status                   Status
	PaymentStatus            PaymentStatus
	HoldKind                 HoldKind
	HoldReason               string
	Currency                 string
	TotalMinor               int64
	Gateway, PaymentID       string
	PaidMinor, RefundedMinor int64
	RefundDueMinor           int64     // owed back: units the shortage policy cancelled, or all of a cancelled order's capture
	EventAt                  time.Time // when the event that set PaymentStatus happened; zero before any

	releasedAt *time.Time // kept as read, for the status writer
	short      bool
}

// LockPayment reads the payment side of an order by id or number for a
// change, locked on PostgreSQL until tx ends. No such order is
// sql.ErrNoRows, which the payment stage records as an unmatched event.
func LockPayment(ctx context.Context, tx *db.Tx, ref string) (Payment, error) {
	q := `SELECT id, number, status, payment_status, hold_kind, hold_reason, currency, total_minor, payment_gateway,
		payment_id, paid_minor, refunded_minor, refund_due_minor, payment_event_at, released_at, short FROM orders WHERE id = $1 OR number = $1`
	if tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	var p Payment
	var at, released sql.NullTime
	err := tx.QueryRowContext(ctx, q, ref).Scan(&p.ID, &p.Number, &p.Status, &p.PaymentStatus, &p.HoldKind, &p.HoldReason,
		&p.Currency, &p.TotalMinor, &p.Gateway, &p.PaymentID, &p.PaidMinor, &p.RefundedMinor, &p.RefundDueMinor, &at, &released, &p.short)
	if at.Valid {
		p.EventAt = at.Time.UTC()
	}
	p.releasedAt = utcOrNil(released)
	return p, err
}

// SetPayment writes next, the payment side of before after a gateway's
// event: the order's states through the status writer (an illegal move is
// an error), then what the gateway said. applied marks a change of the
// order (updated_at moves); otherwise only the event time a late delivery
// is compared with moved.
func SetPayment(ctx context.Context, tx *db.Tx, before, next Payment, applied bool) error {
	if next.Status != before.Status || next.PaymentStatus != before.PaymentStatus || next.HoldKind != before.HoldKind ||
		next.HoldReason != before.HoldReason || next.RefundDueMinor != before.RefundDueMinor {
		to := standing{Status: next.Status, PaymentStatus: next.PaymentStatus, HoldKind: next.HoldKind,
			HoldReason: next.HoldReason, ReleasedAt: before.releasedAt, Short: before.short, RefundDue: next.RefundDueMinor}
		if err := writeStanding(ctx, tx, before.ID, before.Status, &to); err != nil {
			return err
		}
	}
	var at any
	if !next.EventAt.IsZero() {
		at = next.EventAt
	}
	set := `payment_gateway = $1, payment_id = $2, paid_minor = $3, refunded_minor = $4, payment_event_at = $5`
	args := []any{next.Gateway, next.PaymentID, next.PaidMinor, next.RefundedMinor, at, before.ID}
	if applied {
		set += `, updated_at = $7`
		args = append(args, tx.Now)
	}
	_, err := tx.ExecContext(ctx, `UPDATE orders SET `+set+` WHERE id = $6`, args...)
	return err
}
