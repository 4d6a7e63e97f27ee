package track

import (
	"context"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
)

// DefaultMissingAfter is how long after delivery a COD parcel's cash may
// go unremitted before the reconciliation reports it missing: carriers
// remit weekly.
const DefaultMissingAfter = 7 * 24 * time.Hour

// MissingCash is a delivered COD parcel no remittance has paid for yet,
// delivered longer ago than the report's limit.
type MissingCash struct {
	Carrier        string    `json:"carrier"`
	TrackingNumber string    `json:"tracking_number"`
	ParcelID       string    `json:"parcel_id"`
	DeliveredAt    time.Time `json:"delivered_at"`
	CollectedMinor int64     `json:"collected_minor" doc:"What the driver collected"`
	PaidMinor      int64     `json:"paid_minor" doc:"What remittances paid of it so far (short payments)"`
	Currency       string    `json:"currency"`
}

// Reconciliation is a remittance import's answer, or the state of the
// carriers' COD cash: each row reconciled, counted by outcome, and the
// parcels whose cash is missing.
type Reconciliation struct {
	Remittances []Remittance  `json:"remittances" nullable:"false"`
	Lines       []RemitLine   `json:"lines" nullable:"false"`
	Matched     int           `json:"matched"`
	Short       int           `json:"short"`
	Extra       int           `json:"extra"`
	Missing     []MissingCash `json:"missing" nullable:"false" doc:"Delivered COD parcels of these carriers not paid in full after missing_after"`
}

// Reconcile imports a remittance file (ImportRemittances) and reports it
// with the missing cash of the carriers it names.
func (s *Store) Reconcile(ctx context.Context, data []byte, missingAfter time.Duration) (Reconciliation, error) {
	rems, lines, err := s.ImportRemittances(ctx, data)
	if err != nil {
		return Reconciliation{}, err
	}
	var carriers []string
	for _, r := range rems {
		if !slices.Contains(carriers, r.Carrier) {
			carriers = append(carriers, r.Carrier)
		}
	}
	rec := Reconciliation{Remittances: rems, Lines: lines}
	rec.count()
	rec.Missing, err = s.MissingCash(ctx, carriers, missingAfter)
	return rec, err
}

func (rec *Reconciliation) count() {
	for _, l := range rec.Lines {
		switch l.Outcome {
		case RemitMatched:
			rec.Matched++
		case RemitShort:
			rec.Short++
		default:
			rec.Extra++
		}
	}
}

// MissingCash lists the delivered COD parcels of carriers (all carriers
// when none are named) delivered before now less after whose cash no
// remittance has paid in full, oldest delivery first (at most 1,000).
func (s *Store) MissingCash(ctx context.Context, carriers []string, after time.Duration) ([]MissingCash, error) {
	out := []MissingCash{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		args := []any{ship.TrackDelivered, tx.Now.Add(-after)}
		const paid = `(SELECT COALESCE(sum(l.amount_minor), 0) FROM cod_remittance_lines l WHERE l.parcel_id = t.parcel_id AND l.counted)`
		q := `SELECT t.carrier, t.tracking_number, t.parcel_id, t.delivered_at, t.cod_collected_minor, t.cod_currency, ` + paid + `
			FROM parcel_tracking t WHERE t.status = $1 AND t.delivered_at <= $2 AND t.cod_collected_minor > 0
			AND ` + paid + ` < t.cod_collected_minor`
		if len(carriers) > 0 {
			q += ` AND t.carrier IN (` + tx.Placeholders(3, len(carriers)) + `)`
			for _, c := range carriers {
				args = append(args, c)
			}
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY t.delivered_at, t.parcel_id LIMIT 1000`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m MissingCash
			if err := rows.Scan(&m.Carrier, &m.TrackingNumber, &m.ParcelID, &m.DeliveredAt, &m.CollectedMinor, &m.Currency,
				&m.PaidMinor); err != nil {
				return err
			}
			m.DeliveredAt = m.DeliveredAt.UTC()
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}
