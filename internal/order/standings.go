package order

import (
	"context"
	"database/sql"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
)

// LockStandings reads many orders for a change of status in tx, by id: on
// PostgreSQL it holds their row locks (taken in id order) until tx ends.
// Each Order carries its id, number and standing only (status, payment
// status, hold, release, short, refund due), no lines or allocations: it
// is for a stage that moves a batch of orders on with the verbs that need
// nothing more (DeliveredPart, ReturnedToSender, Complete) and would
// otherwise load every order whole. Ids not found are missing from the map.
func LockStandings(ctx context.Context, tx *db.Tx, ids []string) (map[string]*Order, error) {
	return standings(ctx, tx, ids, true)
}

// ReadStandings reads many orders' standing in tx without locking them, as
// LockStandings does, for a stage that only writes on their timelines.
func ReadStandings(ctx context.Context, tx *db.Tx, ids []string) (map[string]*Order, error) {
	return standings(ctx, tx, ids, false)
}

func standings(ctx context.Context, tx *db.Tx, ids []string, lock bool) (map[string]*Order, error) {
	out := make(map[string]*Order, len(ids))
	ids = slices.Sorted(slices.Values(ids))
	suffix := " ORDER BY id"
	if lock && tx.Dialect == db.Postgres {
		suffix += " FOR UPDATE"
	}
	err := db.InChunks(ids, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT id, number, status, payment_status, hold_kind, hold_reason, released_at, short,
			refund_due_minor, updated_at FROM orders WHERE id IN (`+tx.Placeholders(1, len(part))+`)`+suffix, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o Order
			var released sql.NullTime
			if err := rows.Scan(&o.ID, &o.Number, &o.Status, &o.PaymentStatus, &o.HoldKind, &o.HoldReason, &released, &o.Short,
				&o.RefundDueMinor, &o.UpdatedAt); err != nil {
				return err
			}
			o.ReleasedAt, o.UpdatedAt = utcOrNil(released), o.UpdatedAt.UTC()
			out[o.ID] = &o
		}
		return rows.Err()
	})
	return out, err
}

// OrderNote is a timeline entry for one order of many.
type OrderNote struct {
	OrderID string
	Note
}

// AddNotes writes timeline entries of many orders in one statement, in the
// order given, attributed to who: AddEvents for a batch, with no audit
// entry either.
func AddNotes(ctx context.Context, tx *db.Tx, who actor.Actor, notes []OrderNote) error {
	if len(notes) == 0 {
		return nil
	}
	var r rows
	for _, n := range notes {
		r.event(tx, n.OrderID, n.Type, n.Status, n.PaymentStatus, who.ID, n.Detail)
	}
	return writeEntries(ctx, tx, r.events)
}
