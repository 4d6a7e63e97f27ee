package fulfilment

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// OfOrder reads the fulfilments carrying an order's lines, oldest first,
// each with that order's lines only (a fulfilment shared by merged orders
// carries theirs too; List shows them all).
func OfOrder(ctx context.Context, tx *db.Tx, orderID string) ([]Fulfilment, error) {
	of, err := OfOrders(ctx, tx, []string{orderID})
	if of[orderID] == nil {
		return []Fulfilment{}, err
	}
	return of[orderID], err
}

// OfOrders is OfOrder for many orders at once (a page of a list), by order id.
func OfOrders(ctx context.Context, tx *db.Tx, orderIDs []string) (map[string][]Fulfilment, error) {
	out := make(map[string][]Fulfilment, len(orderIDs))
	err := db.InChunks(orderIDs, func(part []any) error {
		rows, err := tx.QueryContext(ctx, `SELECT f.id, f.order_id, f.warehouse_id, w.code, f.status, f.ships_on, f.gift_wrap, f.gift_message, f.created_at, f.carrier, f.tracking,
			l.order_id, l.line_no, l.product_id, p.sku, p.name, l.quantity
			FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id JOIN fulfilment_lines l ON l.fulfilment_id = f.id
			JOIN products p ON p.id = l.product_id
			WHERE l.order_id IN (`+tx.Placeholders(1, len(part))+`) ORDER BY l.order_id, f.id, l.line_no`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f Fulfilment
			var l Line
			var orderID string
			if err := rows.Scan(&f.ID, &f.OrderID, &f.WarehouseID, &f.Warehouse, &f.Status, &f.ShipsOn, &f.GiftWrap, &f.GiftMessage, &f.CreatedAt, &f.Carrier, &f.tracking,
				&orderID, &l.LineNo, &l.ProductID, &l.SKU, &l.Name, &l.Quantity); err != nil {
				return err
			}
			fs := out[orderID]
			if n := len(fs); n == 0 || fs[n-1].ID != f.ID {
				f.CreatedAt, f.TrackingNumbers = f.CreatedAt.UTC(), numbers(f.tracking)
				fs = append(fs, f)
			}
			fs[len(fs)-1].Lines = append(fs[len(fs)-1].Lines, l)
			out[orderID] = fs
		}
		return rows.Err()
	})
	return out, err
}

// At is where units of an order line are: its line number and warehouse.
type At struct {
	LineNo      int
	WarehouseID string
}

// Carried sums, per line and warehouse, the units of an order that live
// (not cancelled) fulfilments already carry: what release must not send
// to the warehouse twice.
func Carried(ctx context.Context, tx *db.Tx, orderID string) (map[At]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT l.line_no, f.warehouse_id, SUM(l.quantity) FROM fulfilment_lines l
		JOIN fulfilments f ON f.id = l.fulfilment_id WHERE l.order_id = $1 AND f.status <> $2
		GROUP BY l.line_no, f.warehouse_id`, orderID, string(Cancelled))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[At]int64{}
	for rows.Next() {
		var at At
		var n int64
		if err := rows.Scan(&at.LineNo, &at.WarehouseID, &n); err != nil {
			return nil, err
		}
		out[at] = n
	}
	return out, rows.Err()
}
