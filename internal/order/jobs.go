package order

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
)

// The follow-up work of an order, each a job kind with its payload type,
// enqueued in the transaction of the change that calls for it so that a
// crash can lose none. The order stage handles the first three; ReviewJob
// is the hand-off to the review stage, which handles it.

// ConfirmationJob sends the order confirmation (e-mail and SMS).
type ConfirmationJob struct {
	OrderID string `json:"order_id"`
}

// Kind implements job.Args.
func (ConfirmationJob) Kind() string { return "order.confirmation" }

// PaymentTimeoutJob cancels a prepaid order still unpaid when it runs.
type PaymentTimeoutJob struct {
	OrderID string `json:"order_id"`
}

// Kind implements job.Args.
func (PaymentTimeoutJob) Kind() string { return "order.payment_timeout" }

// CancellationJob tells the customer their order was cancelled.
type CancellationJob struct {
	OrderID string `json:"order_id"`
}

// Kind implements job.Args.
func (CancellationJob) Kind() string { return "order.cancellation" }

// ReviewJob hands a confirmed (or held) order to the review stage: intake
// enqueues it for a COD order, the payment stage when a payment confirms
// one.
type ReviewJob struct {
	OrderID string `json:"order_id"`
}

// Kind implements job.Args.
func (ReviewJob) Kind() string { return "order.review" }

// EnqueueReview queues a review of the order in tx. Each call queues one
// (the key carries the time): a review that found the order not ready
// (held for its payment) must not block the one after the payment
// settles. Reviewing is idempotent, so extra runs do nothing.
func EnqueueReview(ctx context.Context, tx *db.Tx, orderID string) error {
	j, err := reviewJob(orderID, tx.Now)
	if err != nil {
		return err
	}
	return job.Enqueue(ctx, tx, j)
}

func reviewJob(orderID string, at time.Time) (job.Job, error) {
	return job.For(ReviewJob{OrderID: orderID}, orderID+"@"+strconv.FormatInt(at.UnixMicro(), 10))
}

// jobsFor lists the jobs an accepted order starts: always its confirmation;
// for COD orders, confirmed or held at once, their review; for prepaid
// orders the timer that cancels them if no payment comes.
func jobsFor(o Order) ([]job.Job, error) {
	confirm, err := job.For(ConfirmationJob{OrderID: o.ID}, o.ID)
	if err != nil {
		return nil, err
	}
	jobs := []job.Job{confirm}
	if o.Status == Confirmed || o.Status == OnHold {
		review, err := reviewJob(o.ID, o.CreatedAt)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, review)
	}
	if o.PaymentDueAt != nil {
		timeout, err := job.For(PaymentTimeoutJob{OrderID: o.ID}, o.ID)
		if err != nil {
			return nil, err
		}
		timeout.RunAt = *o.PaymentDueAt
		jobs = append(jobs, timeout)
	}
	return jobs, nil
}

// Notifier sends an order's confirmation; key stays the same across retries
// of one job so the sender can recognise a repeat.
type Notifier interface {
	Confirm(ctx context.Context, o Order, key string) error
	// Cancelled tells the customer the order was cancelled and what comes back.
	Cancelled(ctx context.Context, o Order, key string) error
}

// RegisterJobs gives the runner the order stage's handlers.
func RegisterJobs(r *job.Runner, s *Store, n Notifier, log *slog.Logger) {
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a PaymentTimeoutJob) error { return s.expire(ctx, a.OrderID) })
	job.HandleArgs(r, func(ctx context.Context, c job.Claimed, a ConfirmationJob) error {
		o, err := s.Get(ctx, a.OrderID)
		if err != nil {
			return err
		}
		if n == nil {
			log.Info("order confirmation not sent: no e-mail or SMS sender configured", "order", o.Number)
			return nil
		}
		return n.Confirm(ctx, o, c.ID)
	})
	job.HandleArgs(r, func(ctx context.Context, c job.Claimed, a CancellationJob) error {
		o, err := s.Get(ctx, a.OrderID)
		if err != nil {
			return err
		}
		if n == nil {
			log.Info("cancellation notice not sent: no e-mail or SMS sender configured", "order", o.Number)
			return nil
		}
		return n.Cancelled(ctx, o, c.ID)
	})
}

// timer is the actor of changes the payment timeout makes.
var timer = actor.Actor{ID: "timer", Name: "payment timeout", Role: actor.Admin, RemoteAddr: "local"}

// expire cancels an order whose payment window has closed, unless a payment
// arrived in the meantime. Run at least once: a second run finds the order
// cancelled or paid and does nothing.
func (s *Store) expire(ctx context.Context, orderID string) error {
	ctx = actor.With(ctx, timer)
	return s.db.Write(ctx, func(tx *db.Tx) error {
		o, err := Lock(ctx, tx, orderID)
		if errs.Is(err, errs.NotFound) {
			return errs.Wrap(errs.Invalid, err, "payment timeout for an order that does not exist")
		}
		if err != nil {
			return err
		}
		if o.Status == Cancelled || (o.PaymentStatus != AwaitingPayment && o.PaymentStatus != PaymentFailed) {
			return nil
		}
		if o.PaymentDueAt != nil && tx.Now.Before(*o.PaymentDueAt) {
			return errs.E(errs.Unavailable, "order %s is not due yet", o.Number) // retried later
		}
		return s.CancelTx(ctx, tx, &o, timer, fmt.Sprintf("not paid within the payment window (due %s)", o.PaymentDueAt.Format("2006-01-02 15:04 MST")))
	})
}
