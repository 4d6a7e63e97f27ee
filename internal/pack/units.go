package pack

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// ParcelUnits is how many units of one order a parcel carries.
type ParcelUnits struct {
	OrderID  string
	ParcelID string
	Units    int64
}

// UnitsOfOrders reads, in tx, how the units of these orders are spread
// over their parcels that are not cancelled, by order, then parcel id.
func UnitsOfOrders(ctx context.Context, tx *db.Tx, orderIDs []string) ([]ParcelUnits, error) {
	var out []ParcelUnits
	err := db.InChunks(orderIDs, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT i.order_id, i.parcel_id, sum(i.quantity) FROM parcel_items i
			JOIN parcels c ON c.id = i.parcel_id WHERE c.status <> 'cancelled' AND i.order_id IN (`+tx.Placeholders(1, len(part))+`)
			GROUP BY i.order_id, i.parcel_id ORDER BY i.order_id, i.parcel_id`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u ParcelUnits
			if err := rows.Scan(&u.OrderID, &u.ParcelID, &u.Units); err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}
