package pick

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// ReplenishFilter narrows the replenish task list.
type ReplenishFilter struct {
	Warehouse string
	Status    string
	Limit     int
}

// ReplenishTasks lists replenish tasks, a warehouse's or all the caller
// may see: open and claimed ones first, oldest first, then the finished
// ones, newest first.
func (s *Store) ReplenishTasks(ctx context.Context, f ReplenishFilter) ([]ReplenishTask, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	out := []ReplenishTask{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		out, err = replenishTasks(ctx, tx, f, "")
		return err
	})
	return out, err
}

// ReplenishTask reads one replenish task.
func (s *Store) ReplenishTask(ctx context.Context, taskID string) (ReplenishTask, error) {
	var t ReplenishTask
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		t, err = replenishTaskTx(ctx, tx, taskID)
		return err
	})
	return t, err
}

func replenishTaskTx(ctx context.Context, tx *db.Tx, taskID string) (ReplenishTask, error) {
	list, err := replenishTasks(ctx, tx, ReplenishFilter{Limit: 1}, taskID)
	if err != nil {
		return ReplenishTask{}, err
	}
	if len(list) == 0 {
		return ReplenishTask{}, errs.E(errs.NotFound, "no replenish task %q", errs.Clip(taskID))
	}
	return list[0], nil
}

func replenishTasks(ctx context.Context, tx *db.Tx, f ReplenishFilter, taskID string) ([]ReplenishTask, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.id, w.code, p.sku, p.name, fb.code, tb.code, t.quantity, t.moved, t.reason, t.status,
		coalesce(t.claimed_by, ''), t.claimed_at, coalesce(t.movement_id, ''), t.created_at, t.updated_at
		FROM replenish_tasks t JOIN warehouses w ON w.id = t.warehouse_id JOIN products p ON p.id = t.product_id
		JOIN bins fb ON fb.id = t.from_bin_id JOIN bins tb ON tb.id = t.to_bin_id
		WHERE ($1 = '' OR w.code = $1) AND ($2 = '' OR t.status = $2) AND ($3 = '' OR t.id = $3)
		ORDER BY CASE WHEN t.status IN ('open', 'claimed') THEN 0 ELSE 1 END,
			CASE WHEN t.status IN ('open', 'claimed') THEN t.created_at END, t.updated_at DESC, t.id LIMIT $4`,
		f.Warehouse, f.Status, taskID, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ReplenishTask{}
	for rows.Next() {
		var t ReplenishTask
		var claimedAt *time.Time
		if err := rows.Scan(&t.ID, &t.Warehouse, &t.SKU, &t.Name, &t.FromBin, &t.ToBin, &t.Quantity, &t.Moved, &t.Reason, &t.Status,
			&t.ClaimedBy, &claimedAt, &t.Movement, &t.CreatedAt, &t.UpdatedAt); err != nil {
			return nil, err
		}
		if claimedAt != nil {
			at := claimedAt.UTC()
			t.ClaimedAt = &at
		}
		t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
		if visible(ctx, t.Warehouse) == nil {
			out = append(out, t)
		} else if taskID != "" {
			return nil, visible(ctx, t.Warehouse)
		}
	}
	return out, rows.Err()
}

// lockedReplenish is a replenish task read for a change, locked on
// PostgreSQL so that two changes of one task run one after the other.
type lockedReplenish struct {
	id, warehouseID, warehouse, productID, fromBinID, toBinID, status, claimedBy string
	quantity                                                                     int64
}

func lockReplenish(ctx context.Context, tx *db.Tx, taskID string) (lockedReplenish, error) {
	lock := ""
	if tx.Dialect == db.Postgres {
		lock = " FOR UPDATE OF t"
	}
	t := lockedReplenish{id: taskID}
	var claimedBy *string
	err := tx.QueryRowContext(ctx, `SELECT t.warehouse_id, w.code, t.product_id, t.from_bin_id, t.to_bin_id, t.status, t.claimed_by, t.quantity
		FROM replenish_tasks t JOIN warehouses w ON w.id = t.warehouse_id WHERE t.id = $1`+lock, taskID).Scan(
		&t.warehouseID, &t.warehouse, &t.productID, &t.fromBinID, &t.toBinID, &t.status, &claimedBy, &t.quantity)
	if err != nil {
		return t, db.NotFound(err, "no replenish task %q", errs.Clip(taskID))
	}
	if claimedBy != nil {
		t.claimedBy = *claimedBy
	}
	return t, visible(ctx, t.warehouse)
}

// refuse says why who cannot work on t.
func (t lockedReplenish) refuse(who actor.Actor) error {
	switch {
	case t.status == TaskClaimed && t.claimedBy != who.ID:
		return errs.E(errs.Conflict, "replenish task %s is claimed by %s", t.id, t.claimedBy)
	case t.status == TaskOpen:
		return errs.E(errs.Conflict, "replenish task %s is not claimed; claim it first", t.id)
	}
	return errs.E(errs.Conflict, "replenish task %s is %s", t.id, t.status)
}

// ClaimReplenish gives a replenish task to the caller. One person holds a
// task: the claim is one UPDATE that finds it open; claiming one's own
// task again is no change.
func (s *Store) ClaimReplenish(ctx context.Context, taskID string) (ReplenishTask, error) {
	return s.changeReplenish(ctx, taskID, func(tx *db.Tx, t lockedReplenish, who actor.Actor) error {
		if t.status == TaskClaimed && t.claimedBy == who.ID {
			return nil
		}
		res, err := tx.ExecContext(ctx, `UPDATE replenish_tasks SET status = 'claimed', claimed_by = $2, claimed_at = $3, updated_at = $3
			WHERE id = $1 AND status = 'open'`, t.id, who.ID, tx.Now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return t.refuse(who)
		}
		return audit.Record(ctx, tx, "pick.replenish_claim", "replenish_task", t.id, nil)
	})
}

// UnclaimReplenish gives a claimed task back to the queue: by its holder,
// or an admin.
func (s *Store) UnclaimReplenish(ctx context.Context, taskID string) (ReplenishTask, error) {
	return s.changeReplenish(ctx, taskID, func(tx *db.Tx, t lockedReplenish, who actor.Actor) error {
		if t.status != TaskClaimed {
			return errs.E(errs.Conflict, "replenish task %s is %s, not claimed", t.id, t.status)
		}
		if t.claimedBy != who.ID && who.Role != actor.Admin {
			return errs.E(errs.Conflict, "replenish task %s is claimed by %s; only they or an admin can give it back", t.id, t.claimedBy)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE replenish_tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL, updated_at = $2
			WHERE id = $1`, t.id, tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "pick.replenish_unclaim", "replenish_task", t.id, map[string]any{"claimed_by": t.claimedBy})
	})
}

