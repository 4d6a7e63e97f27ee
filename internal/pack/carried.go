package pack

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// ProductUnits is how many units of one product a parcel carries.
type ProductUnits struct {
	ProductID string
	Quantity  int64
}

// ProductsOf reads in tx what a parcel carries, by product in id order
// (every order's lines in it summed): what goes back on the shelf when the
// parcel comes back.
func ProductsOf(ctx context.Context, tx *db.Tx, parcelID string) ([]ProductUnits, error) {
	rows, err := tx.QueryContext(ctx, `SELECT product_id, sum(quantity) FROM parcel_items WHERE parcel_id = $1
		GROUP BY product_id ORDER BY product_id`, parcelID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ProductUnits
	for rows.Next() {
		var u ProductUnits
		if err := rows.Scan(&u.ProductID, &u.Quantity); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// OrdersIn reads in tx the orders a parcel carries units of, in id order:
// a parcel of merged orders carries several.
func OrdersIn(ctx context.Context, tx *db.Tx, parcelID string) ([]string, error) {
	return tx.Strings(ctx, `SELECT DISTINCT order_id FROM parcel_items WHERE parcel_id = $1 ORDER BY order_id`, parcelID)
}
