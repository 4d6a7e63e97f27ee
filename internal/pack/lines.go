package pack

import (
	"context"
	"database/sql"

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
	return orderItems(ctx, tx, `SELECT i.line_no, i.product_id, sum(i.quantity) FROM parcel_items i WHERE i.order_id = $1`,
		`i.line_no, i.product_id`, orderID, parcelID, func(rows *sql.Rows, u *LineUnits) error {
			return rows.Scan(&u.LineNo, &u.ProductID, &u.Quantity)
		})
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
	return orderItems(ctx, tx, `SELECT i.line_no, p.warehouse_id, sum(i.quantity) FROM parcel_items i
		JOIN parcels p ON p.id = i.parcel_id WHERE i.order_id = $1 AND p.status = 'packed'`,
		`i.line_no, p.warehouse_id`, orderID, parcelID, func(rows *sql.Rows, u *PackedUnits) error {
			return rows.Scan(&u.LineNo, &u.WarehouseID, &u.Units)
		})
}

// orderItems runs q, a read of an order's parcel items (i), on one parcel
// of it when parcelID is set, grouped and ordered by keys, and scans each
// row.
func orderItems[T any](ctx context.Context, tx *db.Tx, q, keys, orderID, parcelID string, scan func(*sql.Rows, *T) error) ([]T, error) {
	args := []any{orderID}
	if parcelID != "" {
		q, args = q+` AND i.parcel_id = $2`, append(args, parcelID)
	}
	rows, err := tx.QueryContext(ctx, q+` GROUP BY `+keys+` ORDER BY `+keys, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var u T
		if err := scan(rows, &u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
