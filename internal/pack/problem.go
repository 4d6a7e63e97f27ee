package pack

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/release"
)

// Problem is a supervisor's decision on units that cannot be packed: found
// damaged at the station, missing from the tote, or swapped (another item
// was picked in their place: it goes back to stock).
type Problem struct {
	ScanID   string `json:"scan_id" minLength:"1" maxLength:"64"`
	Item     string `json:"item" minLength:"1" maxLength:"64" doc:"The product's barcode or SKU"`
	Quantity int64  `json:"quantity,omitempty" minimum:"0" maximum:"10000" doc:"Units; default 1"`
	Kind     string `json:"kind" enum:"damaged,missing,swapped"`
	Found    string `json:"found,omitempty" maxLength:"64" doc:"swapped: the barcode or SKU of the wrong item found in the tote instead"`
	Bin      string `json:"bin,omitempty" maxLength:"64" doc:"swapped: the bin the wrong item is put back in"`
	Note     string `json:"note,omitempty" maxLength:"200"`
}

// Resolve writes off units of a fulfilment that will not ship, as a
// supervisor (admin) decides: the ledger takes them out of picked stock
// (damaged or lost), the fulfilment carries fewer, and the order line goes
// short of them, handled like a short pick (another warehouse, cancelled
// with refund, or waiting for stock: the release stage's ShortPickJob).
// A swap also puts the wrong item back in a bin (an adjustment, found).
// Only units not yet in a parcel can be written off.
func (s *Store) Resolve(ctx context.Context, fid string, in Problem) (Station, error) {
	who, _ := actor.From(ctx)
	if who.Role != actor.Admin {
		return Station{}, errs.E(errs.Forbidden, "a supervisor (admin) decides what cannot be packed")
	}
	if in.Quantity == 0 {
		in.Quantity = 1
	}
	reason := map[string]string{"damaged": "damaged", "missing": "lost", "swapped": "lost"}[in.Kind]
	if reason == "" {
		return Station{}, errs.Field("kind", errs.CodeUnknown, "kind must be damaged, missing or swapped")
	}
	if in.Kind == "swapped" && (strings.TrimSpace(in.Found) == "" || strings.TrimSpace(in.Bin) == "") {
		return Station{}, errs.Field(map[bool]string{true: "found", false: "bin"}[strings.TrimSpace(in.Found) == ""], errs.CodeRequired,
			"a swap names the wrong item found and the bin it goes back to")
	}
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		status, whID, err := lockFulfilment(ctx, tx, fid)
		if err != nil {
			return err
		}
		if _, replay, err := replayed(ctx, tx, fid, in.ScanID, in.Kind, in.Item, in.Quantity); err != nil || replay {
			return err
		}
		line, sku, err := unitsOf(ctx, tx, fid, status, in.Item, in.Quantity)
		if err != nil {
			return err
		}
		pid := line.ProductID
		if _, err := inventory.WriteOffPicked(ctx, tx, reason, fid, inventory.Units{WarehouseID: whID, ProductID: pid, Quantity: in.Quantity}); err != nil {
			return err
		}
		if in.Kind == "swapped" {
			if err := putBack(ctx, tx, fid, whID, pid, in); err != nil {
				return err
			}
		}
		o, err := order.Lock(ctx, tx, line.OrderID)
		if err != nil {
			return err
		}
		detail := map[string]any{"sku": sku, "units": in.Quantity, "kind": in.Kind, "note": strings.TrimSpace(in.Note), "fulfilment_id": fid}
		if err := order.LostAfterPick(ctx, tx, &o, line.LineNo, whID, in.Quantity, who, detail); err != nil {
			return err
		}
		if err := fulfilment.Shorten(ctx, tx, fid, line.OrderID, line.LineNo, in.Quantity); err != nil {
			return err
		}
		if err := fulfilment.Note(ctx, tx, fid, fulfilment.Picked, "fulfilment."+in.Kind+"_at_packing", who.ID, detail); err != nil {
			return err
		}
		if err := job.EnqueueArgs(ctx, tx, release.ShortPickJob{OrderID: line.OrderID, LineNo: line.LineNo, WarehouseID: whID,
			Units: in.Quantity}, "pack:"+fid+":"+in.ScanID+":"+strconv.FormatInt(tx.Now.UnixMicro(), 10), tx.Now); err != nil {
			return err
		}
		if err := recordScan(ctx, tx, fid, "", in.ScanID, in.Kind, in.Item, in.Quantity, who, detail); err != nil {
			return err
		}
		return s.settle(ctx, tx, fid, who)
	})
	if err != nil {
		return Station{}, err
	}
	return s.Station(ctx, fid)
}

// putBack books the wrong item of a swap back into the bin named: found
// stock, an adjustment whose reference is the fulfilment.
func putBack(ctx context.Context, tx *db.Tx, fid, whID, ordered string, in Problem) error {
	found, _, err := catalog.Scanned(ctx, tx, in.Found)
	if err != nil {
		return errs.Field("found", errs.CodeUnknown, "%s is not in the catalogue", errs.Clip(in.Found))
	}
	if found == ordered {
		return errs.Field("found", "same_item", "the item found is the one ordered: that is no swap")
	}
	var binID string
	err = tx.QueryRowContext(ctx, `SELECT id FROM bins WHERE warehouse_id = $1 AND code = $2 AND active`, whID,
		strings.ToUpper(strings.TrimSpace(in.Bin))).Scan(&binID)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.Field("bin", errs.CodeUnknown, "%s is no active bin of this warehouse", errs.Clip(in.Bin))
	}
	if err != nil {
		return err
	}
	_, err = inventory.Found(ctx, tx, fid, inventory.BinUnits{WarehouseID: whID, BinID: binID, ProductID: found, Quantity: in.Quantity})
	return err
}

// settle ends a fulfilment a write-off emptied (cancelled: nothing ships)
// or finished (packed: every unit left is in a packed parcel).
func (s *Store) settle(ctx context.Context, tx *db.Tx, fid string, who actor.Actor) error {
	var lines int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM fulfilment_lines WHERE fulfilment_id = $1`, fid).Scan(&lines); err != nil {
		return err
	}
	if lines == 0 {
		return fulfilment.Move(ctx, tx, []string{fid}, fulfilment.Picked, fulfilment.Cancelled, "fulfilment.nothing_to_pack", who.ID, nil)
	}
	_, err := complete(ctx, tx, fid, who)
	return err
}
