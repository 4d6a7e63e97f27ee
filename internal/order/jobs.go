package order

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
)

// The follow-up work each order carries, enqueued in the transaction that
// writes the order so that a crash can lose neither.
const (
	// JobConfirmation sends the order confirmation (e-mail and SMS).
	JobConfirmation = "order.confirmation"
	// JobPaymentTimeout cancels a prepaid order still unpaid when it runs.
	JobPaymentTimeout = "order.payment_timeout"
	// JobCancellation tells the customer their order was cancelled.
	JobCancellation = "order.cancellation"
)

// jobsFor lists the jobs an accepted order starts: always its confirmation;
// for COD orders, confirmed or held at once, their review; for prepaid
// orders the timer that cancels them if no payment comes.
func jobsFor(o Order) []job.Job {
	jobs := []job.Job{{Kind: JobConfirmation, Key: o.ID}}
	if o.Status == Confirmed || o.Status == OnHold {
		jobs = append(jobs, reviewJobFor(o.ID, o.CreatedAt))
	}
	if o.PaymentDueAt != nil {
		jobs = append(jobs, job.Job{Kind: JobPaymentTimeout, Key: o.ID, RunAt: *o.PaymentDueAt})
	}
	return jobs
}

// Notifier sends an order's confirmation; key stays the same across retries
// of one job so the sender can recognise a repeat.
type Notifier interface {
	Confirm(ctx context.Context, o Order, key string) error
	// Cancelled tells the customer the order was cancelled and what comes back.
	Cancelled(ctx context.Context, o Order, key string) error
}

// RegisterJobs gives the runner the order handlers.
func RegisterJobs(r *job.Runner, s *Store, n Notifier, log *slog.Logger) {
	r.Handle(JobPaymentTimeout, s.expire)
	r.Handle(JobReview, s.reviewJob)
	r.Handle(JobRelease, s.releaseJob)
	r.Handle(inventory.JobStockArrived, s.stockArrived)
	r.Handle(JobConfirmation, func(ctx context.Context, c job.Claimed) error {
		o, err := s.Get(ctx, c.Key)
		if err != nil {
			return err
		}
		if n == nil {
			log.Info("order confirmation not sent: no e-mail or SMS sender configured", "order", o.Number)
			return nil
		}
		return n.Confirm(ctx, o, c.ID)
	})
	r.Handle(JobCancellation, func(ctx context.Context, c job.Claimed) error {
		o, err := s.Get(ctx, c.Key)
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
func (s *Store) expire(ctx context.Context, c job.Claimed) error {
	ctx = actor.With(ctx, timer)
	return s.db.Write(ctx, func(tx *db.Tx) error {
		o, err := getTx(ctx, tx, c.Key, true)
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
		return cancelTx(ctx, tx, &o, timer, fmt.Sprintf("not paid within the payment window (due %s)", o.PaymentDueAt.Format("2006-01-02 15:04 MST")))
	})
}
