package ship

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Lane is a carrier's parcels at a warehouse's dock waiting for the
// manifest: what the dispatch screens count so a dock worker sees what is
// in each lane and what is still to bring there before closing the day.
type Lane struct {
	Carrier     string `json:"carrier"`
	StagedToday int    `json:"staged_today" doc:"Parcels put in the lane today"`
	Staged      int    `json:"staged" doc:"Parcels in the lane, waiting for the manifest"`
	NotStaged   int    `json:"not_staged" doc:"Labelled parcels not in the lane yet"`
}

// Dock counts a warehouse's labelled parcels by carrier: in the lane (and
// of those, staged since the start of today, UTC), and not in it yet.
func (s *Store) Dock(ctx context.Context, warehouse string) ([]Lane, error) {
	now := s.db.Clock().Now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var out []Lane
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var whID string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM warehouses WHERE code = $1`, normal(warehouse)).Scan(&whID); err != nil {
			return db.NotFound(err, "no warehouse %s", errs.Clip(warehouse))
		}
		rows, err := tx.QueryContext(ctx, `SELECT s.carrier,
			sum(CASE WHEN p.staged_at >= $2 THEN 1 ELSE 0 END),
			sum(CASE WHEN p.staged_at IS NOT NULL THEN 1 ELSE 0 END),
			sum(CASE WHEN p.staged_at IS NULL THEN 1 ELSE 0 END)
			FROM shipments s JOIN shipment_parcels p ON p.shipment_id = s.id
			WHERE s.warehouse_id = $1 AND s.status = 'labelled' GROUP BY s.carrier ORDER BY s.carrier`, whID, today)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l Lane
			if err := rows.Scan(&l.Carrier, &l.StagedToday, &l.Staged, &l.NotStaged); err != nil {
				return err
			}
			out = append(out, l)
		}
		return rows.Err()
	})
	return out, err
}

// ManifestSummary is one manifest in a warehouse's list.
type ManifestSummary struct {
	ID        string    `json:"id"`
	Carrier   string    `json:"carrier"`
	ShipDate  string    `json:"ship_date"`
	Status    string    `json:"status"`
	Parcels   int       `json:"parcels"`
	CreatedAt time.Time `json:"created_at"`
}

// Manifests lists a warehouse's latest manifests, newest first, so the
// dock finds today's to hand over (and a partial one still waiting).
func (s *Store) Manifests(ctx context.Context, warehouse string, limit int) ([]ManifestSummary, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	var out []ManifestSummary
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT m.id, m.carrier, m.ship_date, m.status, m.parcels, m.created_at
			FROM manifests m JOIN warehouses w ON w.id = m.warehouse_id WHERE w.code = $1
			ORDER BY m.created_at DESC, m.id DESC LIMIT $2`, normal(warehouse), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m ManifestSummary
			if err := rows.Scan(&m.ID, &m.Carrier, &m.ShipDate, &m.Status, &m.Parcels, &m.CreatedAt); err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}
