package inventory

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Units is units of one product in one warehouse, not in a bin: picked
// goods on their way out, as packing and shipping see them.
type Units struct {
	WarehouseID, ProductID string
	Quantity               int64
}

// Ship books picked units that left the warehouse in parcels handed to a
// carrier (reference names the handover): they leave the picked balance,
// and the warehouse no longer holds them. All or none.
func Ship(ctx context.Context, tx *db.Tx, reference string, units []Units) (Movement, error) {
	return outbound(ctx, tx, KindShip, "", reference, units)
}

// WriteOffPicked books picked units that will never ship, found damaged or
// missing at packing (reason says which): they leave the picked balance
// with the reason, as an adjustment.
func WriteOffPicked(ctx context.Context, tx *db.Tx, reason, reference string, u Units) (Movement, error) {
	return outbound(ctx, tx, KindAdjust, reason, reference, []Units{u})
}

// outbound books units leaving the picked balance as one movement of kind;
// the balance's CHECK refuses more than was picked.
func outbound(ctx context.Context, tx *db.Tx, kind, reason, reference string, units []Units) (Movement, error) {
	b := booking{kind: kind, reason: reason, reference: reference, detail: map[string]any{"units": units, "reason": reason}}
	for i, u := range units {
		if u.Quantity <= 0 || u.Quantity > MaxQuantity {
			return Movement{}, errs.E(errs.Invalid, "%s: units[%d] has quantity %d", kind, i, u.Quantity)
		}
		l := line{picked: -u.Quantity}
		err := tx.QueryRowContext(ctx, `SELECT w.code, w.active, p.sku, p.active FROM warehouses w, products p
			WHERE w.id = $1 AND p.id = $2`, u.WarehouseID, u.ProductID).Scan(&l.wh.Code, &l.wh.Active, &l.prod.Code, &l.prod.Active)
		if err != nil {
			return Movement{}, db.NotFound(err, "%s: no product %s in warehouse %s", kind, u.ProductID, u.WarehouseID)
		}
		l.wh.ID, l.prod.ID = u.WarehouseID, u.ProductID
		b.lines = append(b.lines, l)
	}
	if len(b.lines) == 0 {
		return Movement{}, nil
	}
	return book(ctx, tx, b, nil)
}
