package pick

import (
	"context"
	"encoding/json"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// ScanEvent is one accepted scan of a task: who, where, when and what.
// Refused scans change nothing and leave no event.
type ScanEvent struct {
	ID       string         `json:"id" doc:"psc_…"`
	Kind     string         `json:"kind" enum:"pick,short,verify,sort"`
	At       time.Time      `json:"at"`
	Actor    string         `json:"actor" doc:"The person or key who scanned"`
	ScanID   string         `json:"scan_id" doc:"The device's key for the scan"`
	Line     string         `json:"line,omitempty"`
	Bin      string         `json:"bin,omitempty"`
	Item     string         `json:"item,omitempty"`
	Tote     string         `json:"tote,omitempty" doc:"The tote (on a put wall's sort, the slot)"`
	Quantity int64          `json:"quantity"`
	Detail   map[string]any `json:"detail,omitempty"`
}

// Scans lists a task's accepted scans, oldest first.
func (s *Store) Scans(ctx context.Context, taskID string) ([]ScanEvent, error) {
	out := []ScanEvent{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		t, err := taskTx(ctx, tx, taskID)
		if err != nil {
			return err
		}
		if err := visible(ctx, t.Warehouse); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, at, actor, scan_id, coalesce(line_id, ''), bin, item, tote, quantity, detail
			FROM pick_scans WHERE task_id = $1 ORDER BY id`, taskID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e ScanEvent
			var detail string
			if err := rows.Scan(&e.ID, &e.Kind, &e.At, &e.Actor, &e.ScanID, &e.Line, &e.Bin, &e.Item, &e.Tote, &e.Quantity, &detail); err != nil {
				return err
			}
			e.At = e.At.UTC()
			if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
				return err
			}
			if len(e.Detail) == 0 {
				e.Detail = nil
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
