package fulfilment

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// Store reads the fulfilment queue.
type Store struct{ db *db.DB }

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Filter narrows the fulfilment list: the warehouse stage asks for its
// site's ready_to_pick queue.
type Filter struct {
	Warehouse string // code
	Status    string
	After     string // fulfilment id: the page starts after it
	Limit     int
}

// List returns fulfilments oldest first with all their lines (merged
// orders' included).
func (s *Store) List(ctx context.Context, f Filter) ([]Fulfilment, error) {
	out := []Fulfilment{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT f.id, f.order_id, f.warehouse_id, w.code, f.status, f.ships_on, f.gift_wrap,
			f.gift_message, f.created_at FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id
			WHERE ($1 = '' OR w.code = $1) AND ($2 = '' OR f.status = $2) AND f.id > $3 ORDER BY f.id LIMIT $4`,
			f.Warehouse, f.Status, f.After, f.Limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[string]int{}
		for rows.Next() {
			var fl Fulfilment
			if err := rows.Scan(&fl.ID, &fl.OrderID, &fl.WarehouseID, &fl.Warehouse, &fl.Status, &fl.ShipsOn, &fl.GiftWrap,
				&fl.GiftMessage, &fl.CreatedAt); err != nil {
				return err
			}
			fl.CreatedAt, fl.Lines = fl.CreatedAt.UTC(), []Line{}
			index[fl.ID] = len(out)
			out = append(out, fl)
		}
		if err := rows.Close(); err != nil || len(out) == 0 {
			return err
		}
		return linesOf(ctx, tx, out, index)
	})
	return out, err
}

// linesOf fills in the lines of the fulfilments listed, in one query.
func linesOf(ctx context.Context, tx *db.Tx, fuls []Fulfilment, index map[string]int) error {
	args := make([]any, len(fuls))
	for i, f := range fuls {
		args[i] = f.ID
	}
	rows, err := tx.QueryContext(ctx, `SELECT fulfilment_id, order_id, line_no, product_id, quantity FROM fulfilment_lines
		WHERE fulfilment_id IN (`+tx.Placeholders(1, len(args))+`) ORDER BY fulfilment_id, order_id, line_no`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var fid string
		var l Line
		if err := rows.Scan(&fid, &l.OrderID, &l.LineNo, &l.ProductID, &l.Quantity); err != nil {
			return err
		}
		fuls[index[fid]].Lines = append(fuls[index[fid]].Lines, l)
	}
	return rows.Err()
}
