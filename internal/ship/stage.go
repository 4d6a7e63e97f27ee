package ship

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// StageScan is a parcel put in a staging lane: the parcel's label scanned
// (tracking number or SSCC), then the lane's.
type StageScan struct {
	Parcel string `json:"parcel" minLength:"1" maxLength:"64" doc:"The parcel's tracking number or SSCC, as scanned from its label"`
	Lane   string `json:"lane" minLength:"1" maxLength:"64" doc:"The lane's label: its carrier's code (LANE-carrier also reads)"`
}

// Stage puts a labelled parcel in its carrier's lane. The wrong lane is
// refused at the lane field, saying which is right; staging again in the
// same lane changes nothing.
func (s *Store) Stage(ctx context.Context, in StageScan) (Shipment, error) {
	code := normal(in.Parcel)
	lane := strings.TrimPrefix(normal(in.Lane), "LANE-")
	var shipID string
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var parcelID, carrier, status string
		err := tx.QueryRowContext(ctx, `SELECT p.shipment_id, p.parcel_id, s.carrier, s.status FROM shipment_parcels p
			JOIN shipments s ON s.id = p.shipment_id JOIN parcels c ON c.id = p.parcel_id
			WHERE (upper(p.tracking_number) = $1 OR c.sscc = $2) AND s.status <> 'voided'`, code, ssccOf(code)).
			Scan(&shipID, &parcelID, &carrier, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.Field("parcel", errs.CodeUnknown, "%s is no labelled parcel", errs.Clip(in.Parcel))
		}
		if err != nil {
			return err
		}
		if status != StatusLabelled {
			return errs.E(errs.Conflict, "the parcel's shipment is %s: it has left staging", status)
		}
		if lane != strings.ToUpper(carrier) {
			return errs.Field("lane", "wrong_lane", "wrong lane: this parcel goes to lane %s", strings.ToUpper(carrier))
		}
		_, err = tx.ExecContext(ctx, `UPDATE shipment_parcels SET lane = $3, staged_at = coalesce(staged_at, $4)
			WHERE shipment_id = $1 AND parcel_id = $2`, shipID, parcelID, lane, tx.Now)
		return err
	})
	if err != nil {
		return Shipment{}, err
	}
	return s.Shipment(ctx, shipID)
}

// ssccOf is a scanned SSCC without the GS1-128 application identifier (00)
// a label's barcode carries in front of the 18 digits.
func ssccOf(code string) string {
	if len(code) == 20 && strings.HasPrefix(code, "00") {
		return code[2:]
	}
	return code
}

// normal is a scanned code as compared: trimmed, upper case.
func normal(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
