package order

import (
	"context"
	"maps"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Resend is shipped units of one order line, sent from a warehouse, that
// never reached the customer whole (lost, damaged, refused) and go again.
type Resend struct {
	LineNo      int
	WarehouseID string
	Units       int64
}

// Reship makes shipped units of o owed to the customer again, in tx, the
// way LostAfterPick does for units lost at packing: each line's allocation
// at the warehouse gives up the units (they left with the parcel, and the
// ledger booked them out), the line is short of them under the split
// policy, and the timeline says so (order.reship_requested, with detail). The units
// are then reserved again like any short line's (Reserve) and go in a
// fulfilment of their own. Only a shipped or delivered order is reshipped.
func Reship(ctx context.Context, tx *db.Tx, o *Order, units []Resend, who actor.Actor, detail map[string]any) error {
	if o.Status != Shipped && o.Status != Delivered {
		return errs.E(errs.Conflict, "order %s is %s; only a shipped or delivered order is reshipped", o.Number, o.Status)
	}
	if len(units) == 0 {
		return errs.E(errs.Conflict, "order %s: nothing of it was packed, so nothing can be sent again", o.Number)
	}
	for _, u := range units {
		d := maps.Clone(detail)
		if d == nil {
			d = map[string]any{}
		}
		d["line_no"], d["warehouse_id"], d["units"] = u.LineNo, u.WarehouseID, u.Units
		if err := lose(ctx, tx, o, u.LineNo, u.WarehouseID, u.Units, true, "order.reship_requested", who, d); err != nil {
			return err
		}
	}
	return nil
}
