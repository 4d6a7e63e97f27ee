package review

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Claim gives an open task to the caller, who alone (with administrators)
// may then decide or release it. The claim is one conditional UPDATE, so of
// reviewers claiming one task at once exactly one wins and the others get a
// Conflict naming who holds it. Claiming a task one already holds returns it
// unchanged, so a retried claim is harmless.
func (s *Store) Claim(ctx context.Context, taskID string) (Task, error) {
	who, err := caller(ctx)
	if err != nil {
		return Task{}, err
	}
	var t Task
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE review_tasks SET status = 'claimed', assignee = $1, assignee_name = $2,
			claimed_at = $3, updated_at = $3 WHERE id = $4 AND status = 'open'`, who.ID, who.Name, tx.Now, taskID)
		if err != nil {
			return fmt.Errorf("claim review task: %w", err)
		}
		won, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("claim review task: %w", err)
		}
		if t, err = taskTx(ctx, tx, taskID, false); err != nil {
			return err
		}
		switch {
		case won == 1:
			return audit.Record(ctx, tx, "review_task.claim", "review_task", t.ID,
				map[string]any{"order_id": t.OrderID, "kind": t.Kind})
		case t.Status == StatusClaimed && t.Assignee == who.ID:
			return nil
		case t.Status == StatusClaimed:
			return heldBy(t)
		}
		return isDone(t)
	})
	return t, err
}

// Release gives a claimed task back to the queue. Only its assignee or an
// administrator (covering for someone who left) may release it.
func (s *Store) Release(ctx context.Context, taskID string) (Task, error) {
	who, err := caller(ctx)
	if err != nil {
		return Task{}, err
	}
	var t Task
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		cur, err := taskTx(ctx, tx, taskID, true)
		if err != nil {
			return err
		}
		if err := mayAct(cur, who, "release"); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE review_tasks SET status = 'open', assignee = '', assignee_name = '',
			claimed_at = NULL, updated_at = $1 WHERE id = $2 AND status = 'claimed' AND assignee = $3`,
			tx.Now, cur.ID, cur.Assignee)
		if err := changedOne(res, err, cur); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "review_task.release", "review_task", cur.ID,
			map[string]any{"order_id": cur.OrderID, "kind": cur.Kind, "assignee": cur.Assignee}); err != nil {
			return err
		}
		t, err = taskTx(ctx, tx, cur.ID, false)
		return err
	})
	return t, err
}

// mayAct checks that who may release or decide t: it must be claimed, by
// who or with who an administrator.
func mayAct(t Task, who actor.Actor, verb string) error {
	switch {
	case t.Status == StatusOpen:
		return errs.E(errs.Conflict, "review task %s is not claimed; claim it before you %s it", t.ID, verb)
	case t.Status == StatusDone:
		return isDone(t)
	case t.Assignee != who.ID && who.Role != actor.Admin:
		return errs.E(errs.Forbidden, "review task %s is claimed by %s; only they or an administrator may %s it",
			t.ID, holder(t), verb)
	}
	return nil
}

// changedOne turns an UPDATE guarded by the state just read into an error
// unless it changed exactly one row. On PostgreSQL the row is locked, so
// this only fires on a bug; on SQLite the writer is alone.
func changedOne(res interface{ RowsAffected() (int64, error) }, err error, t Task) error {
	if err != nil {
		return fmt.Errorf("update review task %s: %w", t.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update review task %s: %w", t.ID, err)
	}
	if n != 1 {
		return errs.E(errs.Conflict, "review task %s changed meanwhile; read it again", t.ID)
	}
	return nil
}

func heldBy(t Task) error {
	return errs.E(errs.Conflict, "review task %s is already claimed by %s", t.ID, holder(t))
}

func isDone(t Task) error {
	return errs.E(errs.Conflict, "review task %s is done (%s)", t.ID, t.Outcome)
}

// holder names a task's assignee for people: "Ana (key_…) since 09:12 UTC".
func holder(t Task) string {
	s := t.Assignee
	if t.AssigneeName != "" {
		s = t.AssigneeName + " (" + t.Assignee + ")"
	}
	if t.ClaimedAt != nil {
		s += " since " + t.ClaimedAt.Format(time.RFC3339)
	}
	return s
}

// caller is the actor of ctx, which every write is attributed to.
func caller(ctx context.Context) (actor.Actor, error) {
	who, ok := actor.From(ctx)
	if !ok {
		return actor.Actor{}, errors.New("review: no actor in context")
	}
	return who, nil
}
