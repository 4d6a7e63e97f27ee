package pick

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/inventory"
)

// Scan confirms units picked at a stop: the bin, the item and the tote as
// the handheld scanned them, and how many. ScanID is the device's key for
// this confirmation: sent again, it books nothing twice.
type Scan struct {
	ScanID   string `json:"scan_id" minLength:"1" maxLength:"64" doc:"The device's key for this confirmation; a repeat books nothing twice"`
	Line     string `json:"line,omitempty" maxLength:"40" doc:"pkl_…; default: the next stop"`
	Bin      string `json:"bin" maxLength:"64" doc:"The bin's code as scanned"`
	Item     string `json:"item" maxLength:"64" doc:"The product's barcode (GTIN) or SKU as scanned"`
	Quantity int64  `json:"quantity" minimum:"1" maximum:"100000"`
	Tote     string `json:"tote" maxLength:"64" doc:"The tote the units went into, as scanned"`
}

// ScanResult is the task after a scan, and what the scan did.
type ScanResult struct {
	Task             Task   `json:"task"`
	Line             string `json:"line" doc:"The line the scan booked"`
	Replayed         bool   `json:"replayed,omitempty" doc:"The scan_id was booked before; nothing was booked again"`
	FulfilmentPicked bool   `json:"fulfilment_picked,omitempty" doc:"The scan completed its fulfilment: it is picked"`
	TaskDone         bool   `json:"task_done,omitempty"`
}

var toteCode = regexp.MustCompile(`^[A-Z0-9-]{1,32}$`)

// stop is a pick line read for a scan.
type stop struct {
	id, fulfilment, orderID, binID, bin, productID, sku, name string
	lineNo                                                    int
	quantity, picked, short, cancelled                        int64
	valuable                                                  bool
	verifiedBy                                                string
}

func (s stop) left() int64 { return s.quantity - s.picked - s.short - s.cancelled }

// Pick books a scan: each field is checked against the stop (wrong bin,
// wrong item, too many, wrong tote are refused with what was expected, and
// nothing is recorded); then the units move in the ledger from the bin
// into the tote, the scan is recorded with who, where and when, and a
// fulfilment with nothing left to pick becomes picked.
func (s *Store) Pick(ctx context.Context, taskID string, in Scan) (ScanResult, error) {
	var res ScanResult
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		t, err := lockTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		who, _ := actor.From(ctx)
		if replayed, line, err := replay(ctx, tx, taskID, in); err != nil || replayed {
			res.Replayed, res.Line = replayed, line
			return err
		}
		if t.status != TaskClaimed || t.claimedBy != who.ID {
			return t.refuse(who)
		}
		st, err := stopOf(ctx, tx, taskID, in.Line)
		if err != nil {
			return err
		}
		group, err := stopGroup(ctx, tx, t, st)
		if err != nil {
			return err
		}
		tote, err := checkScan(ctx, tx, t, st, leftOf(group), in)
		if err != nil {
			return err
		}
		if st.valuable && slices.ContainsFunc(group, func(g stop) bool { return g.verifiedBy == "" }) {
			return errs.E(errs.Conflict, "SKU %s is valuable: a second person (an admin) scans this stop before it is picked", st.sku)
		}
		n := in.Quantity
		for _, g := range group { // one line, or a put wall's lines of the SKU in the bin, in route order
			take := min(n, g.left())
			if take == 0 {
				break
			}
			if err := book(ctx, tx, t, g, take, tote); err != nil {
				return err
			}
			n -= take
		}
		if err := replenish(ctx, tx, t.warehouseID, ReasonBelowMin, inventory.BinUnits{BinID: st.binID, ProductID: st.productID}); err != nil {
			return err
		}
		res.Line = st.id
		if err := recordScan(ctx, tx, taskID, st.id, in.ScanID, "pick", who, in.Bin, in.Item, tote, in.Quantity, nil); err != nil {
			return err
		}
		for _, g := range group {
			picked, done, err := settle(ctx, tx, t, g.fulfilment, who)
			if err != nil {
				return err
			}
			res.FulfilmentPicked, res.TaskDone = res.FulfilmentPicked || picked, done
		}
		return nil
	})
	if err != nil {
		return ScanResult{}, err
	}
	res.Task, err = s.Task(ctx, taskID)
	return res, err
}

// replay finds an earlier scan with the same key: the same scan again is
// answered as it was; a different one under a used key is refused.
func replay(ctx context.Context, tx *db.Tx, taskID string, in Scan) (bool, string, error) {
	var line *string
	var bin, item, tote string
	var qty int64
	err := tx.QueryRowContext(ctx, `SELECT line_id, bin, item, tote, quantity FROM pick_scans WHERE task_id = $1 AND scan_id = $2`,
		taskID, in.ScanID).Scan(&line, &bin, &item, &tote, &qty)
	if errors.Is(err, sql.ErrNoRows) {
		return false, "", nil
	}
	if err != nil {
		return false, "", err
	}
	lineID := ""
	if line != nil {
		lineID = *line
	}
	if bin != in.Bin || item != in.Item || qty != in.Quantity || (in.Line != "" && in.Line != lineID) ||
		(tote != "" && tote != normal(in.Tote)) {
		return false, "", errs.Field("scan_id", errs.CodeDuplicate, "scan %s was already booked with other values; a new scan needs a new scan_id", errs.Clip(in.ScanID))
	}
	return true, lineID, nil
}

