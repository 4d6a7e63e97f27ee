package pack

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// OwnPackaging is the carton code of goods shipped in their own box: a
// single unit that needs no carton (or fits none), labelled as it is.
const OwnPackaging = "OWN"

// CloseParcel is the packer closing the parcel on the desk: the carton
// used (scanned) and what the parcel weighs (typed, or from a scale).
type CloseParcel struct {
	ScanID  string `json:"scan_id" minLength:"1" maxLength:"64" doc:"The device's key; a repeat books nothing twice"`
	Carton  string `json:"carton" minLength:"1" maxLength:"32" doc:"The carton's code, or OWN for one unit in its own packaging"`
	WeightG int64  `json:"weight_g" minimum:"1" maximum:"1000000" doc:"What the closed parcel weighs, in grams"`
}

// CloseResult is the station after a parcel was closed.
type CloseResult struct {
	Station  Station `json:"station"`
	Parcel   Parcel  `json:"parcel"`
	Held     bool    `json:"held" doc:"Its weight is off: check the contents and weigh again, or a supervisor accepts it"`
	Done     bool    `json:"done" doc:"Every unit is in a packed parcel: the fulfilment is packed"`
	Replayed bool    `json:"replayed,omitempty"`
}

// Close closes a fulfilment's open (or held) parcel in a carton of the
// warehouse's catalogue and checks its weight against what its items and
// carton should weigh: within the warehouse's tolerance it is packed (the
// carton leaves stock), else held for a recheck. The last parcel packed
// packs the fulfilment.
func (s *Store) Close(ctx context.Context, parcelID string, in CloseParcel) (CloseResult, error) {
	var res CloseResult
	var fid string
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		if fid, err = fulfilmentOf(ctx, tx, parcelID); err != nil {
			return err
		}
		status, whID, err := lockFulfilment(ctx, tx, fid)
		if err != nil {
			return err
		}
		carton := strings.ToUpper(strings.TrimSpace(in.Carton))
		if _, res.Replayed, err = replayed(ctx, tx, fid, in.ScanID, "close", carton, in.WeightG); err != nil || res.Replayed {
			return err
		}
		if status != "picked" {
			return errs.E(errs.Conflict, "fulfilment %s is %s: nothing to pack", fid, status)
		}
		c, err := contentsOf(ctx, tx, parcelID)
		if err != nil {
			return err
		}
		if c.status != ParcelOpen && c.status != ParcelHeld {
			return errs.E(errs.Conflict, "parcel %d is %s", c.seq, c.status)
		}
		box, why, err := boxFor(ctx, tx, whID, carton, c)
		if err != nil {
			return err
		}
		if in.WeightG < 1 || in.WeightG > 1_000_000 {
			return errs.Field("weight_g", errs.CodeOutOfRange, "weight_g must be 1 to 1000000")
		}
		rules, err := rulesFor(ctx, tx, whID, false)
		if err != nil {
			return err
		}
		who, _ := actor.From(ctx)
		expected := c.weightG + box.TareG
		tol := rules.tolerance(expected)
		detail := map[string]any{"carton": carton, "weight_g": in.WeightG, "expected_g": expected, "tolerance_g": tol}
		if d := in.WeightG - expected; d > tol || -d > tol {
			res.Held = true
			note := fmt.Sprintf("weighs %d g; its items and carton should weigh %d g (± %d g): check the contents and weigh again",
				in.WeightG, expected, tol)
			if _, err := tx.ExecContext(ctx, `UPDATE parcels SET status = 'held', carton = $2, expected_g = $3, weight_g = $4, note = $5,
				updated_at = $6 WHERE id = $1`, parcelID, carton, expected, in.WeightG, note, tx.Now); err != nil {
				return err
			}
			return recordScan(ctx, tx, fid, parcelID, in.ScanID, "close", carton, in.WeightG, who, detail)
		}
		if err := pack(ctx, tx, parcelID, whID, box, why, expected, in.WeightG, who); err != nil {
			return err
		}
		if err := recordScan(ctx, tx, fid, parcelID, in.ScanID, "close", carton, in.WeightG, who, detail); err != nil {
			return err
		}
		res.Done, err = complete(ctx, tx, fid, who)
		return err
	})
	if err != nil {
		return CloseResult{}, err
	}
	return s.closed(ctx, fid, parcelID, res)
}

// closed completes a close's answer with the station and the parcel as
// they are now.
func (s *Store) closed(ctx context.Context, fid, parcelID string, res CloseResult) (CloseResult, error) {
	var err error
	if res.Station, err = s.Station(ctx, fid); err != nil {
		return CloseResult{}, err
	}
	for _, p := range res.Station.Parcels {
		if p.ID == parcelID {
			res.Parcel = p
		}
	}
	res.Done = res.Station.Status == "packed"
	return res, nil
}

// pack makes a parcel packed in its box, taking the carton from stock.
func pack(ctx context.Context, tx *db.Tx, parcelID, whID string, box Carton, why string, expected, weight int64, who actor.Actor) error {
	if box.Code != OwnPackaging {
		r, err := tx.ExecContext(ctx, `UPDATE cartons SET on_hand = on_hand - 1, updated_at = $3 WHERE warehouse_id = $1 AND code = $2
			AND on_hand > 0`, whID, box.Code, tx.Now)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return errs.Field("carton", "out_of_stock", "no %s cartons are left in stock: use another, or count them in", box.Code)
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE parcels SET status = 'packed', carton = $2, length_mm = $3, width_mm = $4, height_mm = $5,
		expected_g = $6, weight_g = $7, note = '', packed_by = $8, packed_at = $9, updated_at = $9, explanation = $10 WHERE id = $1`,
		parcelID, box.Code, box.OuterMM[0], box.OuterMM[1], box.OuterMM[2], expected, weight, who.ID, tx.Now, why)
	return err
}

// fulfilmentOf reads the fulfilment a parcel belongs to.
func fulfilmentOf(ctx context.Context, tx *db.Tx, parcelID string) (string, error) {
	var fid string
	err := tx.QueryRowContext(ctx, `SELECT fulfilment_id FROM parcels WHERE id = $1`, parcelID).Scan(&fid)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.NotFound, "no parcel %s", errs.Clip(parcelID))
	}
	return fid, err
}
