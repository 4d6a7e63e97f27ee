package inventory

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// UnclaimCount gives a claimed count back, open for anyone (its holder at
// the end of a shift, or an admin for someone who left): the snapshot
// taken at the claim is dropped, so the next counter's claim takes its
// own, and nothing was recorded, since a count is recorded only when
// submitted. Another person's count is refused to a counter.
func (s *Store) UnclaimCount(ctx context.Context, taskID string) (CountTask, error) {
	who, _ := actor.From(ctx)
	var t CountTask
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		c, err := lockCount(ctx, tx, taskID)
		if err != nil {
			return err
		}
		switch {
		case c.Status != CountClaimed:
			return errs.E(errs.Conflict, "count task %s is %s, not claimed", taskID, c.Status)
		case c.ClaimedBy != who.ID && who.Role != actor.Admin:
			return errs.E(errs.Forbidden, "count task %s is %s's to give back", taskID, c.ClaimedBy)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE count_tasks SET status = 'open', claimed_by = NULL, started_at = NULL, expected = '{}',
			updated_at = $2 WHERE id = $1 AND status = 'claimed'`, taskID, tx.Now); err != nil {
			return err
		}
		c.Status, c.ClaimedBy, c.StartedAt, c.UpdatedAt = CountOpen, "", nil, tx.Now
		t = c.view(who)
		return audit.Record(ctx, tx, "count.unclaim", "count_task", taskID, map[string]any{"bin": c.Bin, "warehouse": c.Warehouse})
	})
	return t, err
}
