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
// crash can lose none. The order stage handles its own kinds and the
// customer messages (message.go); ReviewJob is the hand-off to the review
// stage, which handles it.

// PaymentTimeoutJob cancels a prepaid order still unpaid when it runs.
type PaymentTimeoutJob struct {
	OrderID string `json:"order_id"`
}

// Kind implements job.Args.
func (PaymentTimeoutJob) Kind() string { return "order.payment_timeout" }

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

// jobsFor lists the jobs an accepted order starts: always its confirmation,
// one job per channel; for COD orders, confirmed or held at once, their
// review; for prepaid orders the timer that cancels them if no payment comes.
func jobsFor(o Order) ([]job.Job, error) {
	jobs, err := messageJobs(o.ID, ConfirmationMessage)
	if err != nil {
		return nil, err
	}
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

// RegisterJobs gives the runner the order stage's handlers: the payment
// timeout and the customer messages (n nil: messages are logged, not sent).
func RegisterJobs(r *job.Runner, s *Store, n Notifier, log *slog.Logger) {
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a PaymentTimeoutJob) error { return s.expire(ctx, a.OrderID) })
	registerMessages(r, s, n, log)
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
