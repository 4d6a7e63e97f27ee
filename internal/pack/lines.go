package pack

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// LineUnits is how many units of one order line, of one product, parcels
// carry.
type LineUnits struct {
	LineNo    int
	ProductID string
	Quantity  int64
}

// LinesOf reads in tx what a parcel carries of an order, by line in line
// order; with no parcel, what every parcel of the order carries: what a
// reship would send again.
func LinesOf(ctx context.Context, tx *db.Tx, orderID, parcelID string) ([]LineUnits, error) {
	q, args := `SELECT line_no, product_id, sum(quantity) FROM parcel_items WHERE order_id = $1`, []any{orderID}
	if parcelID != "" {
		q, args = q+` AND parcel_id = $2`, append(args, parcelID)
	}
	rows, err := tx.QueryContext(ctx, q+` GROUP BY line_no, product_id ORDER BY line_no`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LineUnits
	for rows.Next() {
		var u LineUnits
		if err := rows.Scan(&u.LineNo, &u.ProductID, &u.Quantity); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// PackedUnits is how many units of one order line a warehouse packed.
type PackedUnits struct {
	LineNo      int
	WarehouseID string
	Units       int64
}

// PackedBy reads in tx what a packed parcel carries of an order (every
// packed parcel of it, with no parcel), by line and the warehouse that
// packed it, in that order: a reship sends each warehouse's units from
// that warehouse again.
func PackedBy(ctx context.Context, tx *db.Tx, orderID, parcelID string) ([]PackedUnits, error) {
	q, args := `SELECT i.line_no, p.warehouse_id, sum(i.quantity) FROM parcel_items i JOIN parcels p ON p.id = i.parcel_id
		WHERE i.order_id = $1 AND p.status = 'packed'`, []any{orderID}
	if parcelID != "" {
		q, args = q+` AND i.parcel_id = $2`, append(args, parcelID)
	}
	rows, err := tx.QueryContext(ctx, q+` GROUP BY i.line_no, p.warehouse_id ORDER BY i.line_no, p.warehouse_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PackedUnits
	for rows.Next() {
		var u PackedUnits
		if err := rows.Scan(&u.LineNo, &u.WarehouseID, &u.Units); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
