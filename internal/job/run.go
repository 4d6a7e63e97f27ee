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
	results := make([]error, len(claims))
	sem := make(chan struct{}, r.cfg.Workers)
	var wg sync.WaitGroup
	for i, c := range claims {
		if c.Attempt > c.maxAttempts {
			// Its lock expired on the last attempt: the runner died or hung.
			results[i] = fmt.Errorf("lock expired on attempt %d of %d", c.Attempt-1, c.maxAttempts)
			continue
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			results[i] = r.call(ctx, handlers[c.Kind], c.Claimed)
		})
	}
	wg.Wait()
	// The outcomes are recorded even if ctx ended meanwhile (Stop), so a
	// finished handler is not run again after LockFor.
	return len(claims), r.finish(context.WithoutCancel(ctx), claims, results)
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
// job again, this late outcome changes nothing.
func (r *Runner) finish(ctx context.Context, claims []claim, results []error) error {
	now := r.now()
	var done, retried, failed int64
	type update struct {
		q    string
		args []any
	}
	updates := make([]update, len(claims))
	const fence = " WHERE id = $3 AND attempts = $4 AND state = 'running'"
	for i, c := range claims {
		err := results[i]
		switch {
		case err == nil:
			done++
			updates[i] = update{"UPDATE jobs SET state = 'done', finished_at = $1, locked_until = NULL, last_error = $2" + fence,
				[]any{now, ""}}
		case errs.Is(err, errs.Invalid) || c.Attempt >= c.maxAttempts:
			failed++
			text := errorText(err)
			updates[i] = update{"UPDATE jobs SET state = 'failed', finished_at = $1, locked_until = NULL, last_error = $2" + fence,
				[]any{now, text}}
			r.log.WarnContext(ctx, "job failed", "job", c.ID, "kind", c.Kind, "attempt", c.Attempt, "err", text)
		default:
			retried++
			updates[i] = update{"UPDATE jobs SET state = 'queued', run_at = $1, locked_until = NULL, last_error = $2" + fence,
				[]any{now.Add(r.cfg.Backoff(c.Attempt)), errorText(err)}}
		}
		updates[i].args = append(updates[i].args, c.ID, c.Attempt)
	}
	err := r.db.Write(ctx, func(tx *db.Tx) error {
		for _, u := range updates {
			if _, err := tx.ExecContext(ctx, u.q, u.args...); err != nil {
				return err
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
