package track

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship"
)

// SweepEvery is how often the sweep looks for silent and late parcels.
const SweepEvery = 30 * time.Minute

// SweepJob looks for parcels on their way that went silent (no carrier
// event for the rules' NoScanAfter: a no_scan case) or are late (not
// delivered by the end of their promised date, in UTC: a late case and a
// delayed notice to the customer). It queues its own next run while any
// parcel is on its way; a handover starts it again (WatchHandedOver).
type SweepJob struct{}

// Kind implements job.Args.
func (SweepJob) Kind() string { return "track.sweep" }

// Sweeper is the actor the sweep's cases are recorded as.
var Sweeper = actor.Actor{ID: "tracking-sweep", Name: "tracking sweep", Role: actor.Admin, RemoteAddr: "local"}

// enqueueSweep queues the sweep at the first slot (a multiple of
// SweepEvery) after now: however many handovers ask, one run per slot.
func enqueueSweep(ctx context.Context, tx *db.Tx, now time.Time) error {
	at := now.UTC().Truncate(SweepEvery).Add(SweepEvery)
	return job.EnqueueArgs(ctx, tx, SweepJob{}, at.Format(time.RFC3339), at)
}

// WatchHandedOver is a ship.HandedOver hook: the parcels now with the
// carrier are swept for silence and lateness from the next slot on.
func (s *Store) WatchHandedOver(ctx context.Context, tx *db.Tx, _ string) error {
	return enqueueSweep(ctx, tx, tx.Now)
}

// onTheWay is a parcel the sweep opened a case for, with its orders.
type onTheWay struct {
	parcel, fulfilment, tracking, order string
}

// sweep opens the no-scan and late cases due now, in one transaction, and
// queues the next run while parcels are on their way.
func (s *Store) sweep(ctx context.Context) error {
	ctx = actor.With(ctx, Sweeper)
	return s.db.Write(ctx, func(tx *db.Tx) error {
		r, err := rulesTx(ctx, tx)
		if err != nil {
			return err
		}
		final := []any{ship.TrackDelivered, ship.TrackReturnedToSender, ship.TrackLost}
		// Silent: no case of the kind opened since the parcel's last event,
		// so a closed one is not opened again for the same silence.
		silent, err := parcelsWhere(ctx, tx, `t.last_event_at < $4 AND NOT EXISTS (SELECT 1 FROM tracking_cases c
			WHERE c.parcel_id = t.parcel_id AND c.kind = 'no_scan' AND c.opened_at >= t.last_event_at)`,
			append(final, tx.Now.Add(-r.NoScanAfter))...)
		if err != nil {
			return err
		}
		for _, p := range silent {
			if _, err := openCase(ctx, tx, Sweeper, CaseNoScan, p.parcel, p.order, "no carrier scan since "+r.NoScanAfter.String()+" or more",
				r.CaseSLA); err != nil {
				return err
			}
		}
		// Late: the promised day is over (in UTC) and the parcel never had
		// a late case: one per parcel, and one notice.
		late, err := parcelsWhere(ctx, tx, `t.promised_date <> '' AND t.promised_date < $4 AND NOT EXISTS (SELECT 1 FROM tracking_cases c
			WHERE c.parcel_id = t.parcel_id AND c.kind = 'late')`, append(final, tx.Now.Format(time.DateOnly))...)
		if err != nil {
			return err
		}
		for _, p := range late {
			opened, err := openCase(ctx, tx, Sweeper, CaseLate, p.parcel, p.order, "not delivered by the promised date", r.CaseSLA)
			if err != nil {
				return err
			}
			if opened {
				if err := order.NotifyParcel(ctx, tx, p.order, order.DelayedMessage, p.tracking, p.parcel+":late"); err != nil {
					return err
				}
			}
		}
		var left int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM parcel_tracking WHERE status NOT IN ($1, $2, $3)`, final...).Scan(&left); err != nil {
			return err
		}
		if left == 0 {
			return nil // nothing on its way: the next handover starts the sweep again
		}
		return enqueueSweep(ctx, tx, tx.Now)
	})
}

// parcelsWhere lists the parcels on their way ($1-$3 are the final
// statuses) matching cond, each with every order it carries.
func parcelsWhere(ctx context.Context, tx *db.Tx, cond string, args ...any) ([]onTheWay, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.parcel_id, t.fulfilment_id, t.tracking_number FROM parcel_tracking t
		WHERE t.status NOT IN ($1, $2, $3) AND `+cond+` ORDER BY t.parcel_id`, args...)
	if err != nil {
		return nil, err
	}
	var ps []onTheWay
	for rows.Next() {
		var p onTheWay
		if err := rows.Scan(&p.parcel, &p.fulfilment, &p.tracking); err != nil {
			rows.Close()
			return nil, err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ps) == 0 {
		return nil, err
	}
	fids := make([]string, len(ps))
	for i, p := range ps {
		fids[i] = p.fulfilment
	}
	orders, err := fulfilment.OrdersOf(ctx, tx, fids)
	if err != nil {
		return nil, err
	}
	var out []onTheWay
	for _, p := range ps {
		for _, oid := range orders[p.fulfilment] {
			p.order = oid
			out = append(out, p)
		}
	}
	return out, nil
}
