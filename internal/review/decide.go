package review

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/text"
)

// orderSide carries a reviewer's decision to the order, inside the task's
// transaction, and an error from it undoes the decision entirely. When it
// is called the task is already done, so OpenTasks tells the order whether
// other checks still hold it. onOrders (decisions.go) is the real one; this
// package's tests put a recorder in its place to watch decisions without
// orders.
type orderSide interface {
	// approve lets the order go on once no other task holds it.
	approve(ctx context.Context, tx *db.Tx, orderID string, by actor.Actor, note string) error
	// correctAddress replaces the order's shipping address with addr, which
	// address.Validate has already normalised, and sources it again.
	correctAddress(ctx context.Context, tx *db.Tx, orderID string, addr address.Address, by actor.Actor) error
	// cancel cancels the order, releasing its stock, for reason, and closes
	// the order's other open tasks (CloseAll): nobody should work them now.
	cancel(ctx context.Context, tx *db.Tx, orderID, reason string, by actor.Actor) error
}

// Decision is a reviewer's outcome for a claimed task.
type Decision struct {
	Outcome Outcome          `json:"outcome" enum:"approve,correct_address,cancel" doc:"approve lets the order go on; correct_address replaces its shipping address and lets it go on; cancel cancels it"`
	Note    string           `json:"note,omitempty" maxLength:"1000" doc:"What was checked or said, for the record"`
	Address *address.Address `json:"address,omitempty" doc:"The corrected shipping address: required for correct_address, refused otherwise. Validated as order intake validates it"`
	Reason  string           `json:"reason,omitempty" maxLength:"500" doc:"Why the order is cancelled: required for cancel, refused otherwise; shown on the order's timeline"`
}

// The longest note and reason, in characters.
const (
	maxNote   = 1000
	maxReason = 500
)

// Validate checks the decision and normalises it in place (the address to
// address.Validate's form), returning every problem at once with its path.
func (d *Decision) Validate() error {
	var f errs.Fields
	d.Note, d.Reason = strings.TrimSpace(d.Note), strings.TrimSpace(d.Reason)
	checkText(&f, "note", d.Note, maxNote)
	checkText(&f, "reason", d.Reason, maxReason)
	switch d.Outcome {
	case CorrectAddress:
		if d.Address == nil {
			f.Add("address", errs.CodeRequired, "correct_address needs the corrected address")
		} else {
			a, problems := address.Validate(*d.Address)
			f.Merge("address", problems)
			d.Address = &a
		}
	case Approve, Cancel:
		if d.Address != nil {
			f.Add("address", errs.CodeUnexpected, "an address is only taken with correct_address")
		}
	case "":
		f.Add("outcome", errs.CodeRequired, "outcome is required: approve, correct_address or cancel")
	default:
		f.Add("outcome", errs.CodeUnknown, "outcome must be approve, correct_address or cancel, got %q", errs.Clip(string(d.Outcome)))
	}
	switch {
	case d.Outcome == Cancel && d.Reason == "":
		f.Add("reason", errs.CodeRequired, "cancel needs a reason; the order's timeline shows it")
	case d.Outcome != Cancel && d.Reason != "":
		f.Add("reason", errs.CodeUnexpected, "a reason is only taken with cancel; use note")
	}
	return f.Err()
}

// checkText refuses control characters other than newline and tab, and
// text longer than max characters.
func checkText(f *errs.Fields, path, s string, max int) {
	if len([]rune(s)) > max {
		f.Add(path, errs.CodeTooLong, "%s must be at most %d characters", path, max)
		return
	}
	if !text.Note(s) {
		f.Add(path, errs.CodeFormat, "%s must be printable text", path)
	}
}

// Decide closes a claimed task with the caller's decision and carries it to
// the order, all in one transaction: the task, the order's
// change and timeline event, and the audit entry commit together or not at
// all. Only the task's assignee or an administrator may decide, and only a
// claimed task. A cancel also closes the order's other tasks.
func (s *Store) Decide(ctx context.Context, taskID string, d Decision) (Task, error) {
	who, err := caller(ctx)
	if err != nil {
		return Task{}, err
	}
	if err := d.Validate(); err != nil {
		return Task{}, err
	}
	note := d.Note
	if note == "" {
		note = d.Reason
	}
	var t Task
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		cur, err := taskTx(ctx, tx, taskID, false)
		if err != nil {
			return err
		}
		if err := lockOrder(ctx, tx, cur.OrderID); err != nil {
			return err
		}
		if cur, err = taskTx(ctx, tx, taskID, true); err != nil {
			return err
		}
		if err := mayAct(cur, who, "decide"); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE review_tasks SET status = 'done', outcome = $1, outcome_note = $2,
			closed_by = $3, closed_at = $4, updated_at = $4 WHERE id = $5 AND status = 'claimed' AND assignee = $6`,
			string(d.Outcome), note, who.ID, tx.Now, cur.ID, cur.Assignee)
		if err := changedOne(res, err, cur); err != nil {
			return err
		}
		detail := map[string]any{"order_id": cur.OrderID, "kind": cur.Kind, "outcome": d.Outcome, "note": d.Note}
		switch d.Outcome {
		case Approve:
			err = s.decisions.approve(ctx, tx, cur.OrderID, who, d.Note)
		case CorrectAddress:
			detail["address"] = d.Address
			err = s.decisions.correctAddress(ctx, tx, cur.OrderID, *d.Address, who)
		case Cancel:
			detail["reason"] = d.Reason
			err = s.decisions.cancel(ctx, tx, cur.OrderID, d.Reason, who)
		}
		if err != nil {
			return fmt.Errorf("%s order %s: %w", d.Outcome, cur.OrderID, err)
		}
		if err := audit.Record(ctx, tx, "review_task.decide", "review_task", cur.ID, detail); err != nil {
			return err
		}
		t, err = taskTx(ctx, tx, cur.ID, false)
		return err
	})
	return t, err
}

// lockOrder takes the order's row lock on PostgreSQL before the task's, the
// order the order package takes them in (an order, then its tasks through
// CloseAll), so a decision and a cancel elsewhere wait for each other
// rather than deadlock.
func lockOrder(ctx context.Context, tx *db.Tx, orderID string) error {
	if tx.Dialect != db.Postgres {
		return nil
	}
	_, err := order.Lock(ctx, tx, orderID)
	return err
}
