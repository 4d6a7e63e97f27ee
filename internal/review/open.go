package review

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// NewTask is a task the order package opens while it holds an order.
type NewTask struct {
	OrderID string
	Kind    Kind
	Reason  string // what to check, for the reviewer; empty gives the kind's standard text
}

// maxText bounds a reason or note as stored; longer text is cut, not refused.
const maxText = 2000

// standardReasons stand in for an empty NewTask.Reason.
var standardReasons = map[Kind]string{
	VerifyAddress:   "Verify the shipping address with the customer by phone",
	CouponCase:      "Check the coupons used on this order",
	SpecialRequest:  "Decide whether the order's special requests can be met",
	PaymentMismatch: "Resolve the difference between the payment received and the order",
	RiskReview:      "Review the order the risk rules held",
}

const insertTask = `INSERT INTO review_tasks (id, order_id, kind, reason, status, due_at, created_at, updated_at)
	VALUES ($1, $2, $3, $4, 'open', $5, $6, $6)
	ON CONFLICT (order_id, kind) WHERE status <> 'done' DO NOTHING`

// Open adds tasks in tx, each due its kind's SLA after tx.Now. An order has
// at most one unfinished task of a kind: opening another while one is open
// or claimed does nothing, so an order held twice for one concern queues one
// check. A reason is cleaned and cut to 2000 characters rather than refused,
// so the order's own transaction never fails for the wording of a message.
// The order's hold, which the order package audits and puts on its
// timeline, is the record of why the tasks exist.
func (s *Store) Open(ctx context.Context, tx *db.Tx, tasks ...NewTask) error {
	for _, t := range tasks {
		if t.OrderID == "" || !t.Kind.valid() {
			return fmt.Errorf("open review task: order %q, kind %q is not a task", t.OrderID, t.Kind)
		}
		reason := cleanText(t.Reason)
		if reason == "" {
			reason = standardReasons[t.Kind]
		}
		_, err := tx.ExecPrepared(ctx, insertTask, id.New("rtk", tx.Now), t.OrderID, string(t.Kind), reason,
			tx.Now.Add(s.slas[t.Kind]), tx.Now)
		if err != nil {
			return fmt.Errorf("open %s task for %s: %w", t.Kind, t.OrderID, err)
		}
	}
	return nil
}

// OpenTasks counts the order's tasks that are not done. The order package
// asks it when a task is approved: the order goes on only when none is left.
func OpenTasks(ctx context.Context, tx *db.Tx, orderID string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM review_tasks WHERE order_id = $1 AND status <> 'done'`, orderID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count review tasks of %s: %w", orderID, err)
	}
	return n, nil
}

// CloseAll closes the order's open and claimed tasks with outcome and note,
// for when the order is settled elsewhere (cancelled by customer service or
// the customer, paid at last), so nobody works a task whose order moved on.
// Each closed task gets an audit entry attributed to by.
func CloseAll(ctx context.Context, tx *db.Tx, orderID string, outcome Outcome, note string, by actor.Actor) error {
	if !outcome.valid() || by.ID == "" {
		return fmt.Errorf("close review tasks of %s: outcome %q by actor %q", orderID, outcome, by.ID)
	}
	note = cleanText(note)
	rows, err := tx.QueryContext(ctx, `UPDATE review_tasks SET status = 'done', outcome = $1, outcome_note = $2,
		closed_by = $3, closed_at = $4, updated_at = $4 WHERE order_id = $5 AND status <> 'done' RETURNING id, kind`,
		string(outcome), note, by.ID, tx.Now, orderID)
	if err != nil {
		return fmt.Errorf("close review tasks of %s: %w", orderID, err)
	}
	defer rows.Close()
	var changes []audit.Change
	for rows.Next() {
		var taskID, kind string
		if err := rows.Scan(&taskID, &kind); err != nil {
			return err
		}
		changes = append(changes, audit.Change{Actor: by, Action: "review_task.close", Entity: "review_task", EntityID: taskID,
			Detail: map[string]any{"order_id": orderID, "kind": kind, "outcome": outcome, "note": note}})
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("close review tasks of %s: %w", orderID, err)
	}
	if len(changes) == 0 {
		return nil
	}
	return audit.RecordAll(ctx, tx, changes)
}

// cleanText makes text storable on both databases: valid UTF-8, no NUL,
// trimmed, at most maxText characters.
func cleanText(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", ""))
	if utf8.RuneCountInString(s) <= maxText {
		return s
	}
	return string([]rune(s)[:maxText-1]) + "…"
}
