package job

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// DefaultMaxAttempts bounds the runs of a job that does not set MaxAttempts:
// with the default backoff, ten attempts span four to eight and a half minutes
// before the job is marked failed for a person to look at.
const DefaultMaxAttempts = 10

// Job is one piece of follow-up work to enqueue.
type Job struct {
	// ID names the job; empty gets a new "job_" ULID.
	ID string
	// Kind selects the handler, e.g. "notify.email".
	Kind string
	// Key deduplicates: one job per (Kind, Key), so enqueueing it again (a
	// replayed event, a retried request) adds no second run. Usually the id
	// of the thing the job is about, such as the order id.
	Key string
	// Payload is the handler's input, JSON; nil stores {}.
	Payload json.RawMessage
	// RunAt is when the job becomes due; zero means at the transaction's time.
	RunAt time.Time
	// MaxAttempts bounds the runs; zero means DefaultMaxAttempts.
	MaxAttempts int
}

// columns are the jobs columns an enqueue writes; the rest take defaults.
var columns = []string{"id", "kind", "dedupe_key", "payload", "state", "attempts", "max_attempts",
	"run_at", "created_at"}

// Columns lists the columns Rows fills, so a batch writer can enqueue with
// db.InsertRows(ctx, tx, "jobs", job.Columns(), job.Rows(tx, jobs)) among
// its other multi-row inserts. Such an insert fails on a duplicate (kind,
// key); use Enqueue where a duplicate is expected.
func Columns() []string { return append([]string(nil), columns...) }

// Rows turns jobs into rows for Columns, filling defaults from the
// transaction (its clock for ids and RunAt), so each row is the same
// whichever way it is inserted.
func Rows(tx *db.Tx, jobs []Job) [][]any {
	rows := make([][]any, 0, len(jobs))
	for _, j := range jobs {
		if j.ID == "" {
			j.ID = id.New("job", tx.Now)
		}
		payload := "{}"
		if len(j.Payload) > 0 {
			payload = string(j.Payload)
		}
		runAt := tx.Now
		if !j.RunAt.IsZero() {
			runAt = j.RunAt.UTC().Truncate(time.Microsecond)
		}
		maxAttempts := j.MaxAttempts
		if maxAttempts <= 0 {
			maxAttempts = DefaultMaxAttempts
		}
		rows = append(rows, []any{j.ID, j.Kind, j.Key, payload, stateQueued, 0, maxAttempts, runAt, tx.Now})
	}
	return rows
}

// Enqueue inserts jobs in tx, skipping any whose (Kind, Key) is already
// queued or was ever run, so a writer may enqueue without checking first.
// Its statements are prepared once (db.InsertRowsThen); the batch engine
// writes Rows with its own.
func Enqueue(ctx context.Context, tx *db.Tx, jobs ...Job) error {
	if err := db.InsertRowsThen(ctx, tx, "jobs", columns, Rows(tx, jobs), " ON CONFLICT (kind, dedupe_key) DO NOTHING"); err != nil {
		return fmt.Errorf("enqueue jobs: %w", err)
	}
	return nil
}

// Hurry makes the queued jobs of kind whose key starts with one of the
// prefixes due now (at tx's time), for a writer that learns the condition
// they wait for may have come: stock arriving for a reship that retries
// hourly. They run after the jobs already due. Jobs already due, running or
// finished are left alone (a running one may queue its next try after this;
// that try waits its turn). One statement for all prefixes: it reads the
// queued jobs due later once.
func Hurry(ctx context.Context, tx *db.Tx, kind string, prefixes ...string) error {
	if len(prefixes) == 0 {
		return nil
	}
	args := []any{tx.Now, kind}
	match := make([]string, len(prefixes))
	for i, p := range prefixes {
		args = append(args, utf8.RuneCountInString(p), p)
		match[i] = fmt.Sprintf("substr(dedupe_key, 1, $%d) = $%d", len(args)-1, len(args))
	}
	_, err := tx.ExecContext(ctx, `UPDATE jobs SET run_at = $1 WHERE kind = $2 AND state = 'queued' AND run_at > $1
		AND (`+strings.Join(match, " OR ")+`)`, args...)
	if err != nil {
		return fmt.Errorf("hurry %s jobs: %w", kind, err)
	}
	return nil
}