// stopOf reads the line a scan is for: the one named, else the next stop.
func stopOf(ctx context.Context, tx *db.Tx, taskID, lineID string) (stop, error) {
	q := `SELECT l.id, l.fulfilment_id, l.order_id, l.line_no, l.bin_id, b.code, l.product_id, p.sku, p.name,
		l.quantity, l.picked, l.short, l.cancelled, p.valuable, coalesce(l.verified_by, '')
		FROM pick_lines l JOIN bins b ON b.id = l.bin_id JOIN products p ON p.id = l.product_id WHERE l.task_id = $1 `
	args := []any{taskID}
	if lineID != "" {
		q += `AND l.id = $2`
		args = append(args, lineID)
	} else {
		q += `AND l.picked + l.short + l.cancelled < l.quantity ORDER BY l.seq LIMIT 1`
	}
	var st stop
	err := tx.QueryRowContext(ctx, q, args...).Scan(&st.id, &st.fulfilment, &st.orderID, &st.lineNo, &st.binID, &st.bin,
		&st.productID, &st.sku, &st.name, &st.quantity, &st.picked, &st.short, &st.cancelled, &st.valuable, &st.verifiedBy)
	switch {
	case errors.Is(err, sql.ErrNoRows) && lineID != "":
		return st, errs.Field("line", errs.CodeUnknown, "task %s has no line %s", taskID, errs.Clip(lineID))
	case errors.Is(err, sql.ErrNoRows):
		return st, errs.E(errs.Conflict, "task %s has nothing left to pick", taskID)
	case err != nil:
		return st, err
	}
	if st.left() == 0 {
		return st, errs.E(errs.Conflict, "line %s has nothing left to pick (%d picked, %d short, %d cancelled)", st.id, st.picked, st.short, st.cancelled)
	}
	return st, nil
}

