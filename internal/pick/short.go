package pick

import (
	"context"
	"slices"
	"strconv"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/release"
)

// ShortReport is a picker finding a bin short at a stop: the bin as
// scanned and how many units of the stop's product are in it.
type ShortReport struct {
	ScanID string `json:"scan_id" minLength:"1" maxLength:"64" doc:"The device's key for this report; a repeat books nothing twice"`
	Line   string `json:"line,omitempty" maxLength:"40" doc:"pkl_…; default: the next stop"`
	Bin    string `json:"bin" maxLength:"64" doc:"The bin's code as scanned"`
	Found  int64  `json:"found" minimum:"0" maximum:"1000000" doc:"Units of the stop's product found in the bin; fewer than the stop needs"`
}

// ShortResult is the task after a short report, and what became of the
// units not found.
type ShortResult struct {
	Task      Task   `json:"task"`
	Short     int64  `json:"short" doc:"Units the stop could not get from its bin"`
	Resourced int64  `json:"resourced" doc:"Of those, units added as stops at other bins of the warehouse"`
	Missing   int64  `json:"missing" doc:"Units no bin could give: the order line is short of them, and its product's shortage policy decides: another warehouse, cancelled with refund (cancel_short), or waiting for stock"`
	Count     string `json:"count_task" doc:"The count task opened for the bin (or already open)"`
	Replayed  bool   `json:"replayed,omitempty"`
}

