package job

import (
	"context"
	"errors"
	"fmt"
	"testing"

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