// stopGroup is what one scan at st may book: st itself, or on a put wall
// every open line of the task for the same product in the same bin (the
// walk picks the batch's total), in route order.
func stopGroup(ctx context.Context, tx *db.Tx, t lockedTask, st stop) ([]stop, error) {
	if t.strategy != PutWall {
		return []stop{st}, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM pick_lines WHERE task_id = $1 AND bin_id = $2 AND product_id = $3
		AND picked + short + cancelled < quantity ORDER BY seq`, t.id, st.binID, st.productID)
	if err != nil {
		return nil, err
	}
	ids, err := collect(rows)
	if err != nil {
		return nil, err
	}
	group := make([]stop, 0, len(ids))
	for _, lid := range ids {
		g, err := stopOf(ctx, tx, t.id, lid)
		if err != nil {
			return nil, err
		}
		group = append(group, g)
	}
	return group, nil
}

// leftOf is the units a group of lines still needs.
func leftOf(group []stop) int64 {
	var n int64
	for _, g := range group {
		n += g.left()
	}
	return n
}

func normal(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// checkScan compares what was scanned with the stop and names every field
// that is wrong with what was expected. It returns the tote's code.
func checkScan(ctx context.Context, tx *db.Tx, t lockedTask, st stop, left int64, in Scan) (string, error) {
	var f errs.Fields
	if normal(in.Bin) != normal(st.bin) {
		f.Add("bin", "wrong_bin", "wrong bin: you scanned %s; this stop is bin %s", errs.Clip(in.Bin), st.bin)
	}
	if ok, what, err := itemIs(ctx, tx, in.Item, st.productID); err != nil {
		return "", err
	} else if !ok {
		f.Add("item", "wrong_item", "wrong item: you scanned %s; this stop wants SKU %s (%s)", what, st.sku, errs.Clip(st.name))
	}
	switch {
	case in.Quantity < 1:
		f.Add("quantity", errs.CodeOutOfRange, "pick at least 1 unit")
	case in.Quantity > left:
		f.Add("quantity", "too_many", "%d is too many: %d left to pick at this stop", in.Quantity, left)
	}
	tote := normal(in.Tote)
	switch bound, err := boundTote(ctx, tx, t, st.fulfilment); {
	case err != nil:
		return "", err
	case !toteCode.MatchString(tote):
		f.Add("tote", errs.CodeFormat, "scan the tote: 1 to 32 letters, digits or '-'")
	case bound != "" && bound != tote:
		f.Add("tote", "wrong_tote", "wrong tote: you scanned %s; these units go in tote %s", tote, bound)
	case bound == "":
		var other string
		err := tx.QueryRowContext(ctx, `SELECT o.number FROM pick_totes pt JOIN fulfilments fl ON fl.id = pt.fulfilment_id
			JOIN orders o ON o.id = fl.order_id WHERE pt.warehouse_id = $1 AND pt.tote = $2
			UNION ALL SELECT 'batch ' || id FROM pick_tasks WHERE warehouse_id = $1 AND bulk_tote = $2`, t.warehouseID, tote).Scan(&other)
		if err == nil {
			f.Add("tote", "tote_in_use", "tote %s already holds order %s; take an empty tote", tote, other)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	if len(f) > 0 {
		return "", &errs.Error{Kind: errs.Invalid, Message: f[0].Message, Fields: f}
	}
	return tote, nil
}

// itemIs reports whether a scanned code is the product: one of its
// barcodes (any length of GTIN) or its SKU; else it says what was scanned.
func itemIs(ctx context.Context, tx *db.Tx, code, productID string) (bool, string, error) {
	pid, sku, err := catalog.Scanned(ctx, tx, code)
	switch {
	case errs.Is(err, errs.Invalid):
		return false, "code " + errs.Clip(strings.TrimSpace(code)) + ", which is not in the catalogue", nil
	case err != nil:
		return false, "", err
	}
	return pid == productID, "SKU " + sku, nil
}

// boundTote is the tote already holding a fulfilment's units on a task
// (on a put wall, the task's bulk tote).
func boundTote(ctx context.Context, tx *db.Tx, t lockedTask, fulfilmentID string) (string, error) {
	if t.strategy == PutWall {
		return t.bulkTote, nil
	}
	var tote *string
	err := tx.QueryRowContext(ctx, `SELECT tote FROM pick_totes WHERE task_id = $1 AND fulfilment_id = $2`, t.id, fulfilmentID).Scan(&tote)
	if err != nil || tote == nil {
		return "", err
	}
	return *tote, nil
}

// book moves n units of a stop into the tote: the ledger, the line, the
// order's allocation and the tote's binding, each guarded so that a race
// lost on PostgreSQL refuses rather than counts twice.
func book(ctx context.Context, tx *db.Tx, t lockedTask, st stop, n int64, tote string) error {
	if _, err := inventory.Pick(ctx, tx, st.id, tote, inventory.BinUnits{WarehouseID: t.warehouseID, BinID: st.binID,
		ProductID: st.productID, Quantity: n}); err != nil {
		return err
	}
	for _, u := range []struct {
		q    string
		args []any
		what string
	}{
		{`UPDATE pick_lines SET picked = picked + $2 WHERE id = $1 AND picked + short + cancelled + $2 <= quantity`,
			[]any{st.id, n}, "line " + st.id + " changed while it was scanned"},
		{`UPDATE order_allocations SET picked = picked + $4 WHERE order_id = $1 AND line_no = $2 AND warehouse_id = $3
			AND released_at IS NULL AND picked + $4 <= quantity`, []any{st.orderID, st.lineNo, t.warehouseID, n},
			"the order's reservation no longer covers these units"},
	} {
		r, err := tx.ExecContext(ctx, u.q, u.args...)
		if err != nil {
			return err
		}
		if k, _ := r.RowsAffected(); k != 1 {
			return errs.E(errs.Conflict, "%s; nothing was booked", u.what)
		}
	}
	q := `UPDATE pick_totes SET tote = $3 WHERE task_id = $1 AND fulfilment_id = $2 AND tote IS NULL`
	if t.strategy == PutWall {
		q = `UPDATE pick_tasks SET bulk_tote = $3 WHERE id = $1 AND $2 <> '' AND bulk_tote IS NULL`
	}
	_, err := tx.ExecContext(ctx, q, t.id, st.fulfilment, tote)
	if db.ViolationOf(err) == db.UniqueViolation {
		return errs.Field("tote", "tote_in_use", "tote %s already holds another order; take an empty tote", tote)
	}
	return err
}

// recordScan writes an accepted scan: who, where, when and what.
func recordScan(ctx context.Context, tx *db.Tx, taskID, lineID, scanID, kind string, who actor.Actor, bin, item, tote string, n int64, detail map[string]any) error {
	d, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	if detail == nil {
		d = []byte("{}")
	}
	var line any
	if lineID != "" {
		line = lineID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO pick_scans (id, task_id, line_id, scan_id, kind, at, actor, bin, item, tote, quantity, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		id.New("psc", tx.Now), taskID, line, scanID, kind, tx.Now, who.ID, bin, item, tote, n, string(d))
	if db.ViolationOf(err) == db.UniqueViolation {
		return errs.Field("scan_id", errs.CodeDuplicate, "scan %s was already booked", errs.Clip(scanID))
	}
	return err
}
