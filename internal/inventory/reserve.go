package inventory

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Reserve holds stock for an order inside the caller's transaction, so the
// order and its reservation commit together. All lines are booked or none:
// a refusal (not enough available, unknown id, inactive warehouse) rolls back
// to a savepoint and leaves tx usable, so the order engine can try another
// warehouse or apply a backorder policy in the same transaction.
func Reserve(ctx context.Context, tx *db.Tx, r Reservation) (Movement, error) {
	return reservation(ctx, tx, r, KindReserve, 1)
}

// Release gives reserved stock back to available (order cancelled, line
// shortened), with the same all-or-nothing savepoint as Reserve. Releasing
// more than is reserved is refused.
func Release(ctx context.Context, tx *db.Tx, r Reservation) (Movement, error) {
	return reservation(ctx, tx, r, KindRelease, -1)
}

func reservation(ctx context.Context, tx *db.Tx, r Reservation, kind string, sign int64) (Movement, error) {
	if err := r.check().Err(); err != nil {
		return Movement{}, err
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT inventory_reservation`); err != nil {
		return Movement{}, fmt.Errorf("savepoint: %w", err)
	}
	m, err := bookReservation(ctx, tx, r, kind, sign)
	if err != nil {
		if _, rbErr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT inventory_reservation`); rbErr != nil {
			return Movement{}, fmt.Errorf("%w (and rolling back: %v)", err, rbErr)
		}
	}
	if _, relErr := tx.ExecContext(ctx, `RELEASE SAVEPOINT inventory_reservation`); relErr != nil && err == nil {
		return Movement{}, fmt.Errorf("release savepoint: %w", relErr)
	}
	return m, err
}

func bookReservation(ctx context.Context, tx *db.Tx, r Reservation, kind string, sign int64) (Movement, error) {
	b := booking{kind: kind, reference: r.Reference, detail: r}
	for i, l := range r.Lines {
		w, err := byID(ctx, tx, "warehouse", `SELECT code, active FROM warehouses WHERE id = $1`, l.WarehouseID)
		if err != nil {
			return Movement{}, fmt.Errorf("lines[%d]: %w", i, err)
		}
		p, err := byID(ctx, tx, "product", `SELECT sku, active FROM products WHERE id = $1`, l.ProductID)
		if err != nil {
			return Movement{}, fmt.Errorf("lines[%d]: %w", i, err)
		}
		if sign > 0 && !w.Active {
			return Movement{}, errs.E(errs.Conflict, "warehouse %s is inactive; it takes no new reservations", w.Code)
		}
		b.lines = append(b.lines, line{wh: w, prod: p, reserved: sign * l.Quantity})
	}
	return book(ctx, tx, b, nil) // a reservation adds no stock: nothing to announce
}

func byID(ctx context.Context, tx *db.Tx, what, query, id string) (ref, error) {
	out := ref{ID: id}
	err := tx.QueryRowContext(ctx, query, id).Scan(&out.Code, &out.Active)
	return out, db.NotFound(err, "no %s %q", what, id)
}
