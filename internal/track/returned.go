package track

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pack"
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
	warehouseID, fid, err := pack.Origin(ctx, fx.tx, p.ParcelID)
	if err != nil {
		return fmt.Errorf("returned parcel %s: %w", p.ParcelID, err)
	}
	status, err := fulfilment.StatusOf(ctx, fx.tx, fid)
	if err != nil {
		return fmt.Errorf("returned parcel %s: %w", p.ParcelID, err)
	}
	if status != fulfilment.Shipped && status != fulfilment.Delivered {
		return nil
	}
	var binID string
	err = fx.tx.QueryRowContext(ctx, `SELECT id FROM bins WHERE warehouse_id = $1 AND active
		ORDER BY CASE WHEN upper(code) = $2 THEN 0 ELSE 1 END, code LIMIT 1`, warehouseID, ReturnsBin).Scan(&binID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("returned parcel %s: warehouse %s has no active bin to take it", p.ParcelID, warehouseID)
	}
	if err != nil {
		return err
	}
	carried, err := pack.ProductsOf(ctx, fx.tx, p.ParcelID)
	if err != nil || len(carried) == 0 {
		return err
	}
	units := make([]inventory.BinUnits, len(carried))
	for i, c := range carried {
		units[i] = inventory.BinUnits{WarehouseID: warehouseID, BinID: binID, ProductID: c.ProductID, Quantity: c.Quantity}
	}
	m, err := inventory.Returned(ctx, fx.tx, "returned parcel "+p.TrackingNumber, units)
	if err != nil {
		return fmt.Errorf("returned parcel %s: %w", p.ParcelID, err)
	}
	_, err = fx.tx.ExecContext(ctx, `INSERT INTO parcel_returns (parcel_id, warehouse_id, bin_id, movement_id, received_at)
		VALUES ($1, $2, $3, $4, $5)`, p.ParcelID, warehouseID, binID, m.ID, fx.tx.Now)
	return err
}
