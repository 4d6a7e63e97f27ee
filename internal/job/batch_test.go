package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// batchOf makes n notify jobs keyed k0..k(n-1), batched as a writer would.
func batchOf(t *testing.T, keys ...string) ([]Job, map[string]string) {
	t.Helper()
	var jobs []Job
	for _, k := range keys {
		jobs = append(jobs, Job{Kind: "notify", Key: k, Payload: json.RawMessage(fmt.Sprintf(`{"to":%q}`, k))})
	}
	batched, err := Batch(t0, jobs)
	require.NoError(t, err)
	require.Len(t, batched, 1)
	var p batchPayload
	require.NoError(t, json.Unmarshal(batched[0].Payload, &p))
	ids := map[string]string{}
	for _, it := range p.Items {
		ids[it.Key] = it.ID
	}
	return batched, ids
}

func sortedRuns(h *record) []Claimed {
	h.mu.Lock()
	defer h.mu.Unlock()
	runs := append([]Claimed(nil), h.runs...)
	sort.Slice(runs, func(i, j int) bool { return runs[i].Key < runs[j].Key })
	return runs
}

func TestBatchGathersJobsThatFallDueTogether(t *testing.T) {
	later := t0.Add(time.Hour)
	jobs := []Job{{Kind: "notify", Key: "a"}, {Kind: "timeout", Key: "a", RunAt: later}, {Kind: "notify", Key: "b"},
		{Kind: "timeout", Key: "b", RunAt: later}, {Kind: "review", Key: "a"}, {Kind: "notify", Key: "c", MaxAttempts: 1}}
	got, err := Batch(t0, jobs)
	require.NoError(t, err)
	require.Len(t, got, 4)
	require.Equal(t, []string{"notify[]", "timeout[]", "review", "notify"}, []string{got[0].Kind, got[1].Kind, got[2].Kind, got[3].Kind})
	require.Equal(t, "a..b", got[0].Key)
	require.Equal(t, later, got[1].RunAt, "a batch falls due when its jobs do")
	require.Equal(t, jobs[4], got[2], "a job alone in its group is left as it is")
	require.Equal(t, jobs[5], got[3], "another attempt bound is another group")
}

// Each item runs with the kind's own handler as the job Rows would have
// stored: its own ID, key and payload; the batch row is then done.
func TestBatchRunsEachItemAsItsOwnJob(t *testing.T) {
	each(t, Config{}, func(t *testing.T, b bundle) {
		h := &record{}
		b.r.Handle("notify", h.handle)
		batched, ids := batchOf(t, "k1", "k2", "k3")
		enqueue(t, b.db, batched...)
		require.Equal(t, 3, pending(t, b.r), "the backlog counts a batch's items")

		require.Equal(t, 1, runDue(t, b.r))
		runs := sortedRuns(h)
		require.Len(t, runs, 3)
		for i, c := range runs {
			k := fmt.Sprintf("k%d", i+1)
			require.Equal(t, Claimed{ID: ids[k], Kind: "notify", Key: k, Payload: json.RawMessage(fmt.Sprintf(`{"to":%q}`, k)), Attempt: 1}, c)
		}
		require.Equal(t, "done", load(t, b.db, "notify[]", "k1..k3").State)
		require.Equal(t, Stats{Claimed: 1, Succeeded: 3}, b.r.Stats())
		require.Equal(t, 0, pending(t, b.r))
		require.Equal(t, 0, runDue(t, b.r), "nothing runs twice")
	})
}

