package pack

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Origin reads in tx the warehouse that packed a parcel and the
// fulfilment it belongs to: where a parcel coming back returns to.
func Origin(ctx context.Context, tx *db.Tx, parcelID string) (warehouseID, fulfilmentID string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT warehouse_id, fulfilment_id FROM parcels WHERE id = $1`, parcelID).Scan(&warehouseID,
		&fulfilmentID)
	return warehouseID, fulfilmentID, db.NotFound(err, "no parcel %s", errs.Clip(parcelID))
}
