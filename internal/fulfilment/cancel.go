package fulfilment

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/db"
)

// CancelOrder takes a cancelled order out of the fulfilments not yet
// picked, in tx: one of its own is cancelled whole; from one shared with
// merged orders only its lines are removed, and the others still ship.
// Only ready_to_pick may become cancelled (the transition table); the later
// stages will decide what cancelling means once picking has begun.
func CancelOrder(ctx context.Context, tx *db.Tx, orderID, actorID string) error {
	rows, err := tx.QueryContext(ctx, `SELECT f.id, f.status,
		EXISTS (SELECT 1 FROM fulfilment_lines o WHERE o.fulfilment_id = f.id AND o.order_id <> $1)
		FROM fulfilments f WHERE f.id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1)
		ORDER BY f.id`, orderID)
	if err != nil {
		return fmt.Errorf("read the fulfilments of %s: %w", orderID, err)
	}
	type carrier struct {
		id     string
		status Status
		shared bool
	}
	var carriers []carrier
	for rows.Next() {
		var c carrier
		if err := rows.Scan(&c.id, &c.status, &c.shared); err != nil {
			rows.Close()
			return err
		}
		carriers = append(carriers, c)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	var evs []event
	for _, c := range carriers {
		if c.status != ReadyToPick {
			continue
		}
		if c.shared {
			if _, err := tx.ExecContext(ctx, `DELETE FROM fulfilment_lines WHERE fulfilment_id = $1 AND order_id = $2`, c.id, orderID); err != nil {
				return err
			}
			evs = append(evs, event{c.id, "fulfilment.order_removed", c.status, map[string]any{"order_id": orderID}})
			continue
		}
		if err := checkMove(c.id, c.status, Cancelled); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE fulfilments SET status = $1, updated_at = $2 WHERE id = $3`,
			string(Cancelled), tx.Now, c.id); err != nil {
			return err
		}
		evs = append(evs, event{c.id, "fulfilment.cancelled", Cancelled, map[string]any{"order_id": orderID}})
	}
	return record(ctx, tx, actorID, evs...)
}
