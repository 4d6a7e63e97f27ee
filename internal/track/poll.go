package track

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/ship"
)

// PollJob asks a carrier without webhooks for the events of its parcels
// that are due a poll, in calls of ship.MaxTrack numbers, and queues its
// next run for the earliest parcel due next. Polling a parcel stops when it
// reaches a final status or has had no news for the rules' silence.
type PollJob struct {
	Carrier string `json:"carrier"`
}

// Kind implements job.Args.
func (PollJob) Kind() string { return "track.poll" }

// pollBatch bounds one run: the rest are due at once in the next.
const pollBatch = 20 * ship.MaxTrack

// enqueuePoll queues the carrier's poll due at (one job per carrier and
// minute, however many parcels fall due in it).
func enqueuePoll(ctx context.Context, tx *db.Tx, carrier string, at time.Time) error {
	at = at.UTC().Truncate(time.Minute).Add(time.Minute)
	return job.EnqueueArgs(ctx, tx, PollJob{Carrier: carrier}, carrier+"@"+at.Format(time.RFC3339), at)
}

// due is a parcel due a poll.
type due struct {
	tracking    string
	polls       int
	lastEventAt time.Time
}

// poll runs one PollJob.
func (s *Store) poll(ctx context.Context, carrier string) error {
	t, ok := s.trackers[carrier]
	if !ok || !t.Polls() {
		return nil // the carrier is no longer configured for polling
	}
	var parcels []due
	var r Rules
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = rulesTx(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT tracking_number, polls, last_event_at FROM parcel_tracking
			WHERE carrier = $1 AND poll_at IS NOT NULL AND poll_at <= $2 ORDER BY poll_at LIMIT $3`, carrier, tx.Now, pollBatch)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.tracking, &d.polls, &d.lastEventAt); err != nil {
				return err
			}
			parcels = append(parcels, d)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	for start := 0; start < len(parcels); start += ship.MaxTrack {
		part := parcels[start:min(start+ship.MaxTrack, len(parcels))]
		numbers := make([]string, len(part))
		for i, d := range part {
			numbers[i] = d.tracking
		}
		events, err := t.Track(ctx, numbers)
		if err != nil {
			return errs.Wrap(errs.Unavailable, err, "polling "+carrier) // the job retries with back-off
		}
		for len(events) > 0 {
			n := min(len(events), MaxEvents)
			if _, err := s.Ingest(ctx, carrier, FromPoll, events[:n]); err != nil {
				return err
			}
			events = events[n:]
		}
		if err := s.polled(ctx, carrier, part, r); err != nil {
			return err
		}
	}
	return s.db.Write(ctx, func(tx *db.Tx) error {
		var next time.Time
		err := tx.QueryRowContext(ctx, `SELECT poll_at FROM parcel_tracking WHERE carrier = $1 AND poll_at IS NOT NULL
			ORDER BY poll_at LIMIT 1`, carrier).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // nothing left to poll: the next handover starts again
		}
		if err != nil {
			return err
		}
		return enqueuePoll(ctx, tx, carrier, next)
	})
}

// polled sets each polled parcel's next poll: later each time nothing new
// came (up to eight times the interval), none after a final status or
// after the silence.
func (s *Store) polled(ctx context.Context, carrier string, part []due, r Rules) error {
	return s.db.Write(ctx, func(tx *db.Tx) error {
		for _, d := range part {
			var status string
			var last time.Time
			var polls int
			if err := tx.QueryRowContext(ctx, `SELECT status, last_event_at, polls FROM parcel_tracking WHERE carrier = $1 AND tracking_number = $2`,
				carrier, d.tracking).Scan(&status, &last, &polls); err != nil {
				return err
			}
			quiet := polls + 1
			if last.After(d.lastEventAt) {
				quiet = 0 // news: back to the interval
			}
			var next any
			if !Final(status) && tx.Now.Sub(last) < r.PollSilence {
				next = tx.Now.Add(r.PollEvery * time.Duration(1<<min(quiet, 3)))
			}
			if _, err := tx.ExecContext(ctx, `UPDATE parcel_tracking SET poll_at = $3, polls = $4, updated_at = $5
				WHERE carrier = $1 AND tracking_number = $2`, carrier, d.tracking, next, quiet, tx.Now); err != nil {
				return err
			}
		}
		return nil
	})
}
