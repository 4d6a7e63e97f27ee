package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// ApproveCount books a counted task's variances into the ledger: one
// movement of kind count (reason cycle_count, reference the task), an
// on-hand delta per product that differed, all or none. A count may not
// take a bin below what it promised to pick lines: those units must be
// reported short at their stops first. Approving a recount settles its
// first count too; a first count whose recount is still live waits for it.
func (s *Store) ApproveCount(ctx context.Context, taskID string) (CountTask, error) {
	who, _ := actor.From(ctx)
	var t CountTask
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		c, err := lockCount(ctx, tx, taskID)
		if err != nil {
			return err
		}
		if err := c.refuseDecision(ctx, tx); err != nil {
			return err
		}
		b := booking{kind: KindCount, reason: "cycle_count", reference: taskID,
			detail: map[string]any{"count_task": taskID, "bin": c.Bin, "variances": c.variances}}
		wh, bin := ref{ID: c.warehouseID, Code: c.Warehouse}, ref{ID: c.binID, Code: c.Bin}
		for _, v := range c.variances {
			if v.Variance == 0 {
				continue
			}
			if err := keepsPromises(ctx, tx, c, v); err != nil {
				return err
			}
			b.lines = append(b.lines, line{wh: wh, bin: bin, prod: ref{ID: v.ProductID, Code: v.SKU}, onHand: v.Variance})
		}
		if len(b.lines) > 0 {
			m, err := book(ctx, tx, b, s.waiting)
			if err != nil {
				return err
			}
			c.Movement = m.ID
		}
		if err := decide(ctx, tx, taskID, CountApproved, c.Movement, who); err != nil {
			return err
		}
		if c.RecountOf != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE count_tasks SET status = 'approved', movement_id = $2, decided_by = $3,
				decided_at = $4, updated_at = $4 WHERE id = $1 AND status = 'counted'`, c.RecountOf, nullable(c.Movement), who.ID, tx.Now); err != nil {
				return fmt.Errorf("settle first count: %w", err)
			}
		}
		c.Status, c.DecidedBy, c.UpdatedAt = CountApproved, who.ID, tx.Now
		t = c.view(who)
		return audit.Record(ctx, tx, "count.approve", "count_task", taskID, map[string]any{"movement": c.Movement, "bin": c.Bin})
	})
	return t, err
}

// refuseDecision says why a counted task cannot be approved yet.
func (c lockedCount) refuseDecision(ctx context.Context, tx *db.Tx) error {
	if c.Status != CountCounted {
		return errs.E(errs.Conflict, "count task %s is %s; only a counted task can be approved", c.ID, c.Status)
	}
	var live string
	err := tx.QueryRowContext(ctx, `SELECT id FROM count_tasks WHERE recount_of = $1 AND status IN ('open', 'claimed', 'counted')`,
		c.ID).Scan(&live)
	switch {
	case err == nil:
		return errs.E(errs.Conflict, "count task %s was far off and bin %s is being counted again (%s): approve or cancel the recount",
			c.ID, c.Bin, live)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("look for a recount: %w", err)
	}
	// Two counts of one bin that overlapped each measured the same
	// difference; once one is booked, the other would book it again.
	if c.StartedAt == nil {
		return nil
	}
	var since string
	err = tx.QueryRowContext(ctx, `SELECT id FROM count_tasks WHERE bin_id = $1 AND status = 'approved' AND movement_id IS NOT NULL
		AND decided_at >= $2 ORDER BY id LIMIT 1`, c.binID, *c.StartedAt).Scan(&since)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("look for a later count: %w", err)
	}
	return errs.E(errs.Conflict, "bin %s was counted again and approved (%s) after count task %s started: cancel this one, "+
		"or count the bin again", c.Bin, since, c.ID)
}

// keepsPromises refuses a variance that would leave the bin holding less
// than it promised to pick lines.
func keepsPromises(ctx context.Context, tx *db.Tx, c lockedCount, v Variance) error {
	if v.Variance >= 0 {
		return nil
	}
	var onHand, allocated int64
	err := tx.QueryRowContext(ctx, `SELECT on_hand, allocated FROM bin_stock WHERE bin_id = $1 AND product_id = $2`,
		c.binID, v.ProductID).Scan(&onHand, &allocated)
	if err != nil {
		return fmt.Errorf("read bin %s: %w", c.Bin, err)
	}
	if onHand+v.Variance >= allocated {
		return nil
	}
	return errs.E(errs.Conflict, "bin %s holds %d of SKU %s and %d of them are promised to pick lines; the count would leave %d: "+
		"report the missing units short at their pick stops first, then approve", c.Bin, onHand, v.SKU, allocated, onHand+v.Variance)
}

// CancelCount closes a task without booking anything; cancelling a first
// count cancels its live recount too.
func (s *Store) CancelCount(ctx context.Context, taskID string) (CountTask, error) {
	who, _ := actor.From(ctx)
	var t CountTask
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		c, err := lockCount(ctx, tx, taskID)
		if err != nil {
			return err
		}
		if c.Status == CountApproved || c.Status == CountCancelled {
			return errs.E(errs.Conflict, "count task %s is %s already", taskID, c.Status)
		}
		if err := decide(ctx, tx, taskID, CountCancelled, "", who); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE count_tasks SET status = 'cancelled', decided_by = $2, decided_at = $3, updated_at = $3
			WHERE recount_of = $1 AND status IN ('open', 'claimed', 'counted')`, taskID, who.ID, tx.Now); err != nil {
			return fmt.Errorf("cancel recount: %w", err)
		}
		was := c.Status
		c.Status, c.DecidedBy, c.UpdatedAt = CountCancelled, who.ID, tx.Now
		t = c.view(who)
		return audit.Record(ctx, tx, "count.cancel", "count_task", taskID, map[string]any{"bin": c.Bin, "was": was})
	})
	return t, err
}

// decide closes a task as status, guarded so that two decisions at once
// close it once.
func decide(ctx context.Context, tx *db.Tx, taskID, status, movement string, who actor.Actor) error {
	res, err := tx.ExecContext(ctx, `UPDATE count_tasks SET status = $2, movement_id = $3, decided_by = $4, decided_at = $5,
		updated_at = $5 WHERE id = $1 AND status NOT IN ('approved', 'cancelled')`, taskID, status, nullable(movement), who.ID, tx.Now)
	if err != nil {
		return fmt.Errorf("close count: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return orConflict(err, errs.E(errs.Conflict, "count task %s was decided a moment ago", taskID))
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
