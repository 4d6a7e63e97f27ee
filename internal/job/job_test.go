package job

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
)

func TestEnqueueIsPartOfTheTransaction(t *testing.T) {
	each(t, Config{}, func(t *testing.T, b bundle) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := b.db.Write(ctx, func(tx *db.Tx) error {
			require.NoError(t, Enqueue(ctx, tx, Job{Kind: "notify", Key: "ord_1"}))
			return boom
		})
		require.ErrorIs(t, err, boom)
		require.Equal(t, 0, pending(t, b.r), "a rolled-back enqueue leaves no job")

		enqueue(t, b.db, Job{Kind: "notify", Key: "ord_1"})
		require.Equal(t, 1, pending(t, b.r))
		got := load(t, b.db, "notify", "ord_1")
		require.Equal(t, row{State: "queued", RunAt: t0}, got, "RunAt defaults to the transaction's time")

		enqueue(t, b.db, Job{Kind: "notify", Key: "ord_1"}, Job{Kind: "notify", Key: "ord_1"})
		require.Equal(t, 1, pending(t, b.r), "the same (kind, key) is enqueued once")
		enqueue(t, b.db, Job{Kind: "timeout", Key: "ord_1"})
		require.Equal(t, 2, pending(t, b.r), "another kind with the same key is another job")
	})
}

func TestRowsInsertLikeTheBatchEngine(t *testing.T) {
	each(t, Config{}, func(t *testing.T, b bundle) {
		ctx := context.Background()
		jobs := make([]Job, 700) // more than one multi-row statement
		for i := range jobs {
			jobs[i] = Job{Kind: "notify", Key: fmt.Sprint("ord_", i), Payload: []byte(`{"n":1}`)}
		}
		require.NoError(t, b.db.Write(ctx, func(tx *db.Tx) error {
			return db.InsertRows(ctx, tx, "jobs", Columns(), Rows(tx, jobs))
		}))
		require.Equal(t, 700, pending(t, b.r))

		err := b.db.Write(ctx, func(tx *db.Tx) error {
			return db.InsertRows(ctx, tx, "jobs", Columns(), Rows(tx, jobs[:1]))
		})
		require.Equal(t, db.UniqueViolation, db.ViolationOf(err), "InsertRows refuses a duplicate; Enqueue skips it")
	})
}

// Hurry makes due now exactly the queued jobs of its kind whose key starts
// with one of the prefixes and that were due later: not another kind, not
// another key, not a job already due, running or finished.
func TestHurryMovesOnlyTheQueuedJobsOfThePrefixes(t *testing.T) {
	each(t, Config{}, func(t *testing.T, b bundle) {
		ctx := context.Background()
		later, earlier := t0.Add(time.Hour), t0.Add(-time.Minute)
		enqueue(t, b.db, Job{Kind: "reship", Key: "ord_1@A@1", RunAt: later}, Job{Kind: "reship", Key: "ord_1@B@1", RunAt: later},
			Job{Kind: "reship", Key: "ord_10@A@1", RunAt: later}, Job{Kind: "notify", Key: "ord_1@A@1", RunAt: later},
			Job{Kind: "reship", Key: "ord_1@C@1", RunAt: earlier}, Job{Kind: "reship", Key: "ord_2@A@1", RunAt: later},
			Job{Kind: "reship", Key: "ord_1@R@1", RunAt: later}, Job{Kind: "reship", Key: "ord_1@D@1", RunAt: later})
		require.NoError(t, b.db.Write(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE jobs SET state = CASE dedupe_key WHEN 'ord_1@R@1' THEN 'running' ELSE 'done' END
				WHERE kind = 'reship' AND dedupe_key IN ('ord_1@R@1', 'ord_1@D@1')`)
			return err
		}))
		require.NoError(t, b.db.Write(ctx, func(tx *db.Tx) error { return Hurry(ctx, tx, "reship", "ord_1@", "ord_2@") }))
		for key, want := range map[string]time.Time{"ord_1@A@1": t0, "ord_1@B@1": t0, "ord_2@A@1": t0, "ord_10@A@1": later,
			"ord_1@C@1": earlier, "ord_1@R@1": later, "ord_1@D@1": later} {
			require.Equal(t, want, load(t, b.db, "reship", key).RunAt, key)
		}
		require.Equal(t, later, load(t, b.db, "notify", "ord_1@A@1").RunAt, "another kind")
		require.NoError(t, b.db.Write(ctx, func(tx *db.Tx) error { return Hurry(ctx, tx, "reship") }), "no prefix, nothing to do")
	})
}
