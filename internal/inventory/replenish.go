package inventory

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Replenish moves units of a product from a reserve bin to a pick face
// inside the caller's transaction (reference names the replenish task): a
// move of two entries, the warehouse balance unchanged. Units the reserve
// bin promised to pick lines stay where they are: the bin's guard refuses
// to take its on hand below its allocation, a conflict saying so. The face
// must take stock (active, in an active warehouse). The units carry the
// reserve bin's expiry date to the face.
func Replenish(ctx context.Context, tx *db.Tx, reference string, from BinUnits, toBinID string) (Movement, error) {
	if from.Quantity <= 0 || from.Quantity > MaxQuantity {
		return Movement{}, errs.E(errs.Invalid, "replenish: quantity %d is out of range", from.Quantity)
	}
	var w, p, src, dst ref
	err := tx.QueryRowContext(ctx, `SELECT w.code, w.active, p.sku, p.active, f.code, f.active, t.code, t.active
		FROM bins f JOIN warehouses w ON w.id = f.warehouse_id JOIN bins t ON t.warehouse_id = f.warehouse_id, products p
		WHERE f.id = $1 AND f.warehouse_id = $2 AND t.id = $3 AND p.id = $4`, from.BinID, from.WarehouseID, toBinID, from.ProductID).Scan(
		&w.Code, &w.Active, &p.Code, &p.Active, &src.Code, &src.Active, &dst.Code, &dst.Active)
	if err != nil {
		return Movement{}, db.NotFound(err, "replenish: no bins %s and %s with product %s in warehouse %s", from.BinID, toBinID, from.ProductID, from.WarehouseID)
	}
	w.ID, p.ID, src.ID, dst.ID = from.WarehouseID, from.ProductID, from.BinID, toBinID
	if err := takesStock(w, dst); err != nil {
		return Movement{}, err
	}
	expires, err := binExpiry(ctx, tx, src, p)
	if err != nil {
		return Movement{}, err
	}
	return book(ctx, tx, booking{kind: KindMove, reference: reference, detail: map[string]any{"from_bin": src.Code, "to_bin": dst.Code,
		"sku": p.Code, "quantity": from.Quantity, "reference": reference}, lines: []line{
		{wh: w, prod: p, bin: src, onHand: -from.Quantity},
		{wh: w, prod: p, bin: dst, onHand: from.Quantity, expiresOn: expires},
	}}, nil)
}
