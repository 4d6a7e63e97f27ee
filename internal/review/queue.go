package review

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

const taskColumns = `id, order_id, kind, reason, status, assignee, assignee_name, due_at, outcome, outcome_note,
	closed_by, created_at, claimed_at, closed_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

// scanTask reads one row of taskColumns; now decides Overdue.
func scanTask(sc scanner, now time.Time) (Task, error) {
	var t Task
	var claimed, closed sql.NullTime
	err := sc.Scan(&t.ID, &t.OrderID, &t.Kind, &t.Reason, &t.Status, &t.Assignee, &t.AssigneeName, &t.DueAt,
		&t.Outcome, &t.OutcomeNote, &t.ClosedBy, &t.CreatedAt, &claimed, &closed, &t.UpdatedAt)
	if err != nil {
		return Task{}, err
	}
	t.DueAt, t.CreatedAt, t.UpdatedAt = t.DueAt.UTC(), t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	if claimed.Valid {
		c := claimed.Time.UTC()
		t.ClaimedAt = &c
	}
	if closed.Valid {
		c := closed.Time.UTC()
		t.ClosedAt = &c
	}
	t.Overdue = t.Status != StatusDone && t.DueAt.Before(now)
	return t, nil
}

// Task returns one task, or NotFound.
func (s *Store) Task(ctx context.Context, taskID string) (Task, error) {
	var t Task
	err := s.db.Read(ctx, func(tx *db.Tx) (err error) {
		t, err = taskTx(ctx, tx, taskID, false)
		return err
	})
	return t, err
}

// taskTx reads one task in tx; lock takes PostgreSQL's row lock for a change.
func taskTx(ctx context.Context, tx *db.Tx, taskID string, lock bool) (Task, error) {
	q := `SELECT ` + taskColumns + ` FROM review_tasks WHERE id = $1`
	if lock && tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	t, err := scanTask(tx.QueryRowContext(ctx, q, taskID), tx.Now)
	if err != nil {
		return Task{}, db.NotFound(err, "no review task %q", errs.Clip(taskID))
	}
	return t, nil
}

// Filter selects tasks for List; zero fields match everything.
type Filter struct {
	Status   Status
	Kind     Kind
	Assignee string // an actor id
	OrderID  string
	Overdue  bool // only tasks not done whose due time has passed
	After    Cursor
	Limit    int
}

// Cursor is a position in the queue's order (due time, then id).
type Cursor struct {
	DueAt time.Time
	ID    string
}

// String is the position as httpapi.NewPage encodes it into next_cursor.
func (c Cursor) String() string { return c.DueAt.UTC().Format(time.RFC3339Nano) + " " + c.ID }

// cursorOf is the position of t, the key of a page of tasks.
func cursorOf(t Task) string { return Cursor{DueAt: t.DueAt, ID: t.ID}.String() }

// DecodeCursor reads a next_cursor, naming the query field when it fails.
func DecodeCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	raw, err := httpapi.DecodeCursor(s)
	if err != nil {
		return Cursor{}, err
	}
	due, taskID, ok := strings.Cut(raw, " ")
	t, tErr := time.Parse(time.RFC3339Nano, due)
	if !ok || tErr != nil || taskID == "" {
		var f errs.Fields
		f.Add("query.cursor", errs.CodeFormat, "cursor is not one this API issued")
		return Cursor{}, f.Err()
	}
	return Cursor{DueAt: t, ID: taskID}, nil
}

// List returns tasks by due time, soonest first, then by id, up to
// Limit+1 so the caller can tell whether another page exists.
func (s *Store) List(ctx context.Context, f Filter) ([]Task, error) {
	var out []Task
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var where []string
		var args []any
		arg := func(v any) string {
			args = append(args, v)
			return "$" + strconv.Itoa(len(args))
		}
		for _, c := range []struct{ col, v string }{{"status", string(f.Status)}, {"kind", string(f.Kind)},
			{"assignee", f.Assignee}, {"order_id", f.OrderID}} {
			if c.v != "" {
				where = append(where, c.col+" = "+arg(c.v))
			}
		}
		if f.Overdue {
			where = append(where, "status <> 'done' AND due_at < "+arg(tx.Now))
		}
		if f.After.ID != "" {
			due := arg(f.After.DueAt.UTC())
			where = append(where, "(due_at > "+due+" OR (due_at = "+due+" AND id > "+arg(f.After.ID)+"))")
		}
		q := `SELECT ` + taskColumns + ` FROM review_tasks`
		if len(where) > 0 {
			q += ` WHERE ` + strings.Join(where, " AND ")
		}
		q += ` ORDER BY due_at, id LIMIT ` + arg(f.Limit+1)
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list review tasks: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanTask(rows, tx.Now)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}
