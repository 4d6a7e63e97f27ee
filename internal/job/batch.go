package job

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// A batch is one row carrying many jobs of one kind that fall due together:
// a writer that makes hundreds of jobs per transaction (the intake engine:
// a confirmation per order and channel, a payment timeout per order) writes
// a row per kind instead of a row per job, so the jobs' index entries cost
// it nothing per job. The runner runs each item with the kind's own handler,
// as if it were a job of its own: same ID, key and payload as Rows would
// have stored. An item whose handler fails, or that the batch did not reach
// before half its lock had passed, leaves the batch as a job of its own (its
// ID, key and payload; a failed one with the batch's attempt counted and its
// backoff), written in the transaction that marks the batch done, so its
// retries are its own and the items that succeeded do not run again. A
// runner that dies mid-batch leaves the row running; when its lock expires
// the batch runs again, every item: items run at least once, like any job.
// While batched, an item is not deduplicated by its (kind, key); once it
// leaves the batch it is.

// batchSuffix marks a batch row's kind: "notify.email[]" holds
// "notify.email" jobs. A runner that handles a kind claims its batches too.
const batchSuffix = "[]"

type batchItem struct {
	ID      string          `json:"id"`
	Key     string          `json:"key"`
	Payload json.RawMessage `json:"payload"`
}

type batchPayload struct {
	Items []batchItem `json:"items"`
}

// Batch gathers the jobs that share a kind, a due time and an attempt bound
// into one batch row each, filling their IDs from now as Rows would; a job
// alone in its group stays as it is. The result keeps the order of each
// group's first job.
func Batch(now time.Time, jobs []Job) ([]Job, error) {
	type group struct {
		Kind        string
		RunAt       time.Time
		MaxAttempts int
	}
	var order []group
	members := map[group][]Job{}
	for _, j := range jobs {
		g := group{j.Kind, j.RunAt.UTC().Truncate(time.Microsecond), j.MaxAttempts}
		if _, seen := members[g]; !seen {
			order = append(order, g)
		}
		members[g] = append(members[g], j)
	}
	out := make([]Job, 0, len(order))
	for _, g := range order {
		js := members[g]
		if len(js) == 1 {
			out = append(out, js[0])
			continue
		}
		p := batchPayload{Items: make([]batchItem, len(js))}
		for i, j := range js {
			if j.ID == "" {
				j.ID = id.New("job", now)
			}
			payload := j.Payload
			if len(payload) == 0 {
				payload = json.RawMessage("{}")
			}
			p.Items[i] = batchItem{ID: j.ID, Key: j.Key, Payload: payload}
		}
		raw, err := json.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("encode a batch of %s jobs: %w", g.Kind, err)
		}
		out = append(out, Job{Kind: g.Kind + batchSuffix, Key: js[0].Key + ".." + js[len(js)-1].Key, Payload: raw,
			RunAt: js[0].RunAt, MaxAttempts: js[0].MaxAttempts})
	}
	return out, nil
}

// isBatch reports whether kind names batch rows.
func isBatch(kind string) bool { return strings.HasSuffix(kind, batchSuffix) }

// spilled is an item that leaves its batch as a job of its own.
type spilled struct {
	item    batchItem
	err     error // nil: not run; it is due at once
	attempt int   // the batch's attempt it failed on
}

// runBatch runs a batch row's items with h, up to Workers at once, and
// returns how many succeeded and those that leave the batch. It starts no
// item after half the claim's lock has passed, so the items it did start
// can finish within it.
func (r *Runner) runBatch(ctx context.Context, h Handler, c Claimed) (int64, []spilled, error) {
	var p batchPayload
	if err := json.Unmarshal(c.Payload, &p); err != nil {
		return 0, nil, errs.Wrap(errs.Invalid, err, c.Kind+" job "+c.ID+": its payload does not decode")
	}
	kind := strings.TrimSuffix(c.Kind, batchSuffix)
	// Every item ends with the batch's lock, as a job's handler does with its
	// own: none may run on while another runner takes the batch again.
	ctx, cancel := context.WithTimeout(ctx, r.cfg.LockFor)
	defer cancel()
	stopStarting := time.Now().Add(r.cfg.LockFor / 2)
	results := make([]error, len(p.Items))
	ran := make([]bool, len(p.Items))
	sem := make(chan struct{}, r.cfg.Workers)
	var wg sync.WaitGroup
	for i, it := range p.Items {
		sem <- struct{}{}
		if ctx.Err() != nil || time.Now().After(stopStarting) {
			<-sem
			break
		}
		ran[i] = true
		wg.Go(func() {
			defer func() { <-sem }()
			results[i] = r.call(ctx, h, Claimed{ID: it.ID, Kind: kind, Key: it.Key, Payload: it.Payload, Attempt: c.Attempt})
		})
	}
	wg.Wait()
	var out []spilled
	var succeeded int64
	for i, it := range p.Items {
		switch {
		case !ran[i]:
			out = append(out, spilled{item: it})
		case results[i] != nil:
			out = append(out, spilled{item: it, err: results[i], attempt: c.Attempt})
		default:
			succeeded++
		}
	}
	return succeeded, out, nil
}

// spill writes the items that leave a batch as jobs of their own, in the
// transaction that marks the batch done: not run, due now; failed for good
// (errs.Invalid, or its only attempt), failed; else queued after its backoff.
func (r *Runner) spill(ctx context.Context, tx *db.Tx, kind string, maxAttempts int, items []spilled) (retried, failed int64, err error) {
	now := r.now()
	for _, s := range items {
		state, runAt, text, attempts := stateQueued, now, "", 0
		var finished *time.Time
		switch {
		case s.err == nil:
		case errs.Is(s.err, errs.Invalid) || s.attempt >= maxAttempts:
			state, text, attempts, finished = stateFailed, errorText(s.err), s.attempt, &now
			failed++
			r.log.WarnContext(ctx, "job failed", "job", s.item.ID, "kind", kind, "attempt", s.attempt, "err", text)
		default:
			runAt, text, attempts = now.Add(r.cfg.Backoff(s.attempt)), errorText(s.err), s.attempt
			retried++
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO jobs (id, kind, dedupe_key, payload, state, attempts, max_attempts,
	run_at, last_error, created_at, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (kind, dedupe_key) DO NOTHING`, s.item.ID, kind, s.item.Key, string(s.item.Payload), state, attempts, maxAttempts,
			runAt, text, now, finished); err != nil {
			return 0, 0, fmt.Errorf("spill a %s job from its batch: %w", kind, err)
		}
	}
	return retried, failed, nil
}
