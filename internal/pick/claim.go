package pick

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// ClaimNext gives the caller the next open task of a warehouse (of a zone,
// when asked), oldest released first; one who already holds a task there
// gets that one back: a picker walks one task at a time.
func (s *Store) ClaimNext(ctx context.Context, warehouse, zone string) (Task, error) {
	who, err := picker(ctx, warehouse)
	if err != nil {
		return Task{}, err
	}
	var taskID string
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		var whID string
		err := tx.QueryRowContext(ctx, `SELECT id FROM warehouses WHERE code = $1`, warehouse).Scan(&whID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.Field("warehouse", errs.CodeUnknown, "there is no warehouse %s", errs.Clip(warehouse))
		} else if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM pick_tasks WHERE warehouse_id = $1 AND status = 'claimed' AND claimed_by = $2
			ORDER BY seq`, whID, who.ID)
		if err != nil {
			return err
		}
		held, err := collect(rows)
		if err != nil {
			return err
		}
		for _, id := range held {
			// A task left with nothing to pick (its last orders cancelled
			// while it was walked) is closed, not handed back.
			if err := closeTask(ctx, tx, id); err != nil {
				return err
			}
			var status string
			if err := tx.QueryRowContext(ctx, `SELECT status FROM pick_tasks WHERE id = $1`, id).Scan(&status); err != nil {
				return err
			}
			if status == TaskClaimed {
				taskID = id
				return nil
			}
		}
		skip := ""
		if tx.Dialect == db.Postgres {
			skip = " FOR UPDATE SKIP LOCKED"
		}
		rows, err = tx.QueryContext(ctx, `SELECT id FROM pick_tasks WHERE warehouse_id = $1 AND status = 'open'
			AND ($2 = '' OR zone = $2) ORDER BY seq LIMIT 8`+skip, whID, zone)
		if err != nil {
			return err
		}
		open, err := collect(rows)
		if err != nil {
			return err
		}
		for _, id := range open {
			if ok, err := claim(ctx, tx, id, who); err != nil || ok {
				taskID = id
				return err
			}
		}
		if zone != "" {
			return errs.E(errs.NotFound, "no open pick task in zone %s of warehouse %s", errs.Clip(zone), warehouse)
		}
		return errs.E(errs.NotFound, "no open pick task in warehouse %s", warehouse)
	})
	if err != nil {
		return Task{}, err
	}
	return s.Task(ctx, taskID)
}

// Claim claims one task for the caller. Two people can never hold one
// task: the claim is one UPDATE that finds the task open.
func (s *Store) Claim(ctx context.Context, taskID string) (Task, error) {
	return s.onTask(ctx, taskID, func(tx *db.Tx, t lockedTask, who actor.Actor) error {
		if t.status == TaskClaimed && t.claimedBy == who.ID {
			return nil
		}
		ok, err := claim(ctx, tx, taskID, who)
		if err == nil && !ok {
			return t.refuse(who)
		}
		return err
	})
}

// Unclaim gives a claimed task back to the queue: its picker going off
// shift, or an admin freeing a task left behind. What was picked stays
// picked; the next picker goes on from the next stop.
func (s *Store) Unclaim(ctx context.Context, taskID string) (Task, error) {
	return s.onTask(ctx, taskID, func(tx *db.Tx, t lockedTask, who actor.Actor) error {
		if t.status != TaskClaimed {
			return errs.E(errs.Conflict, "task %s is %s, not claimed", taskID, t.status)
		}
		if t.claimedBy != who.ID && who.Role != actor.Admin {
			return errs.E(errs.Conflict, "task %s is claimed by %s; only they or an admin can give it back", taskID, t.claimedBy)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pick_tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL, updated_at = $2
			WHERE id = $1`, taskID, tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "pick.unclaim", "pick_task", taskID, map[string]any{"claimed_by": t.claimedBy})
	})
}

// onTask runs fn on a task locked for a change by a caller allowed in its
// warehouse, in one transaction, and answers the task as it is after.
func (s *Store) onTask(ctx context.Context, taskID string, fn func(tx *db.Tx, t lockedTask, who actor.Actor) error) (Task, error) {
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		t, err := lockTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		who, err := picker(ctx, t.warehouse)
		if err != nil {
			return err
		}
		return fn(tx, t, who)
	})
	if err != nil {
		return Task{}, err
	}
	return s.Task(ctx, taskID)
}

// claim takes an open task for who in tx; false if it was not open.
func claim(ctx context.Context, tx *db.Tx, taskID string, who actor.Actor) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE pick_tasks SET status = 'claimed', claimed_by = $2, claimed_at = $3, updated_at = $3
		WHERE id = $1 AND status = 'open'`, taskID, who.ID, tx.Now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n != 1 {
		return false, err
	}
	return true, audit.Record(ctx, tx, "pick.claim", "pick_task", taskID, nil)
}

// picker is the caller, who must be allowed to work in warehouse.
func picker(ctx context.Context, warehouse string) (actor.Actor, error) {
	who, ok := actor.From(ctx)
	if !ok {
		return actor.Actor{}, errs.E(errs.Internal, "no actor")
	}
	if !who.SeesWarehouse(warehouse) {
		return actor.Actor{}, errs.E(errs.NotFound, "not found in the warehouses this key may see")
	}
	return who, nil
}

// lockedTask is a task's state read for a change, locked on PostgreSQL.
type lockedTask struct {
	id, warehouseID, warehouse, status, claimedBy string
	strategy                                      Strategy
	bulkTote                                      string
	claimedAt                                     time.Time
}

func lockTask(ctx context.Context, tx *db.Tx, taskID string) (lockedTask, error) {
	lock := ""
	if tx.Dialect == db.Postgres {
		lock = " FOR UPDATE OF t"
	}
	t := lockedTask{id: taskID}
	var claimedBy *string
	var claimedAt *time.Time
	err := tx.QueryRowContext(ctx, `SELECT t.warehouse_id, w.code, t.status, t.claimed_by, t.claimed_at, t.strategy,
		coalesce(t.bulk_tote, '') FROM pick_tasks t JOIN warehouses w ON w.id = t.warehouse_id WHERE t.id = $1`+lock, taskID).Scan(
		&t.warehouseID, &t.warehouse, &t.status, &claimedBy, &claimedAt, &t.strategy, &t.bulkTote)
	if err != nil {
		return t, db.NotFound(err, "no pick task %q", errs.Clip(taskID))
	}
	if claimedBy != nil {
		t.claimedBy = *claimedBy
	}
	if claimedAt != nil {
		t.claimedAt = claimedAt.UTC()
	}
	if err := visible(ctx, t.warehouse); err != nil {
		return t, err
	}
	return t, nil
}

// refuse says why who cannot work on t.
func (t lockedTask) refuse(who actor.Actor) error {
	switch {
	case t.status == TaskClaimed && t.claimedBy != who.ID:
		return errs.E(errs.Conflict, "task %s is claimed by %s since %s", t.id, t.claimedBy, t.claimedAt.Format(time.RFC3339))
	case t.status == TaskOpen:
		return errs.E(errs.Conflict, "task %s is not claimed; claim it first", t.id)
	}
	return errs.E(errs.Conflict, "task %s is %s", t.id, t.status)
}
