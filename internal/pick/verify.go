package pick

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Verification is the second scan of a valuable stop: a supervisor (an
// admin other than the picker) scans the bin and the item at the cage.
type Verification struct {
	ScanID string `json:"scan_id" minLength:"1" maxLength:"64"`
	Line   string `json:"line" maxLength:"40" doc:"pkl_… of the valuable stop"`
	Bin    string `json:"bin" maxLength:"64"`
	Item   string `json:"item" maxLength:"64" doc:"Barcode (GTIN) or SKU as scanned"`
}

// Verify records the second scan of a valuable stop, after which its
// picker may pick it. The verifier must be an admin and not the picker.
func (s *Store) Verify(ctx context.Context, taskID string, in Verification) (Task, error) {
	return s.onTask(ctx, taskID, func(tx *db.Tx, t lockedTask, who actor.Actor) error {
		if replayed, _, err := replay(ctx, tx, taskID, Scan{ScanID: in.ScanID, Line: in.Line, Bin: in.Bin, Item: in.Item}); err != nil || replayed {
			return err
		}
		switch {
		case who.Role != actor.Admin:
			return errs.E(errs.Forbidden, "a valuable stop is verified by an admin")
		case t.status != TaskClaimed:
			return errs.E(errs.Conflict, "task %s is %s; a stop is verified while its picker holds the task", taskID, t.status)
		case t.claimedBy == who.ID:
			return errs.E(errs.Conflict, "the picker cannot verify their own stop: a second person scans it")
		}
		if in.Line == "" {
			return errs.Field("line", errs.CodeRequired, "name the valuable stop to verify")
		}
		st, err := stopOf(ctx, tx, taskID, in.Line)
		if err != nil {
			return err
		}
		if !st.valuable {
			return errs.Field("line", "not_valuable", "SKU %s is not valuable: it needs no second scan", st.sku)
		}
		var f errs.Fields
		if normal(in.Bin) != normal(st.bin) {
			f.Add("bin", "wrong_bin", "wrong bin: you scanned %s; this stop is bin %s", errs.Clip(in.Bin), st.bin)
		}
		if ok, what, err := itemIs(ctx, tx, in.Item, st.productID); err != nil {
			return err
		} else if !ok {
			f.Add("item", "wrong_item", "wrong item: you scanned %s; this stop wants SKU %s", what, st.sku)
		}
		if len(f) > 0 {
			return &errs.Error{Kind: errs.Invalid, Message: f[0].Message, Fields: f}
		}
		group, err := stopGroup(ctx, tx, t, st) // on a put wall, the stop is the batch's units of the SKU in the bin
		if err != nil {
			return err
		}
		for _, g := range group {
			if _, err := tx.ExecContext(ctx, `UPDATE pick_lines SET verified_by = $2 WHERE id = $1`, g.id, who.ID); err != nil {
				return err
			}
		}
		return recordScan(ctx, tx, taskID, st.id, in.ScanID, "verify", who, in.Bin, in.Item, "", 0, nil)
	})
}
