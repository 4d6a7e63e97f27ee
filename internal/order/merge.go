package order

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
)

// JobRelease releases an approved order when its merge window closes,
// together with the approved orders of the same customer to the same
// address placed within the window.
const JobRelease = "order.release"

// awaitMerge keeps an approved order back until its merge window closes.
func (s *Store) awaitMerge(ctx context.Context, tx *db.Tx, o *Order, who actor.Actor) error {
	at := o.CreatedAt.Add(s.mergeWindow)
	if err := job.Enqueue(ctx, tx, job.Job{Kind: JobRelease, Key: o.ID, RunAt: at}); err != nil {
		return err
	}
	return addEvent(ctx, tx, o, "order.awaiting_merge", who, map[string]any{"release_at": at})
}

// awaitRelease keeps a pre-ordered order back until its release date.
func (s *Store) awaitRelease(ctx context.Context, tx *db.Tx, o *Order, on string, who actor.Actor) error {
	at, err := time.Parse(time.DateOnly, on)
	if err != nil {
		return fmt.Errorf("order %s release date %q: %w", o.Number, on, err)
	}
	if err := job.Enqueue(ctx, tx, job.Job{Kind: JobRelease, Key: o.ID + "@" + on, RunAt: at}); err != nil {
		return err
	}
	return addEvent(ctx, tx, o, "order.awaiting_release_date", who, map[string]any{"release_on": on})
}

// releaseJob is JobRelease's handler. An order released meanwhile (merged
// into a sibling's fulfilments), cancelled or held again is left alone.
func (s *Store) releaseJob(ctx context.Context, c job.Claimed) error {
	ctx = actor.With(ctx, reviewer)
	return s.db.Write(ctx, func(tx *db.Tx) error {
		orderID, _, _ := strings.Cut(c.Key, "@")
		o, err := getTx(ctx, tx, orderID, true)
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
		return s.releaseTx(ctx, tx, &o, reviewer)
	})
}

// readyToRelease reports whether o has passed review and waits only for
// its release: confirmed, reviewed, no task open, no short unit holding it,
// and no presale release date still ahead (releaseTx's own rule, applied to
// the orders merged in as well).
func readyToRelease(ctx context.Context, tx *db.Tx, o Order) (bool, error) {
	if o.Status != Confirmed {
		return false, nil
	}
	if hold, wait := shortByPolicy(o); hold+wait > 0 {
		return false, nil
	}
	if on := releaseDate(o); on != "" && tx.Now.Format(time.DateOnly) < on {
		return false, nil
	}
	if ok, err := reviewed(ctx, tx, o.ID); err != nil || !ok {
		return false, err
	}
	open, err := review.OpenTasks(ctx, tx, o.ID)
	return open == 0, err
}

// siblings are the orders to ship with o: same customer (e-mail), same
// shipping address (normalised, so "Street" and "St." match), placed within
// the merge window of o, and ready to release.
func (s *Store) siblings(ctx context.Context, tx *db.Tx, o Order) ([]*Order, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM orders WHERE customer_email = $1 AND id <> $2 AND status = 'confirmed'
		AND released_at IS NULL AND created_at >= $3 AND created_at <= $4 ORDER BY created_at, id`,
		o.Customer.Email, o.ID, o.CreatedAt.Add(-s.mergeWindow), o.CreatedAt.Add(s.mergeWindow))
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	key := risk.NormalizeAddress(o.ShippingAddress)
	var out []*Order
	for _, id := range ids {
		m, err := getTx(ctx, tx, id, true)
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
