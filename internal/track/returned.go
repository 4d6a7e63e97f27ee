package track

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/warehouse"
)

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
	binID, err := warehouse.ReturnsBin(ctx, fx.tx, warehouseID)
	if errs.Is(err, errs.NotFound) {
		// The warehouse's set-up is at fault, not the carrier's event:
		// the ingest fails, but not as a 404 to the carrier.
		return fmt.Errorf("returned parcel %s: %v", p.ParcelID, err)
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