// CancelReplenish drops an unfinished task (an admin's call: the face was
// filled another way); the next pick below the minimum opens a new one.
func (s *Store) CancelReplenish(ctx context.Context, taskID string) (ReplenishTask, error) {
	return s.changeReplenish(ctx, taskID, func(tx *db.Tx, t lockedReplenish, who actor.Actor) error {
		res, err := tx.ExecContext(ctx, `UPDATE replenish_tasks SET status = 'cancelled', claimed_by = NULL, claimed_at = NULL, updated_at = $2
			WHERE id = $1 AND status IN ('open', 'claimed')`, t.id, tx.Now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "replenish task %s is %s", t.id, t.status)
		}
		return audit.Record(ctx, tx, "pick.replenish_cancel", "replenish_task", t.id, map[string]any{"by": who.ID})
	})
}

// changeReplenish runs change on a locked task in one transaction and
// reads the task back.
func (s *Store) changeReplenish(ctx context.Context, taskID string, change func(tx *db.Tx, t lockedReplenish, who actor.Actor) error) (ReplenishTask, error) {
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		t, err := lockReplenish(ctx, tx, taskID)
		if err != nil {
			return err
		}
		who, err := picker(ctx, t.warehouse)
		if err != nil {
			return err
		}
		return change(tx, t, who)
	})
	if err != nil {
		return ReplenishTask{}, err
	}
	return s.ReplenishTask(ctx, taskID)
}
