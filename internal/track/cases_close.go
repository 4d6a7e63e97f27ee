package track

import (
	"context"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// CloseIn is how a case ended.
type CloseIn struct {
	Outcome string `json:"outcome" enum:"resolved,delivered,reshipped,refunded,claimed,returned,no_action"`
	Note    string `json:"note,omitempty" maxLength:"2000" doc:"What was done, for whoever reads the case later"`
}

func (in *CloseIn) check() error {
	var f errs.Fields
	in.Note = strings.TrimSpace(in.Note)
	checkNote(&f, "note", in.Note)
	switch {
	case in.Outcome == "":
		f.Add("outcome", errs.CodeRequired, "outcome is required: one of %s", strings.Join(Outcomes, ", "))
	case !slices.Contains(Outcomes, in.Outcome):
		f.Add("outcome", errs.CodeUnknown, "outcome must be one of %s", strings.Join(Outcomes, ", "))
	}
	return f.Err()
}

// CloseCase closes a case its caller holds (or any claimed case, for an
// administrator) with an outcome. When it was the last open case of a
// delivered order, the order's completion is queued again (it was skipped
// while the case was open): it completes once its confirmation period
// from delivery has passed, by the clock.
func (s *Store) CloseCase(ctx context.Context, caseID string, in CloseIn) (Case, error) {
	if err := in.check(); err != nil {
		return Case{}, err
	}
	var c Case
	err := s.changeCase(ctx, caseID, "close", func(tx *db.Tx, cur Case, who actor.Actor) error {
		if _, err := tx.ExecContext(ctx, `UPDATE tracking_cases SET status = 'closed', outcome = $1, outcome_note = $2, closed_by = $3,
			closed_at = $4, updated_at = $4 WHERE id = $5`, in.Outcome, in.Note, who.ID, tx.Now, cur.ID); err != nil {
			return err
		}
		if err := addStep(ctx, tx, cur.ID, StepClosed, who, in.Note, nil, "", map[string]any{"outcome": in.Outcome}); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "tracking_case.close", "tracking_case", cur.ID,
			map[string]any{"order_id": cur.OrderID, "kind": cur.Kind, "outcome": in.Outcome}); err != nil {
			return err
		}
		return requeueCompletion(ctx, tx, cur.OrderID)
	}, &c)
	return c, err
}

// requeueCompletion queues a delivered order's completion again, due now
// (the job itself waits out the confirmation period), when no case is
// open on it any more.
func requeueCompletion(ctx context.Context, tx *db.Tx, orderID string) error {
	o, err := order.ReadBrief(ctx, tx, orderID)
	if err != nil {
		return err
	}
	open, err := openCases(ctx, tx, orderID)
	if err != nil {
		return err
	}
	if o.Status != order.Delivered || open > 0 {
		return nil
	}
	return enqueueCompletions(ctx, tx, []string{orderID}, tx.Now)
}
