package pack

import (
	"context"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Accept is a supervisor accepting a held parcel's weight after checking
// its contents (a product heavier than the catalogue says, extra fill).
type Accept struct {
	ScanID string `json:"scan_id" minLength:"1" maxLength:"64"`
	Reason string `json:"reason" minLength:"1" maxLength:"200" doc:"What the check found"`
}

// AcceptWeight packs a held parcel at the weight it was held at, with the
// supervisor's reason. Only an admin who is not the parcel's packer may:
// the second pair of eyes is the point.
func (s *Store) AcceptWeight(ctx context.Context, parcelID string, in Accept) (CloseResult, error) {
	who, _ := actor.From(ctx)
	if who.Role != actor.Admin {
		return CloseResult{}, errs.E(errs.Forbidden, "a supervisor (admin) accepts a held parcel")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" {
		return CloseResult{}, errs.Field("reason", errs.CodeRequired, "say what the check found")
	}
	var res CloseResult
	var fid string
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		if fid, err = fulfilmentOf(ctx, tx, parcelID); err != nil {
			return err
		}
		_, whID, err := lockFulfilment(ctx, tx, fid)
		if err != nil {
			return err
		}
		if _, res.Replayed, err = replayed(ctx, tx, fid, in.ScanID, "accept", parcelID, 0); err != nil || res.Replayed {
			return err
		}
		var status, carton, closer string
		var expected, weight int64
		if err := tx.QueryRowContext(ctx, `SELECT p.status, coalesce(p.carton, ''), p.expected_g, p.weight_g,
			coalesce((SELECT s.actor FROM pack_scans s WHERE s.parcel_id = p.id AND s.kind = 'close' ORDER BY s.at DESC, s.id DESC LIMIT 1), '')
			FROM parcels p WHERE p.id = $1`, parcelID).Scan(&status, &carton, &expected, &weight, &closer); err != nil {
			return err
		}
		if status != ParcelHeld {
			return errs.E(errs.Conflict, "parcel %s is %s, not held", parcelID, status)
		}
		if closer == who.ID {
			return errs.E(errs.Forbidden, "another person accepts the parcel you weighed")
		}
		c, err := contentsOf(ctx, tx, parcelID)
		if err != nil {
			return err
		}
		box, why, err := boxFor(ctx, tx, whID, carton, c)
		if err != nil {
			return err
		}
		if err := pack(ctx, tx, parcelID, whID, box, why, expected, weight, who); err != nil {
			return err
		}
		if err := recordScan(ctx, tx, fid, parcelID, in.ScanID, "accept", parcelID, 0, who, map[string]any{"reason": in.Reason,
			"weight_g": weight, "expected_g": expected}); err != nil {
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
