package fulfilment

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// Standing is where one fulfilment of an order stands.
type Standing struct {
	ID     string
	Status Status
}

// StandingsOfOrders reads, in tx, the fulfilments carrying lines of each of
// these orders with their status, by order id, in fulfilment id order: a
// narrow OfOrders for a stage that only asks what is still open.
func StandingsOfOrders(ctx context.Context, tx *db.Tx, orderIDs []string) (map[string][]Standing, error) {
	out := make(map[string][]Standing, len(orderIDs))
	err := db.InChunks(orderIDs, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT DISTINCT l.order_id, f.id, f.status FROM fulfilment_lines l
			JOIN fulfilments f ON f.id = l.fulfilment_id WHERE l.order_id IN (`+tx.Placeholders(1, len(part))+`) ORDER BY l.order_id, f.id`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var oid string
			var s Standing
			if err := rows.Scan(&oid, &s.ID, &s.Status); err != nil {
				return err
			}
			out[oid] = append(out[oid], s)
		}
		return rows.Err()
	})
	return out, err
}
