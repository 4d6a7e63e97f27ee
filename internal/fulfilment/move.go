package fulfilment

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Move changes fulfilments from one state to another in tx, with a timeline
// event of typ (and detail) for each, attributed to actorID: the later
// stages move them on through it. The transition table is checked, and a
// fulfilment no longer in from (another transaction moved it) is a
// conflict, so two stages cannot both move one.
func Move(ctx context.Context, tx *db.Tx, ids []string, from, to Status, typ, actorID string, detail map[string]any) error {
	if !from.CanMove(to) {
		return fmt.Errorf("fulfilments cannot move from %s to %s", from, to)
	}
	evs := make([]event, 0, len(ids))
	for _, id := range ids {
		res, err := tx.ExecContext(ctx, `UPDATE fulfilments SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4`,
			string(to), tx.Now, id, string(from))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(errs.Conflict, "fulfilment %s is no longer %s", id, from)
		}
		evs = append(evs, event{id, typ, to, detail})
	}
	return record(ctx, tx, actorID, evs...)
}

// Note adds an event to a fulfilment's timeline without changing its state
// (a short pick, an order's lines taken off it), in tx.
func Note(ctx context.Context, tx *db.Tx, id string, status Status, typ, actorID string, detail map[string]any) error {
	return record(ctx, tx, actorID, event{id, typ, status, detail})
}

// Shorten takes units off a fulfilment line that the warehouse could not
// find (a short pick), in tx: the line carries fewer, or goes when none is
// left.
func Shorten(ctx context.Context, tx *db.Tx, id, orderID string, lineNo int, units int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE fulfilment_lines SET quantity = quantity - $4
		WHERE fulfilment_id = $1 AND order_id = $2 AND line_no = $3 AND quantity > $4`, id, orderID, lineNo, units)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	res, err = tx.ExecContext(ctx, `DELETE FROM fulfilment_lines WHERE fulfilment_id = $1 AND order_id = $2 AND line_no = $3 AND quantity = $4`,
		id, orderID, lineNo, units)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.Conflict, "fulfilment %s line %d carries fewer than %d units", id, lineNo, units)
	}
	return nil
}

// Ship marks a packed fulfilment shipped in tx: handed to carrier under the
// tracking numbers, which the order then shows.
func Ship(ctx context.Context, tx *db.Tx, id, carrier string, tracking []string, actorID string, detail map[string]any) error {
	if _, err := tx.ExecContext(ctx, `UPDATE fulfilments SET carrier = $2, tracking = $3 WHERE id = $1`,
		id, carrier, strings.Join(tracking, " ")); err != nil {
		return err
	}
	return Move(ctx, tx, []string{id}, Packed, Shipped, "fulfilment.shipped", actorID, detail)
}
