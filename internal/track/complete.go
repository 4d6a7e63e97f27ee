package track

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
)

// CompleteJob completes a delivered order once its confirmation period
// has passed, unless a case is open on it: then the case's closing queues
// the job again.
type CompleteJob struct {
	OrderID string `json:"order_id"`
}

// Kind implements job.Args.
func (CompleteJob) Kind() string { return "track.complete" }

// Completer is the actor automatic completion is recorded as.
var Completer = actor.Actor{ID: "auto-complete", Name: "automatic completion", Role: actor.Admin, RemoteAddr: "local"}

// enqueueCompletions queues the orders' completions, due at, in one
// statement.
func enqueueCompletions(ctx context.Context, tx *db.Tx, orderIDs []string, at time.Time) error {
	jobs := make([]job.Job, len(orderIDs))
	for i, oid := range orderIDs {
		j, err := job.For(CompleteJob{OrderID: oid}, oid+"@"+at.UTC().Format(time.RFC3339Nano))
		if err != nil {
			return err
		}
		j.RunAt, jobs[i] = at, j
	}
	return job.Enqueue(ctx, tx, jobs...)
}

// complete completes the order if it is still delivered, its period has
// passed by the rules now in force (a longer period set since waits
// longer), and no case is open on it.
func (s *Store) complete(ctx context.Context, orderID string) error {
	return s.db.Write(ctx, func(tx *db.Tx) error {
		o, err := order.Lock(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if o.Status != order.Delivered {
			return nil // completed by an earlier run, or changed since
		}
		open, err := openCases(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if open > 0 {
			return nil // a case is open: its closing queues the completion again
		}
		r, err := rulesTx(ctx, tx)
		if err != nil {
			return err
		}
		delivered, err := order.DeliveredAt(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if due := delivered.Add(r.CompleteAfter); tx.Now.Before(due) {
			return enqueueCompletions(ctx, tx, []string{orderID}, due)
		}
		return order.Complete(actor.With(ctx, Completer), tx, &o, Completer, map[string]any{"delivered_at": delivered.UTC().Format(time.RFC3339),
			"confirmation_period": r.CompleteAfter.String()})
	})
}

// openCases counts the cases open on an order: while any is, the order
// is not completed.
func openCases(ctx context.Context, tx *db.Tx, orderID string) (int, error) {
	var open int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tracking_cases WHERE order_id = $1 AND status = 'open'`, orderID).Scan(&open)
	return open, err
}

// RegisterJobs adds the tracking stage's jobs to r: completion, polling
// and the sweep for silent and late parcels.
func RegisterJobs(r *job.Runner, s *Store) {
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a CompleteJob) error { return s.complete(ctx, a.OrderID) })
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a PollJob) error { return s.poll(ctx, a.Carrier) })
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, _ SweepJob) error { return s.sweep(ctx) })
}
