package warehouse

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// ReturnsBinCode is the code of the bin a warehouse takes returned
// parcels' units into when it has one (zone RET, as bin codes go).
const ReturnsBinCode = "RET-01-01-1"

// ReturnsBin reads in tx the id of the bin a returned parcel's units go
// back into at the warehouse with id warehouseID: its active returns bin
// (ReturnsBinCode), else its first active bin by code, where a person can
// move them on. A warehouse with no active bin is errs.NotFound.
func ReturnsBin(ctx context.Context, tx *db.Tx, warehouseID string) (string, error) {
	var binID string
	err := tx.QueryRowContext(ctx, `SELECT id FROM bins WHERE warehouse_id = $1 AND active
		ORDER BY CASE WHEN upper(code) = $2 THEN 0 ELSE 1 END, code LIMIT 1`, warehouseID, ReturnsBinCode).Scan(&binID)
	return binID, db.NotFound(err, "warehouse %s has no active bin to take returns", errs.Clip(warehouseID))
}
