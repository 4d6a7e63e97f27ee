package job

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// The states of a job row.
const (
	stateQueued  = "queued"
	stateRunning = "running"
	stateDone    = "done"
	stateFailed  = "failed"
)

// claim is a claimed job with what its finish needs.
type claim struct {
	Claimed
	maxAttempts int
}

// RunDue claims up to Batch due jobs, runs their handlers (up to Workers at
// once) and records the outcomes; it returns how many it claimed. Start
// calls it in a loop; tests and simulations call it directly.
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	kinds, handlers := r.kinds()
	if len(kinds) == 0 {
		return 0, nil
	}
	claims, err := r.claim(ctx, kinds)
	if err != nil {
		return 0, err
	}
	if len(claims) == 0 {
		return 0, nil
	}
	results := make([]outcome, len(claims))
	sem := make(chan struct{}, r.cfg.Workers)
	var wg sync.WaitGroup
	for i, c := range claims {
		if c.Attempt > c.maxAttempts {
			// Its lock expired on the last attempt: the runner died or hung.
			results[i].err = fmt.Errorf("lock expired on attempt %d of %d", c.Attempt-1, c.maxAttempts)
			continue
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			h := handlers[strings.TrimSuffix(c.Kind, batchSuffix)]
			if isBatch(c.Kind) {
				results[i].succeeded, results[i].spill, results[i].err = r.runBatch(ctx, h, c.Claimed)
				return
			}
			results[i].err = r.call(ctx, h, c.Claimed)
		})
	}
	wg.Wait()
	// The outcomes are recorded even if ctx ended meanwhile (Stop), so a
	// finished handler is not run again after LockFor.
	return len(claims), r.finish(context.WithoutCancel(ctx), claims, results)
}

// outcome is what running a claimed job came to: for a batch, the items
// that succeeded and those that leave it.
type outcome struct {
	err       error
	succeeded int64
	spill     []spilled
}

// claim marks up to Batch due jobs of kinds running, in one short transaction.
func (r *Runner) claim(ctx context.Context, kinds []string) ([]claim, error) {
	now := r.now()
	skip := ""
	if r.db.Dialect() == db.Postgres {
		skip = " FOR UPDATE SKIP LOCKED" // other instances' claims in flight
	}
	q := `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = $1
WHERE id IN (SELECT id FROM jobs
	WHERE ((state = 'queued' AND run_at <= $2) OR (state = 'running' AND locked_until <= $2))
	AND kind IN (` + db.Placeholders(4, len(kinds)) + `)
	ORDER BY run_at, id LIMIT $3` + skip + `)
RETURNING id, kind, dedupe_key, payload, attempts, max_attempts`
	args := []any{now.Add(r.cfg.LockFor), now, r.cfg.Batch}
	for _, k := range kinds {
		args = append(args, k)
	}
	var out []claim
	err := r.db.Write(ctx, func(tx *db.Tx) error {
		out = out[:0] // Write may rerun this function
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c claim
			var payload string
			if err := rows.Scan(&c.ID, &c.Kind, &c.Key, &payload, &c.Attempt, &c.maxAttempts); err != nil {
				return err
			}
			c.Payload = []byte(payload)
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claim jobs: %w", err)
	}
	r.claimed.Add(int64(len(out)))
	return out, nil
}

// call runs h with a deadline at the end of the claim's lock, turning a
// panic into an error so one bad job cannot stop the runner.
func (r *Runner) call(ctx context.Context, h Handler, c Claimed) (err error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.LockFor)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handler panicked: %v", p)
		}
	}()
	return h(ctx, c)
}

// finish records each outcome in one short transaction. The attempt number
// fences each update: if the lock expired and another runner claimed the
// job again, this late outcome changes nothing, and the items it would
// spill from a batch are left to that runner.
func (r *Runner) finish(ctx context.Context, claims []claim, results []outcome) error {
	now := r.now()
	type update struct {
		q     string
		args  []any
		state string
	}
	updates := make([]update, len(claims))
	const fence = " WHERE id = $3 AND attempts = $4 AND state = 'running'"
	for i, c := range claims {
		err := results[i].err
		switch u := &updates[i]; {
		case err == nil:
			*u = update{"UPDATE jobs SET state = 'done', finished_at = $1, locked_until = NULL, last_error = $2" + fence,
				[]any{now, ""}, stateDone}
		case errs.Is(err, errs.Invalid) || c.Attempt >= c.maxAttempts:
			text := errorText(err)
			*u = update{"UPDATE jobs SET state = 'failed', finished_at = $1, locked_until = NULL, last_error = $2" + fence,
				[]any{now, text}, stateFailed}
			r.log.WarnContext(ctx, "job failed", "job", c.ID, "kind", c.Kind, "attempt", c.Attempt, "err", text)
		default:
			*u = update{"UPDATE jobs SET state = 'queued', run_at = $1, locked_until = NULL, last_error = $2" + fence,
				[]any{now.Add(r.cfg.Backoff(c.Attempt)), errorText(err)}, stateQueued}
		}
		updates[i].args = append(updates[i].args, c.ID, c.Attempt)
	}
	var done, retried, failed int64
	err := r.db.Write(ctx, func(tx *db.Tx) error {
		done, retried, failed = 0, 0, 0 // Write may rerun this function
		for i, u := range updates {
			res, err := tx.ExecContext(ctx, u.q, u.args...)
			if err != nil {
				return err
			}
			c, o := claims[i], results[i]
			switch {
			case u.state == stateFailed:
				failed++
			case u.state == stateQueued:
				retried++
			case !isBatch(c.Kind):
				done++
			default:
				if n, err := res.RowsAffected(); err != nil || n != 1 {
					continue // fenced off: the batch is another runner's now
				}
				rt, fl, err := r.spill(ctx, tx, strings.TrimSuffix(c.Kind, batchSuffix), c.maxAttempts, o.spill)
				if err != nil {
					return err
				}
				done, retried, failed = done+o.succeeded, retried+rt, failed+fl
			}
		}
		return nil
	})
	if err != nil {
		// The jobs stay running and are claimed again after LockFor.
		return fmt.Errorf("record job outcomes: %w", err)
	}
	r.succeeded.Add(done)
	r.retried.Add(retried)
	r.failed.Add(failed)
	return nil
}

func (r *Runner) now() time.Time { return r.clk.Now().UTC().Truncate(time.Microsecond) }

// errorText makes an error storable on both databases (valid UTF-8, no NUL,
// at most 2000 bytes) and fit to be kept: e-mail addresses and phone numbers
// are masked (errs.Redact). Handlers mask what they know to come from outside;
// this is the last line of defence for the rest, since last_error and the
// failure log outlive the order and are read by people.
func errorText(err error) string {
	s := errs.Redact(strings.ToValidUTF8(strings.ReplaceAll(err.Error(), "\x00", ""), "?"))
	if len(s) > 2000 {
		s = strings.ToValidUTF8(s[:2000], "") // drops a rune cut in half
	}
	return s
}
