package job

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
)

// Claimed is a job handed to its handler.
type Claimed struct {
	ID      string // stable across attempts: the idempotency key for side effects
	Kind    string
	Key     string
	Payload json.RawMessage
	Attempt int // 1 on the first run
}

// Handler runs one job. nil marks it done; an errs.Invalid error fails it
// for good (retrying cannot help); any other error retries it with backoff
// until its MaxAttempts. It may run more than once, so it must be idempotent.
type Handler func(ctx context.Context, j Claimed) error

// Stats counts what a Runner did since New, for metrics and tests: Claimed
// counts claims (a batch is one), the others count jobs (each of a batch's
// items is one).
type Stats struct {
	Claimed, Succeeded, Retried, Failed int64
}

// Runner claims due jobs and runs their handlers, in the background between
// Start and Stop or one pass at a time with RunDue.
type Runner struct {
	db  *db.DB
	clk clock.Clock
	log *slog.Logger
	cfg Config

	mu       sync.Mutex
	handlers map[string]Handler
	purgers  []Purger
	stop     context.CancelFunc
	done     chan struct{}

	claimed, succeeded, retried, failed atomic.Int64
}

// New returns a Runner over d. clk stamps claims and retries; nil uses the
// database's clock, and a different one should agree with it, since Enqueue
// stamps RunAt with the transaction's time. log nil discards.
func New(d *db.DB, clk clock.Clock, log *slog.Logger, cfg Config) *Runner {
	if clk == nil {
		clk = d.Clock()
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{db: d, clk: clk, log: log, cfg: cfg.withDefaults(), handlers: map[string]Handler{}}
}

// Handle registers h for kind and for batches of it (Batch). A Runner
// claims only kinds it has handlers for, so instances with different
// handlers can share one jobs table.
func (r *Runner) Handle(kind string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[kind] = h
}

func (r *Runner) kinds() ([]string, map[string]Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	kinds := make([]string, 0, 2*len(r.handlers))
	hs := make(map[string]Handler, len(r.handlers))
	for k, h := range r.handlers {
		kinds = append(kinds, k, k+batchSuffix) // its batches too
		hs[k] = h
	}
	sort.Strings(kinds)
	return kinds, hs
}

// Start runs RunDue in the background until ctx ends or Stop is called: at
// once again after a full batch, else after PollInterval. A second Start
// while running is an error.
func (r *Runner) Start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stop != nil {
		return fmt.Errorf("job runner already started")
	}
	ctx, cancel := context.WithCancel(ctx)
	r.stop, r.done = cancel, make(chan struct{})
	go r.loop(ctx, r.done)
	return nil
}

func (r *Runner) loop(ctx context.Context, done chan struct{}) {
	defer close(done)
	timer := time.NewTimer(0)
	defer timer.Stop()
	var purged time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		if now := r.now(); now.Sub(purged) >= purgeEvery {
			r.purgeAll(ctx)
			purged = now
		}
		n, err := r.RunDue(ctx)
		if err != nil && ctx.Err() == nil {
			r.log.ErrorContext(ctx, "run due jobs", "err", err)
		}
		wait := r.cfg.PollInterval
		if err == nil && n >= r.cfg.Batch {
			wait = 0
		}
		timer.Reset(wait)
	}
}

// Stop ends the loop Start began and waits for the handlers it is running;
// their contexts are cancelled, and jobs they leave unfinished are retried
// after LockFor. Stop without Start does nothing.
func (r *Runner) Stop() {
	r.mu.Lock()
	stop, done := r.stop, r.done
	r.stop, r.done = nil, nil
	r.mu.Unlock()
	if stop == nil {
		return
	}
	stop()
	<-done
}

// Stats reports the counters so far.
func (r *Runner) Stats() Stats {
	return Stats{Claimed: r.claimed.Load(), Succeeded: r.succeeded.Load(), Retried: r.retried.Load(),
		Failed: r.failed.Load()}
}

// Purger deletes some other table's expired rows and says how many; the
// runner's loop calls it with its own purge (PurgeWith).
type Purger struct {
	What  string // for the log: "idempotency keys"
	Purge func(ctx context.Context, now time.Time) (int64, error)
}

// PurgeWith adds p to what the loop purges every hour, beside finished
// jobs. Add purgers before Start.
func (r *Runner) PurgeWith(p Purger) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.purgers = append(r.purgers, p)
}

// purgeAll runs the hourly purges, logging what each deleted.
func (r *Runner) purgeAll(ctx context.Context) {
	r.mu.Lock()
	purgers := append([]Purger{{What: "finished jobs", Purge: func(ctx context.Context, _ time.Time) (int64, error) { return r.Purge(ctx) }}},
		r.purgers...)
	r.mu.Unlock()
	for _, p := range purgers {
		if n, err := p.Purge(ctx, r.now()); err != nil && ctx.Err() == nil {
			r.log.ErrorContext(ctx, "purge "+p.What, "err", err)
		} else if n > 0 {
			r.log.InfoContext(ctx, "purged "+p.What, "rows", n)
		}
	}
}

// purgeEvery is how often the loop deletes expired history.
const purgeEvery = time.Hour

// purgeChunk bounds one purge statement, so a large backlog of history is
// deleted in short transactions that do not hold up the writer.
const purgeChunk = 5000

// Purge deletes finished jobs older than Retention (failed ones older than
// four times that) and returns how many it deleted.
func (r *Runner) Purge(ctx context.Context) (int64, error) {
	now := r.now()
	var total int64
	for {
		var n int64
		err := r.db.Write(ctx, func(tx *db.Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM jobs WHERE id IN (SELECT id FROM jobs
				WHERE (state = 'done' AND finished_at < $1) OR (state = 'failed' AND finished_at < $2) LIMIT $3)`,
				now.Add(-r.cfg.Retention), now.Add(-4*r.cfg.Retention), purgeChunk)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		total += n
		if err != nil {
			return total, fmt.Errorf("purge finished jobs: %w", err)
		}
		if n < purgeChunk {
			return total, nil
		}
	}
}

// Pending counts jobs not yet done or failed (queued or running), of every
// kind: the backlog an operator watches. A batch counts its items.
func (r *Runner) Pending(ctx context.Context) (int, error) {
	items := "json_array_length(payload, '$.items')"
	if r.db.Dialect() == db.Postgres {
		items = "json_array_length(payload::json -> 'items')"
	}
	var n int
	err := r.db.Read(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN kind LIKE '%'||$1 THEN `+items+` ELSE 1 END), 0)
			FROM jobs WHERE state IN ('queued', 'running')`, batchSuffix).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count pending jobs: %w", err)
	}
	return n, nil
}
