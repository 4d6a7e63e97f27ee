package order

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// standing is where an order stands: its progress, its payment and what is
// owed back, why it is held, when it was released and whether it is short. Every change of
// these goes through writeStanding.
type standing struct {
	Status        Status
	PaymentStatus PaymentStatus
	HoldKind      HoldKind
	HoldReason    string
	ReleasedAt    *time.Time
	Short         bool
	RefundDue     int64 // minor units owed back to the customer
}

func (o *Order) standing() standing {
	return standing{Status: o.Status, PaymentStatus: o.PaymentStatus, HoldKind: o.HoldKind, HoldReason: o.HoldReason,
		ReleasedAt: o.ReleasedAt, Short: o.Short, RefundDue: o.RefundDueMinor}
}

// writeStanding is the one writer of an order's status: it refuses a move
// the transition table does not list (a status kept as it is, such as a
// hold given a new reason, is no move), clears the hold of an order that is
// not on hold, stamps the first release, and writes it all with updated_at.
func writeStanding(ctx context.Context, tx *db.Tx, id string, from Status, to *standing) error {
	if to.Status != from {
		if err := checkMove(from, to.Status); err != nil {
			return err
		}
	}
	if to.Status != OnHold {
		to.HoldKind, to.HoldReason = NotHeld, ""
	}
	if to.Status == Released && to.ReleasedAt == nil {
		now := tx.Now
		to.ReleasedAt = &now
	}
	_, err := tx.ExecPrepared(ctx, `UPDATE orders SET status = $1, payment_status = $2, hold_kind = $3, hold_reason = $4,
		released_at = $5, short = $6, refund_due_minor = $7, updated_at = $8 WHERE id = $9`,
		string(to.Status), string(to.PaymentStatus), string(to.HoldKind), to.HoldReason, to.ReleasedAt, to.Short, to.RefundDue, tx.Now, id)
	return err
}

// move changes o's standing to what change leaves it at, through
// writeStanding, and keeps o in step.
func move(ctx context.Context, tx *db.Tx, o *Order, change func(*standing)) error {
	st := o.standing()
	change(&st)
	if err := writeStanding(ctx, tx, o.ID, o.Status, &st); err != nil {
		return err
	}
	o.Status, o.PaymentStatus, o.HoldKind, o.HoldReason, o.ReleasedAt, o.Short, o.RefundDueMinor = st.Status, st.PaymentStatus,
		st.HoldKind, st.HoldReason, st.ReleasedAt, st.Short, st.RefundDue
	o.UpdatedAt = tx.Now
	return nil
}
