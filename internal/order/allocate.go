package order

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
)

// Reallocation is a new placement of an order's stock, decided by the
// release stage with the stock there is now.
type Reallocation struct {
	Allocations []Allocation  // the new reservations, replacing every unreleased one
	Short       []int64       // units still short, per line (indexed like Order.Lines)
	Sourcing    *SourcingPlan // the plan's explanation; nil when nothing could be placed
	ShipsOn     string        // when the last parcel leaves
}

// Reallocate replaces o's reservations with r's in tx: the ledger gets a
// release for each old allocation and a reservation for each new one, the
// lines their new short counts, the order its plan and ship date, and the
// timeline order.resourced with detail. It returns the ledger changes it
// booked, so the caller can announce the stock it freed.
func Reallocate(ctx context.Context, tx *db.Tx, o *Order, r Reallocation, who actor.Actor, detail map[string]any) ([]inventory.Hold, error) {
	var holds []inventory.Hold
	for _, a := range o.Allocations {
		if a.Picked > 0 {
			return nil, errs.E(errs.Conflict, "order %s has units picked at %s; its stock cannot be placed again", o.Number, a.Warehouse)
		}
		holds = append(holds, inventory.Hold{Key: a.key(), Quantity: -a.Quantity, Reference: o.ID})
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM order_allocations WHERE order_id = $1 AND released_at IS NULL`, o.ID); err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(r.Allocations))
	for _, a := range r.Allocations {
		rows = append(rows, []any{o.ID, a.LineNo, a.WarehouseID, a.ProductID, a.Quantity})
		holds = append(holds, inventory.Hold{Key: a.key(), Quantity: a.Quantity, Reference: o.ID})
	}
	if err := db.InsertRows(ctx, tx, "order_allocations", allocationColumns, rows); err != nil {
		return nil, err
	}
	if err := inventory.BookReservations(ctx, tx, who.ID, holds); err != nil {
		return nil, err
	}
	o.Allocations = append([]Allocation{}, r.Allocations...)
	o.Short = false
	for i := range o.Lines {
		o.Lines[i].ShortQuantity = r.Short[i]
		o.Short = o.Short || r.Short[i] > 0
	}
	if err := writeShort(ctx, tx, o); err != nil {
		return nil, err
	}
	o.Sourcing, o.ShipsOn = r.Sourcing, r.ShipsOn
	stored := []byte("{}")
	if o.Sourcing != nil {
		var err error
		if stored, err = json.Marshal(o.Sourcing); err != nil {
			return nil, fmt.Errorf("encode the sourcing plan of %s: %w", o.Number, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET ships_on = $1, sourcing = $2 WHERE id = $3`,
		o.ShipsOn, string(stored), o.ID); err != nil {
		return nil, err
	}
	return holds, AddEvent(ctx, tx, o, "order.resourced", who, detail)
}

// Reserve adds reservations for units of o's short lines (adds name the
// line, warehouse and units), books them in the ledger and lowers the
// lines' short counts, in tx. It returns the units reserved. A line whose
// allocation at a warehouse was already released is refused: stock is
// never reserved twice for it.
func Reserve(ctx context.Context, tx *db.Tx, o *Order, adds []Allocation, who actor.Actor) (int64, error) {
	var holds []inventory.Hold
	var added int64
	for _, a := range adds {
		if a.Quantity <= 0 {
			continue
		}
		li := slices.IndexFunc(o.Lines, func(l Line) bool { return l.LineNo == a.LineNo })
		if li < 0 {
			return 0, fmt.Errorf("order %s has no line %d", o.Number, a.LineNo)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO order_allocations (order_id, line_no, warehouse_id, product_id, quantity)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id, line_no, warehouse_id) DO UPDATE
			SET quantity = order_allocations.quantity + excluded.quantity WHERE order_allocations.released_at IS NULL`,
			o.ID, a.LineNo, a.WarehouseID, a.ProductID, a.Quantity)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return 0, fmt.Errorf("order %s line %d: its allocation at %s was released; not reserving again", o.Number, a.LineNo, a.WarehouseID)
		}
		holds = append(holds, inventory.Hold{Key: a.key(), Quantity: a.Quantity, Reference: o.ID})
		if i := slices.IndexFunc(o.Allocations, func(x Allocation) bool { return x.LineNo == a.LineNo && x.WarehouseID == a.WarehouseID }); i >= 0 {
			o.Allocations[i].Quantity += a.Quantity
		} else {
			o.Allocations = append(o.Allocations, a)
		}
		o.Lines[li].ShortQuantity -= a.Quantity
		added += a.Quantity
	}
	if added == 0 {
		return 0, nil
	}
	if err := inventory.BookReservations(ctx, tx, who.ID, holds); err != nil {
		return 0, err
	}
	o.Short = false
	for _, l := range o.Lines {
		o.Short = o.Short || l.ShortQuantity > 0
	}
	return added, writeShort(ctx, tx, o)
}

// writeShort stores each line's short count and whether o is short, as a
// change of o.
func writeShort(ctx context.Context, tx *db.Tx, o *Order) error {
	for _, l := range o.Lines {
		if _, err := tx.ExecContext(ctx, `UPDATE order_lines SET short_quantity = $1 WHERE order_id = $2 AND line_no = $3`,
			l.ShortQuantity, o.ID, l.LineNo); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE orders SET short = $1, updated_at = $2 WHERE id = $3`, o.Short, tx.Now, o.ID)
	o.UpdatedAt = tx.Now
	return err
}

