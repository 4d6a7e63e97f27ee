package fulfilment

import (
	"context"
	"slices"

	"github.com/waybill/waybill/internal/db"
)

// IDsOfOrder reads in tx the ids of the fulfilments that carry any line of
// an order, whatever their status, in id order: how a later stage finds
// its own records of the order's fulfilments.
func IDsOfOrder(ctx context.Context, tx *db.Tx, orderID string) ([]string, error) {
	return tx.Strings(ctx, `SELECT DISTINCT fulfilment_id FROM fulfilment_lines WHERE order_id = $1 ORDER BY fulfilment_id`, orderID)
}

// OrdersOf reads in tx the orders each of these fulfilments carries lines
// of, in id order (a fulfilment shared by merged orders carries several),
// by fulfilment id; a fulfilment without lines is missing from the map.
func OrdersOf(ctx context.Context, tx *db.Tx, fulfilmentIDs []string) (map[string][]string, error) {
	out := make(map[string][]string, len(fulfilmentIDs))
	err := db.InChunks(slices.Compact(slices.Sorted(slices.Values(fulfilmentIDs))), func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT DISTINCT fulfilment_id, order_id FROM fulfilment_lines
			WHERE fulfilment_id IN (`+tx.Placeholders(1, len(part))+`) ORDER BY fulfilment_id, order_id`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fid, oid string
			if err := rows.Scan(&fid, &oid); err != nil {
				return err
			}
			out[fid] = append(out[fid], oid)
		}
		return rows.Err()
	})
	return out, err
}