// Short books a short pick: the difference is recorded as a discrepancy
// and the bin gets a count task (it promises nothing new until counted);
// the units found stay to be picked at this stop; the rest is picked from
// other bins of the warehouse when they hold it (new stops on the same
// task and tote), and otherwise the order line goes short of it and waits
// for stock, the customer's order showing why.
func (s *Store) Short(ctx context.Context, taskID string, in ShortReport) (ShortResult, error) {
	var res ShortResult
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		t, err := lockTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		who, _ := actor.From(ctx)
		if replayed, _, err := replay(ctx, tx, taskID, Scan{ScanID: in.ScanID, Line: in.Line, Bin: in.Bin, Quantity: in.Found}); err != nil || replayed {
			res.Replayed = replayed
			return err
		}
		if t.status != TaskClaimed || t.claimedBy != who.ID {
			return t.refuse(who)
		}
		st, err := stopOf(ctx, tx, taskID, in.Line)
		if err != nil {
			return err
		}
		var f errs.Fields
		if normal(in.Bin) != normal(st.bin) {
			f.Add("bin", "wrong_bin", "wrong bin: you scanned %s; this stop is bin %s", errs.Clip(in.Bin), st.bin)
		}
		if in.Found < 0 || in.Found >= st.left() {
			f.Add("found", errs.CodeOutOfRange, "%d found covers the %d this stop needs: pick them instead", in.Found, st.left())
		}
		if len(f) > 0 {
			return &errs.Error{Kind: errs.Invalid, Message: f[0].Message, Fields: f}
		}
		res.Short = st.left() - in.Found
		var onHand int64
		if err := tx.QueryRowContext(ctx, `SELECT on_hand FROM bin_stock WHERE bin_id = $1 AND product_id = $2`, st.binID, st.productID).
			Scan(&onHand); err != nil {
			return err
		}
		if res.Count, err = inventory.RecordDiscrepancy(ctx, tx, inventory.Discrepancy{WarehouseID: t.warehouseID, BinID: st.binID,
			ProductID: st.productID, Source: "short_pick", Expected: onHand, Found: in.Found, Reference: st.id, ActorID: who.ID}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pick_lines SET short = short + $2 WHERE id = $1`, st.id, res.Short); err != nil {
			return err
		}
		if _, err := inventory.Deallocate(ctx, tx, st.id, []inventory.BinUnits{{WarehouseID: t.warehouseID, BinID: st.binID,
			ProductID: st.productID, Quantity: res.Short}}); err != nil {
			return err
		}
		if res.Resourced, err = resource(ctx, tx, t, st, res.Short); err != nil {
			return err
		}
		if res.Missing = res.Short - res.Resourced; res.Missing > 0 {
			if err := goShort(ctx, tx, t, st, res.Missing, who); err != nil {
				return err
			}
		}
		if err := recordScan(ctx, tx, taskID, st.id, in.ScanID, "short", who, in.Bin, "", "", in.Found,
			map[string]any{"short": res.Short, "resourced": res.Resourced, "missing": res.Missing, "count_task": res.Count}); err != nil {
			return err
		}
		_, _, err = settle(ctx, tx, t, st.fulfilment, who)
		return err
	})
	if err != nil {
		return ShortResult{}, err
	}
	res.Task, err = s.Task(ctx, taskID)
	return res, err
}

// resource adds stops at other bins of the warehouse for up to n units of
// a short stop, chosen like a wave's (the bin just found short is being
// counted and is not offered), at the end of the task's route.
func resource(ctx context.Context, tx *db.Tx, t lockedTask, st stop, n int64) (int64, error) {
	free, err := inventory.Free(ctx, tx, t.warehouseID, []string{st.productID}, true)
	if err != nil {
		return 0, err
	}
	var cands []Candidate
	for _, f := range free {
		if f.BinID != st.binID {
			cands = append(cands, Candidate{BinID: f.BinID, Bin: f.Bin, Free: f.Free, PickFace: true,
				ExpiresOn: f.ExpiresOn, Since: f.Since})
		}
	}
	takes, missing := Choose(n, cands)
	if len(takes) == 0 {
		return 0, nil
	}
	var seq int
	if err := tx.QueryRowContext(ctx, `SELECT max(seq) FROM pick_lines WHERE task_id = $1`, t.id).Scan(&seq); err != nil {
		return 0, err
	}
	var rows [][]any
	var units []inventory.BinUnits
	for _, tk := range takes {
		seq++
		lid := id.New("pkl", tx.Now)
		rows = append(rows, []any{lid, t.id, seq, st.fulfilment, st.orderID, st.lineNo, t.warehouseID, tk.BinID, st.productID, tk.Quantity})
		units = append(units, inventory.BinUnits{WarehouseID: t.warehouseID, BinID: tk.BinID, ProductID: st.productID, Quantity: tk.Quantity})
	}
	if err := db.InsertRows(ctx, tx, "pick_lines", []string{"id", "task_id", "seq", "fulfilment_id", "order_id", "line_no",
		"warehouse_id", "bin_id", "product_id", "quantity"}, rows); err != nil {
		return 0, err
	}
	if _, err := inventory.Allocate(ctx, tx, st.id, units); err != nil {
		return 0, err
	}
	return n - missing, nil
}

// goShort takes units no bin can give off the fulfilment and the order's
// reservation: the order line is short of them, and the release stage is
// handed what its shortage policy makes of them.
func goShort(ctx context.Context, tx *db.Tx, t lockedTask, st stop, n int64, who actor.Actor) error {
	if err := fulfilment.Shorten(ctx, tx, st.fulfilment, st.orderID, st.lineNo, n); err != nil {
		return err
	}
	if err := fulfilment.Note(ctx, tx, st.fulfilment, fulfilment.Picking, "fulfilment.short_picked", who.ID,
		map[string]any{"order_id": st.orderID, "line_no": st.lineNo, "sku": st.sku, "units": n, "bin": st.bin}); err != nil {
		return err
	}
	o, err := order.Lock(ctx, tx, st.orderID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(o.Allocations, func(a order.Allocation) bool { return a.LineNo == st.lineNo && a.WarehouseID == t.warehouseID }) {
		return errs.E(errs.Conflict, "order %s no longer holds line %d at %s", o.Number, st.lineNo, t.warehouse)
	}
	if err := order.ShortPicked(ctx, tx, &o, st.lineNo, t.warehouseID, n, who, map[string]any{"warehouse": t.warehouse,
		"bin": st.bin, "sku": st.sku, "units": n, "pick_line": st.id}); err != nil {
		return err
	}
	// The review stage follows the product's shortage policy: another
	// warehouse, the units cancelled, or waiting for stock.
	return job.EnqueueArgs(ctx, tx, release.ShortPickJob{OrderID: st.orderID, LineNo: st.lineNo, WarehouseID: t.warehouseID,
		Units: n}, "short:"+st.id+":"+strconv.FormatInt(tx.Now.UnixMicro(), 10), tx.Now)
}
