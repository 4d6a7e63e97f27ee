package pack

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// ItemScan is the packer scanning units into the parcel on the desk.
type ItemScan struct {
	ScanID   string `json:"scan_id" minLength:"1" maxLength:"64" doc:"The device's key for this scan; a repeat books nothing twice"`
	Item     string `json:"item" minLength:"1" maxLength:"64" doc:"The product's barcode (GTIN) or SKU"`
	Quantity int64  `json:"quantity,omitempty" minimum:"0" maximum:"10000" doc:"Units; default 1 (one scan per unit)"`
}

// ScanResult is the station after a scan.
type ScanResult struct {
	Station  Station `json:"station"`
	Parcel   string  `json:"parcel" doc:"The parcel the units went into"`
	Replayed bool    `json:"replayed,omitempty"`
}

// Scan verifies units against the fulfilment and puts them in its open
// parcel (opened on the first scan). An item not in the fulfilment, more
// units than are left to pack, or a parcel held for its weight is refused
// at its field with nothing recorded; the same scan_id again is answered
// as before.
func (s *Store) Scan(ctx context.Context, fid string, in ItemScan) (ScanResult, error) {
	if in.Quantity == 0 {
		in.Quantity = 1
	}
	var res ScanResult
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		status, whID, err := lockFulfilment(ctx, tx, fid)
		if err != nil {
			return err
		}
		if res.Parcel, res.Replayed, err = replayed(ctx, tx, fid, in.ScanID, "item", in.Item, in.Quantity); err != nil || res.Replayed {
			return err
		}
		line, sku, err := unitsOf(ctx, tx, fid, status, in.Item, in.Quantity)
		if err != nil {
			return err
		}
		pid := line.ProductID
		who, _ := actor.From(ctx)
		p, err := openParcel(ctx, tx, fid, whID)
		if err != nil {
			return err
		}
		if p.status == ParcelHeld {
			return errs.Field("item", "parcel_held", "parcel %d is held for its weight: weigh it again, or a supervisor accepts it, before adding items", p.seq)
		}
		box, err := contentsOf(ctx, tx, p.id)
		if err != nil {
			return err
		}
		if line.Hazmat && box.nonHazmat || !line.Hazmat && box.hazmat {
			return errs.Field("item", "hazmat_apart", "%s cannot share parcel %d: hazardous goods ship apart; close this parcel first", sku, p.seq)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO parcel_items (parcel_id, order_id, line_no, product_id, quantity)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (parcel_id, order_id, line_no) DO UPDATE SET quantity = parcel_items.quantity + excluded.quantity`,
			p.id, line.OrderID, line.LineNo, pid, in.Quantity); err != nil {
			return err
		}
		res.Parcel = p.id
		return recordScan(ctx, tx, fid, p.id, in.ScanID, "item", in.Item, in.Quantity, who, map[string]any{"sku": sku,
			"order_id": line.OrderID, "line_no": line.LineNo})
	})
	if err != nil {
		return ScanResult{}, err
	}
	res.Station, err = s.Station(ctx, fid)
	return res, err
}

// unitsOf checks scanned units against a fulfilment waiting to be packed
// (status as locked): the product the code names, and the line of it with
// that many units left. It returns the line and the product's SKU.
func unitsOf(ctx context.Context, tx *db.Tx, fid, status, code string, n int64) (StationLine, string, error) {
	if status != "picked" {
		return StationLine{}, "", errs.E(errs.Conflict, "fulfilment %s is %s: nothing to pack", fid, status)
	}
	pid, sku, err := catalog.Scanned(ctx, tx, code)
	if err != nil {
		return StationLine{}, "", err
	}
	st, err := station(ctx, tx, fid)
	if err != nil {
		return StationLine{}, "", err
	}
	line, err := lineFor(st, pid, sku, n)
	return line, sku, err
}

// lineFor picks the line a scanned product's units go to: the first of
// its lines with units left. It names what is wrong with the scan.
func lineFor(st Station, pid, sku string, n int64) (StationLine, error) {
	var in, left int64
	for _, l := range st.Lines {
		if l.ProductID != pid {
			continue
		}
		in += l.Quantity
		if l.Left() >= n {
			return l, nil
		}
		left += l.Left()
	}
	switch {
	case in == 0:
		return StationLine{}, errs.Field("item", "wrong_item", "wrong item: %s is not in this parcel's order; set it aside for a supervisor", sku)
	case left == 0:
		return StationLine{}, errs.Field("item", "extra_unit", "extra unit: all %d of %s are packed already; set it aside", in, sku)
	}
	return StationLine{}, errs.Field("quantity", errs.CodeOutOfRange, "%d units of %s is more than the %d left to pack", n, sku, left)
}

// parcelRef is the open parcel of a fulfilment as a change sees it.
type parcelRef struct {
	id, status string
	seq        int
}

// openParcel returns the fulfilment's open (or held) parcel, opening a new
// one, with the next number and an SSCC, when there is none.
func openParcel(ctx context.Context, tx *db.Tx, fid, whID string) (parcelRef, error) {
	var p parcelRef
	err := tx.QueryRowContext(ctx, `SELECT id, status, seq FROM parcels WHERE fulfilment_id = $1 AND status IN ('open', 'held')`, fid).
		Scan(&p.id, &p.status, &p.seq)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return p, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1 FROM parcels WHERE fulfilment_id = $1`, fid).Scan(&p.seq); err != nil {
		return p, err
	}
	sscc, err := nextSSCC(ctx, tx, whID)
	if err != nil {
		return p, err
	}
	p.id, p.status = id.New("pcl", tx.Now), ParcelOpen
	_, err = tx.ExecContext(ctx, `INSERT INTO parcels (id, sscc, fulfilment_id, warehouse_id, seq, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 'open', $6, $6)`, p.id, sscc, fid, whID, p.seq, tx.Now)
	return p, err
}

// replayed answers a scan_id seen before on this fulfilment: the same
// scan is a replay (with the parcel it booked into), another with the same
// key is refused.
func replayed(ctx context.Context, tx *db.Tx, fid, scanID, kind, code string, qty int64) (string, bool, error) {
	var k, c string
	var n int64
	var parcel sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT kind, code, quantity, parcel_id FROM pack_scans WHERE fulfilment_id = $1 AND scan_id = $2`,
		fid, scanID).Scan(&k, &c, &n, &parcel)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if k != kind || c != code || n != qty {
		return "", false, errs.Field("scan_id", errs.CodeDuplicate, "scan %s was already booked with other values; a new scan needs a new scan_id", errs.Clip(scanID))
	}
	return parcel.String, true, nil
}

// recordScan writes a pack scan: who, when, what and what it did.
func recordScan(ctx context.Context, tx *db.Tx, fid, parcelID, scanID, kind, code string, qty int64, who actor.Actor, detail map[string]any) error {
	d, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	var parcel any
	if parcelID != "" {
		parcel = parcelID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO pack_scans (id, fulfilment_id, parcel_id, scan_id, kind, code, quantity, detail, actor, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, id.New("psc", tx.Now), fid, parcel, scanID, kind, code, qty, string(d), who.ID, tx.Now)
	return err
}
