package fulfilment

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// Get reads one fulfilment with all its lines (merged orders' included),
// as List shows it; an id that names none is errs.NotFound. It does not
// confine: a caller with a confined actor checks the warehouse itself.
func (s *Store) Get(ctx context.Context, id string) (Fulfilment, error) {
	var out []Fulfilment
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var f Fulfilment
		err := tx.QueryRowContext(ctx, `SELECT f.id, f.order_id, f.warehouse_id, w.code, f.status, f.ships_on, f.gift_wrap,
			f.gift_message, f.created_at, f.carrier, f.tracking FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id WHERE f.id = $1`, id).
			Scan(&f.ID, &f.OrderID, &f.WarehouseID, &f.Warehouse, &f.Status, &f.ShipsOn, &f.GiftWrap, &f.GiftMessage, &f.CreatedAt, &f.Carrier, &f.tracking)
		if err != nil {
			return db.NotFound(err, "no fulfilment %q", id)
		}
		f.CreatedAt, f.Lines, f.TrackingNumbers = f.CreatedAt.UTC(), []Line{}, numbers(f.tracking)
		out = []Fulfilment{f}
		return linesOf(ctx, tx, out, map[string]int{f.ID: 0})
	})
	if err != nil {
		return Fulfilment{}, err
	}
	return out[0], nil
}
