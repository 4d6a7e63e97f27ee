package track

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
)

// ReturnsBin is the code of the bin a warehouse takes returned parcels'
// units into when it has one (active; zone RET, as bin codes go);
// otherwise they go into its first active bin by code, where a person can
// move them on.
const ReturnsBin = "RET-01-01-1"

// receiveBack books the units of a parcel returned to sender back into
// the stock of the warehouse that shipped it (inventory.Returned), exactly
// once per parcel: parcel_returns keeps the parcel, read under the
// parcel's lock (Ingest's). A parcel whose fulfilment never shipped (the
// carrier's scan came before the handover) left no stock: nothing to book.
func (fx *effects) receiveBack(ctx context.Context, p *Parcel) error {
	var done int
	if err := fx.tx.QueryRowContext(ctx, `SELECT count(*) FROM parcel_returns WHERE parcel_id = $1`, p.ParcelID).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	var warehouseID string
	var status fulfilment.Status
	if err := fx.tx.QueryRowContext(ctx, `SELECT q.warehouse_id, f.status FROM parcels q JOIN fulfilments f ON f.id = q.fulfilment_id
		WHERE q.id = $1`, p.ParcelID).Scan(&warehouseID, &status); err != nil {
		return fmt.Errorf("returned parcel %s: %w", p.ParcelID, err)
	}
	if status != fulfilment.Shipped && status != fulfilment.Delivered {
		return nil
	}
	var binID string
	err := fx.tx.QueryRowContext(ctx, `SELECT id FROM bins WHERE warehouse_id = $1 AND active
		ORDER BY CASE WHEN upper(code) = $2 THEN 0 ELSE 1 END, code LIMIT 1`, warehouseID, ReturnsBin).Scan(&binID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("returned parcel %s: warehouse %s has no active bin to take it", p.ParcelID, warehouseID)
	}
	if err != nil {
		return err
	}
	rows, err := fx.tx.QueryContext(ctx, `SELECT product_id, sum(quantity) FROM parcel_items WHERE parcel_id = $1
		GROUP BY product_id ORDER BY product_id`, p.ParcelID)
	if err != nil {
		return err
	}
	var units []inventory.BinUnits
	for rows.Next() {
		u := inventory.BinUnits{WarehouseID: warehouseID, BinID: binID}
		if err := rows.Scan(&u.ProductID, &u.Quantity); err != nil {
			rows.Close()
			return err
		}
		units = append(units, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(units) == 0 {
		return err
	}
	m, err := inventory.Returned(ctx, fx.tx, "returned parcel "+p.TrackingNumber, units)
	if err != nil {
		return fmt.Errorf("returned parcel %s: %w", p.ParcelID, err)
	}
	_, err = fx.tx.ExecContext(ctx, `INSERT INTO parcel_returns (parcel_id, warehouse_id, bin_id, movement_id, received_at)
		VALUES ($1, $2, $3, $4, $5)`, p.ParcelID, warehouseID, binID, m.ID, fx.tx.Now)
	return err
}