func (a Allocation) key() inventory.Key {
	return inventory.Key{WarehouseID: a.WarehouseID, ProductID: a.ProductID}
}

// ShortPicked records units of a line the warehouse could not find, in tx:
// the line's allocation there shrinks by units and the ledger releases
// their reservation, the line is short by them (so the order waits for
// stock like any short order, and is served when it arrives), and the
// timeline says where and why. What the customer is told depends on what
// becomes of the units (the release stage's ShortPickJob decides).
func ShortPicked(ctx context.Context, tx *db.Tx, o *Order, lineNo int, warehouseID string, units int64, who actor.Actor, detail map[string]any) error {
	return lose(ctx, tx, o, lineNo, warehouseID, units, false, "order.short_picked", who, detail)
}

// LostAfterPick records picked units of a line that will not ship (found
// damaged or missing at packing), in tx: like ShortPicked, except that the
// units were no longer reserved but picked, so the allocation gives up
// picked units and the ledger's reservations are untouched (packing writes
// the picked units off).
func LostAfterPick(ctx context.Context, tx *db.Tx, o *Order, lineNo int, warehouseID string, units int64, who actor.Actor, detail map[string]any) error {
	return lose(ctx, tx, o, lineNo, warehouseID, units, true, "order.lost_in_packing", who, detail)
}

// lose takes units of a line off its allocation at a warehouse, picked
// ones or not, and makes the line short of them.
func lose(ctx context.Context, tx *db.Tx, o *Order, lineNo int, warehouseID string, units int64, picked bool, typ string,
	who actor.Actor, detail map[string]any) error {
	i := slices.IndexFunc(o.Allocations, func(a Allocation) bool { return a.LineNo == lineNo && a.WarehouseID == warehouseID })
	li := slices.IndexFunc(o.Lines, func(l Line) bool { return l.LineNo == lineNo })
	if i < 0 || li < 0 || units < 1 {
		return errs.E(errs.Conflict, "order %s line %d holds nothing at that warehouse", o.Number, lineNo)
	}
	a := &o.Allocations[i]
	has, kind := a.Quantity-a.Picked, "unpicked"
	if picked {
		has, kind = a.Picked, "picked"
	}
	if has < units {
		return errs.E(errs.Conflict, "order %s line %d holds fewer than %d %s units at that warehouse", o.Number, lineNo, units, kind)
	}
	gone := int64(0)
	if picked {
		gone = units
	}
	var err error
	if a.Quantity == units {
		_, err = tx.ExecContext(ctx, `DELETE FROM order_allocations WHERE order_id = $1 AND line_no = $2 AND warehouse_id = $3
			AND released_at IS NULL`, o.ID, lineNo, warehouseID)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE order_allocations SET quantity = quantity - $4, picked = picked - $5
			WHERE order_id = $1 AND line_no = $2 AND warehouse_id = $3 AND released_at IS NULL`, o.ID, lineNo, warehouseID, units, gone)
	}
	if err != nil {
		return err
	}
	if !picked {
		if err := inventory.BookReservations(ctx, tx, who.ID, []inventory.Hold{{Key: a.key(), Quantity: -units, Reference: o.ID}}); err != nil {
			return err
		}
	}
	a.Quantity -= units
	a.Picked -= gone
	if a.Quantity == 0 {
		o.Allocations = slices.Delete(o.Allocations, i, i+1)
	}
	// The rest of the order is on its way: the missing units follow on
	// their own when stock is found (split), unless the release stage's
	// policy cancels them.
	o.Lines[li].ShortQuantity += units
	o.Lines[li].ShortPolicy = PolicySplit
	o.Short = true
	if _, err := tx.ExecContext(ctx, `UPDATE order_lines SET short_policy = $1 WHERE order_id = $2 AND line_no = $3`,
		PolicySplit, o.ID, lineNo); err != nil {
		return err
	}
	if err := writeShort(ctx, tx, o); err != nil {
		return err
	}
	return AddEvent(ctx, tx, o, typ, who, detail)
}
