package track

import (
	"context"
	"slices"
	"strconv"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
)

// Filter picks parcels to list.
type Filter struct {
	Carrier string `query:"carrier" maxLength:"32"`
	Status  string `query:"status" maxLength:"32" doc:"One normalised status; \"open\" is every status not final"`
	Limit   int    `query:"limit" minimum:"1" maximum:"1000" default:"100"`
}

// Parcels lists tracked parcels, the longest silent first: what a person
// (or a carrier integration) looks at to see what is on its way.
func (s *Store) Parcels(ctx context.Context, f Filter) ([]Parcel, error) {
	if f.Status != "" && f.Status != "open" && !slices.Contains(ship.TrackingStatuses, f.Status) {
		return nil, errs.Field("status", errs.CodeUnknown, "%q is not a tracking status or open", errs.Clip(f.Status))
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	q := `SELECT ` + parcelColumns + ` FROM parcel_tracking t WHERE ($1 = '' OR t.carrier = $1)`
	args := []any{f.Carrier}
	switch f.Status {
	case "":
	case "open":
		q += ` AND t.status NOT IN ('delivered', 'returned_to_sender', 'lost')`
	default:
		q += ` AND t.status = $2`
		args = append(args, f.Status)
	}
	q += ` ORDER BY t.last_event_at, t.parcel_id LIMIT ` + strconv.Itoa(f.Limit)
	out := []Parcel{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanParcel(rows)
			if err != nil {
				return err
			}
			out = append(out, *p)
		}
		return rows.Err()
	})
	return out, err
}
