package order

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// Headers returns the orders with these ids by id, without their lines,
// allocations and fulfilments: what a list that names orders (a review
// queue, a pick list) shows of each, in one query. Ids not found, and
// orders a confined key may not see, are left out.
func (s *Store) Headers(ctx context.Context, ids []string) (map[string]Order, error) {
	out := map[string]Order{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		return db.InChunks(ids, func(part []any) error {
			rows, err := tx.QueryContext(ctx, selectOrder+` WHERE o.id IN (`+db.Placeholders(1, len(part))+`)`, part...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				o, err := scanOrder(rows)
				if err != nil {
					return err
				}
				if !hidden(ctx, o.Channel) {
					out[o.ID] = o
				}
			}
			return rows.Err()
		})
	})
	return out, err
}
