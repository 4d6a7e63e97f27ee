package release

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
)

// DueJob releases an approved order whose merge window has closed (with
// the approved orders of the same customer to the same address placed
// within the window) or whose presale release date has come.
type DueJob struct {
	OrderID string `json:"order_id"`
}

// Kind implements job.Args.
func (DueJob) Kind() string { return "order.release" }

// awaitMerge keeps an approved order back until its merge window closes.
func (s *Store) awaitMerge(ctx context.Context, tx *db.Tx, o *order.Order, who actor.Actor) error {
	at := o.CreatedAt.Add(s.mergeWindow)
	if err := job.EnqueueArgs(ctx, tx, DueJob{OrderID: o.ID}, o.ID, at); err != nil {
		return err
	}
	return order.AddEvent(ctx, tx, o, "order.awaiting_merge", who, map[string]any{"release_at": at})
}

// awaitRelease keeps a pre-ordered order back until its release date.
func (s *Store) awaitRelease(ctx context.Context, tx *db.Tx, o *order.Order, on string, who actor.Actor) error {
	at, err := time.Parse(time.DateOnly, on)
	if err != nil {
		return fmt.Errorf("order %s release date %q: %w", o.Number, on, err)
	}
	if err := job.EnqueueArgs(ctx, tx, DueJob{OrderID: o.ID}, o.ID+"@"+on, at); err != nil {
		return err
	}
	return order.AddEvent(ctx, tx, o, "order.awaiting_release_date", who, map[string]any{"release_on": on})
}

// due is DueJob's handler. An order released meanwhile (merged into a
// sibling's fulfilments), cancelled or held again is left alone.
func (s *Store) due(ctx context.Context, orderID string) error {
	ctx = actor.With(ctx, review.Reviewer)
	return s.db.Write(ctx, func(tx *db.Tx) error {
		o, err := order.Lock(ctx, tx, orderID)
		if errs.Is(err, errs.NotFound) {
			return errs.Wrap(errs.Invalid, err, "release of an order that does not exist")
		}
		if err != nil {
			return err
		}
		ready, err := readyToRelease(ctx, tx, o)
		if err != nil || !ready {
			return err
		}
		if tx.Now.Before(o.CreatedAt.Add(s.mergeWindow)) {
			return errs.E(errs.Unavailable, "order %s's merge window is still open", o.Number) // retried later
		}
		return s.release(ctx, tx, &o, review.Reviewer)
	})
}

// readyToRelease reports whether o has passed review and waits only for
// its release: confirmed, reviewed, no task open, no short unit holding it,
// and no presale release date still ahead (release's own rule, applied to
// the orders merged in as well).
func readyToRelease(ctx context.Context, tx *db.Tx, o order.Order) (bool, error) {
	if o.Status != order.Confirmed || o.ReviewedAt == nil {
		return false, nil
	}
	if hold, wait := shortByPolicy(o); hold+wait > 0 {
		return false, nil
	}
	if on := releaseDate(o); on != "" && tx.Now.Format(time.DateOnly) < on {
		return false, nil
	}
	open, err := review.OpenTasks(ctx, tx, o.ID)
	return open == 0, err
}

// siblings are the orders to ship with o: same customer (e-mail), same
// shipping address (normalised, so "Street" and "St." match), placed within
// the merge window of o, and ready to release.
func (s *Store) siblings(ctx context.Context, tx *db.Tx, o order.Order) ([]*order.Order, error) {
	ids, err := order.ConfirmedOf(ctx, tx, o.Customer.Email, o.CreatedAt.Add(-s.mergeWindow), o.CreatedAt.Add(s.mergeWindow), o.ID)
	if err != nil {
		return nil, err
	}
	key := risk.NormalizeAddress(o.ShippingAddress)
	var out []*order.Order
	for _, id := range ids {
		m, err := order.Lock(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if risk.NormalizeAddress(m.ShippingAddress) != key {
			continue
		}
		if ready, err := readyToRelease(ctx, tx, m); err != nil {
			return nil, err
		} else if ready {
			out = append(out, &m)
		}
	}
	return out, nil
}
