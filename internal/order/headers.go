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
			list, err := scanOrders(ctx, tx, selectOrder+` WHERE o.id IN (`+db.Placeholders(1, len(part))+`)`, part...)
			for _, o := range list {
				if !hidden(ctx, o.Channel) {
					out[o.ID] = o
				}
			}
			return err
		})
	})
	return out, err
}