// A failed item leaves the batch as a job of its own, with the same ID, its
// first attempt counted and its backoff; an Invalid one fails for good; the
// items that succeeded do not run again.
func TestBatchSpillsItsFailedItems(t *testing.T) {
	each(t, Config{Backoff: func(attempt int) time.Duration { return time.Duration(attempt) * time.Minute }},
		func(t *testing.T, b bundle) {
			down := true
			h := &record{fail: func(j Claimed) error {
				switch {
				case j.Key == "down" && down:
					return errs.E(errs.Unavailable, "provider down (attempt %d)", j.Attempt)
				case j.Key == "bad":
					return errs.E(errs.Invalid, "no such address")
				case j.Key == "panics":
					panic("nil map")
				}
				return nil
			}}
			b.r.Handle("notify", h.handle)
			batched, ids := batchOf(t, "bad", "down", "ok", "panics")
			enqueue(t, b.db, batched...)

			require.Equal(t, 1, runDue(t, b.r))
			require.Len(t, h.runs, 4)
			require.Equal(t, "done", load(t, b.db, "notify[]", "bad..panics").State)
			require.Equal(t, row{State: "queued", Attempts: 1, LastError: "provider down (attempt 1)", RunAt: t0.Add(time.Minute)},
				load(t, b.db, "notify", "down"))
			require.Equal(t, row{State: "queued", Attempts: 1, LastError: "handler panicked: nil map", RunAt: t0.Add(time.Minute)},
				load(t, b.db, "notify", "panics"))
			require.Equal(t, row{State: "failed", Attempts: 1, LastError: "no such address", RunAt: t0, Finished: true},
				load(t, b.db, "notify", "bad"))
			require.Equal(t, Stats{Claimed: 1, Succeeded: 1, Retried: 2, Failed: 1}, b.r.Stats())

			down = false
			b.clk.Advance(time.Minute)
			require.Equal(t, 2, runDue(t, b.r), "the two retried items run alone")
			runs := append([]Claimed(nil), h.runs[4:]...)
			sort.Slice(runs, func(i, j int) bool { return runs[i].Key < runs[j].Key })
			require.Equal(t, Claimed{ID: ids["down"], Kind: "notify", Key: "down", Payload: json.RawMessage(`{"to":"down"}`), Attempt: 2}, runs[0],
				"its ID is the one it had in the batch: a provider deduplicating by it sees the same message")
			require.Equal(t, "done", load(t, b.db, "notify", "down").State)
			require.Equal(t, "queued", load(t, b.db, "notify", "panics").State, "panicked again")
			require.Equal(t, 1, pending(t, b.r))
		})
}

// A batch starts no item after half its lock: the rest leave it, due at
// once, unrun, so a long batch cannot outlive its claim.
func TestBatchLeavesWhatItCannotStartInTime(t *testing.T) {
	each(t, Config{Workers: 1, LockFor: 200 * time.Millisecond}, func(t *testing.T, b bundle) {
		h := &record{}
		b.r.Handle("notify", func(ctx context.Context, j Claimed) error {
			time.Sleep(150 * time.Millisecond) // past half the lock
			return h.handle(ctx, j)
		})
		batched, _ := batchOf(t, "k1", "k2", "k3")
		enqueue(t, b.db, batched...)

		require.Equal(t, 1, runDue(t, b.r))
		require.Len(t, h.runs, 1, "one item, then the lock was half gone")
		require.Equal(t, "k1", h.runs[0].Key)
		require.Equal(t, row{State: "queued", RunAt: t0}, load(t, b.db, "notify", "k2"))
		require.Equal(t, row{State: "queued", RunAt: t0}, load(t, b.db, "notify", "k3"))
		require.Equal(t, 2, runDue(t, b.r))
		require.Len(t, h.runs, 3)
		require.Equal(t, Stats{Claimed: 3, Succeeded: 3}, b.r.Stats())
	})
}

// A runner that dies mid-batch leaves it running; after the lock the batch
// runs again, every item; the dead runner's late report spills nothing.
func TestBatchLostClaimRunsAgain(t *testing.T) {
	each(t, Config{LockFor: time.Minute}, func(t *testing.T, b bundle) {
		ctx := context.Background()
		h := &record{}
		b.r.Handle("notify", h.handle)
		batched, _ := batchOf(t, "k1", "k2")
		enqueue(t, b.db, batched...)
		lost, err := b.r.claim(ctx, []string{"notify", "notify[]"})
		require.NoError(t, err)
		require.Len(t, lost, 1)

		b.clk.Advance(time.Minute)
		require.Equal(t, 1, runDue(t, b.r))
		require.Len(t, h.runs, 2)
		require.Equal(t, 2, h.runs[0].Attempt)

		late := []outcome{{spill: []spilled{{item: batchItem{ID: "job_late", Key: "k1", Payload: json.RawMessage("{}")}, err: errors.New("late"), attempt: 1}}}}
		require.NoError(t, b.r.finish(ctx, lost, late))
		var n int
		require.NoError(t, b.db.Read(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs`).Scan(&n)
		}))
		require.Equal(t, 1, n, "the fenced-off report wrote no job")
		require.Equal(t, "done", load(t, b.db, "notify[]", "k1..k2").State)
	})
}

// A runner claims the batches of the kinds it handles and no others.
func TestBatchOfAnUnhandledKindIsLeftQueued(t *testing.T) {
	each(t, Config{}, func(t *testing.T, b bundle) {
		b.r.Handle("other", (&record{}).handle)
		batched, _ := batchOf(t, "k1", "k2")
		enqueue(t, b.db, batched...)
		require.Equal(t, 0, runDue(t, b.r))
		require.Equal(t, "queued", load(t, b.db, "notify[]", "k1..k2").State)
	})
}
