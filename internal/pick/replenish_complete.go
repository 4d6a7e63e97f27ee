package pick

import (
	"context"
	"database/sql"
	"errors"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
)

// ReplenishScan completes a replenish task: the reserve bin, the item and
// the pick face as scanned, and how many units were carried.
type ReplenishScan struct {
	FromBin  string `json:"from_bin" maxLength:"64" doc:"The reserve bin's code as scanned"`
	Item     string `json:"item" maxLength:"64" doc:"The product's barcode (GTIN) or SKU as scanned"`
	ToBin    string `json:"to_bin" maxLength:"64" doc:"The pick face's code as scanned"`
	Quantity int64  `json:"quantity" minimum:"1" maximum:"1000000" doc:"Units carried: at most the task's quantity"`
}

// CompleteReplenish books a replenish task its holder carried out: every
// scanned field is checked against the task (a wrong bin, item or face, or
// too many units, is refused at its field and nothing is recorded); then
// the units move in the ledger from the reserve bin to the face (never the
// units the reserve bin promised to pick lines) and the task is done. A
// second completion of one task is a conflict, so it books once. A face
// still below its minimum after fewer units than asked gets a new task.
func (s *Store) CompleteReplenish(ctx context.Context, taskID string, in ReplenishScan) (ReplenishTask, error) {
	return s.changeReplenish(ctx, taskID, func(tx *db.Tx, t lockedReplenish, who actor.Actor) error {
		if t.status != TaskClaimed || t.claimedBy != who.ID {
			return t.refuse(who)
		}
		if err := checkReplenishScan(ctx, tx, t, in); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE replenish_tasks SET status = 'done', moved = $2, updated_at = $3
			WHERE id = $1 AND status = 'claimed' AND claimed_by = $4`, t.id, in.Quantity, tx.Now, who.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "replenish task %s changed while it was scanned; nothing was booked", t.id)
		}
		m, err := inventory.Replenish(ctx, tx, t.id, inventory.BinUnits{WarehouseID: t.warehouseID, BinID: t.fromBinID,
			ProductID: t.productID, Quantity: in.Quantity}, t.toBinID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE replenish_tasks SET movement_id = $2 WHERE id = $1`, t.id, m.ID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "pick.replenish", "replenish_task", t.id, map[string]any{"moved": in.Quantity,
			"asked": t.quantity, "movement": m.ID}); err != nil {
			return err
		}
		return replenish(ctx, tx, t.warehouseID, ReasonBelowMin, inventory.BinUnits{BinID: t.toBinID, ProductID: t.productID})
	})
}

// checkReplenishScan compares the scan with the task and names every
// field that is wrong with what was expected.
func checkReplenishScan(ctx context.Context, tx *db.Tx, t lockedReplenish, in ReplenishScan) error {
	var from, to, sku, name string
	if err := tx.QueryRowContext(ctx, `SELECT f.code, b.code, p.sku, p.name FROM bins f, bins b, products p
		WHERE f.id = $1 AND b.id = $2 AND p.id = $3`, t.fromBinID, t.toBinID, t.productID).Scan(&from, &to, &sku, &name); err != nil {
		return err
	}
	var f errs.Fields
	if normal(in.FromBin) != normal(from) {
		f.Add("from_bin", "wrong_bin", "wrong bin: you scanned %s; take the units from bin %s", errs.Clip(in.FromBin), from)
	}
	if ok, what, err := itemIs(ctx, tx, in.Item, t.productID); err != nil {
		return err
	} else if !ok {
		f.Add("item", "wrong_item", "wrong item: you scanned %s; this task carries SKU %s (%s)", what, sku, errs.Clip(name))
	}
	if normal(in.ToBin) != normal(to) {
		f.Add("to_bin", "wrong_bin", "wrong bin: you scanned %s; the units go into bin %s", errs.Clip(in.ToBin), to)
	}
	room, err := faceRoom(ctx, tx, t)
	if err != nil {
		return err
	}
	switch {
	case in.Quantity < 1:
		f.Add("quantity", errs.CodeOutOfRange, "carry at least 1 unit")
	case in.Quantity > t.quantity:
		f.Add("quantity", "too_many", "%d is too many: this task carries %d", in.Quantity, t.quantity)
	case in.Quantity > room:
		f.Add("quantity", "too_many", "%d is too many: bin %s has room for %d up to its maximum", in.Quantity, to, max(room, 0))
	}
	if len(f) > 0 {
		return &errs.Error{Kind: errs.Invalid, Message: f[0].Message, Fields: f}
	}
	return nil
}

// faceRoom is how many units the face takes before it passes its maximum
// (stock put there since the task opened leaves less); a face whose limits
// were removed takes what the task asked.
func faceRoom(ctx context.Context, tx *db.Tx, t lockedReplenish) (int64, error) {
	var room int64
	err := tx.QueryRowContext(ctx, `SELECT l.max_units - coalesce(s.on_hand, 0) FROM pick_face_limits l
		LEFT JOIN bin_stock s ON s.bin_id = l.bin_id AND s.product_id = l.product_id WHERE l.bin_id = $1 AND l.product_id = $2`,
		t.toBinID, t.productID).Scan(&room)
	if errors.Is(err, sql.ErrNoRows) {
		return t.quantity, nil
	}
	return room, err
}
