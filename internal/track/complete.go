package track

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/fulfilment"
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
// longer), no case is open on it, and nothing of it is still owed or on
// its way (a reship of a delivered order: the last delivery queues the
// completion again).
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
		if owed, err := stillOwed(ctx, tx, &o); err != nil || owed {
			return err // a reship is waiting or on its way: its delivery queues the completion again
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

// RegisterJobs adds the tracking stage's jobs to r: completion, polling,
// the sweep for silent and late parcels, and what the cases' playbook
// queues (reships waiting for stock, telling the carrier of a corrected
// address).
func RegisterJobs(r *job.Runner, s *Store) {
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a CompleteJob) error { return s.complete(ctx, a.OrderID) })
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a PollJob) error { return s.poll(ctx, a.Carrier) })
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, _ SweepJob) error { return s.sweep(ctx) })
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a ReshipJob) error { return s.serveWaitingReship(ctx, a) })
	job.HandleArgs(r, func(ctx context.Context, c job.Claimed, a TellCarrierJob) error { return s.tellCarrier(ctx, c, a) })
}

// stillOwed reports whether part of a delivered order is still to reach
// the customer: units owed (short, a reship waiting for stock) or a
// fulfilment not yet delivered (a reship on its way).
func stillOwed(ctx context.Context, tx *db.Tx, o *order.Order) (bool, error) {
	if o.Short {
		return true, nil
	}
	of, err := fulfilment.StandingsOfOrders(ctx, tx, []string{o.ID})
	if err != nil {
		return false, err
	}
	var shipped []string
	for _, f := range of[o.ID] {
		switch f.Status {
		case fulfilment.Delivered, fulfilment.Cancelled:
		case fulfilment.Shipped:
			shipped = append(shipped, f.ID)
		default:
			return true, nil // still in the warehouse
		}
	}
	if len(shipped) == 0 {
		return false, nil
	}
	// A shipped fulfilment is on its way unless a reship replaced what
	// of it did not arrive.
	replaced, err := replacedFulfilments(ctx, tx, shipped)
	return len(replaced) < len(shipped), err
}
