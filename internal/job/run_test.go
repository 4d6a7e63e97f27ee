package job

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

// record is a handler that notes the jobs it ran and answers from fail.
type record struct {
	mu   sync.Mutex
	runs []Claimed
	fail func(Claimed) error
}

func (h *record) handle(_ context.Context, j Claimed) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.runs = append(h.runs, j)
	if h.fail != nil {
		return h.fail(j)
	}
	return nil
}

func TestRunDueRunsOnlyDueJobs(t *testing.T) {
	each(t, Config{}, func(t *testing.T, b bundle) {
		h := &record{}
		b.r.Handle("notify", h.handle)
		enqueue(t, b.db, Job{Kind: "notify", Key: "now", Payload: []byte(`{"to":"a@example.com"}`)},
			Job{Kind: "notify", Key: "later", RunAt: t0.Add(time.Hour)},
			Job{Kind: "unhandled", Key: "now"})

		require.Equal(t, 1, runDue(t, b.r))
		require.Len(t, h.runs, 1)
		require.Equal(t, "now", h.runs[0].Key)
		require.Equal(t, 1, h.runs[0].Attempt)
		require.JSONEq(t, `{"to":"a@example.com"}`, string(h.runs[0].Payload))
		got := load(t, b.db, "notify", "now")
		require.Equal(t, "done", got.State)
		require.True(t, got.Finished, "a done job stays as history")
		require.Equal(t, 0, runDue(t, b.r), "the later job is not due, the unhandled kind is not claimed")

		b.clk.Advance(time.Hour)
		require.Equal(t, 1, runDue(t, b.r))
		require.Equal(t, "later", h.runs[1].Key)
		require.Equal(t, 1, pending(t, b.r), "only the unhandled job is left")
		require.Equal(t, Stats{Claimed: 2, Succeeded: 2}, b.r.Stats())
	})
}

func TestFailedHandlers(t *testing.T) {
	each(t, Config{Backoff: func(attempt int) time.Duration { return time.Duration(attempt) * time.Minute }},
		func(t *testing.T, b bundle) {
			h := &record{fail: func(j Claimed) error {
				switch j.Key {
				case "down":
					return errs.E(errs.Unavailable, "provider down (attempt %d)", j.Attempt)
				case "bad":
					return errs.E(errs.Invalid, "no such address")
				case "panics":
					panic("nil map")
				}
				return errors.New("timeout")
			}}
			b.r.Handle("notify", h.handle)
			enqueue(t, b.db, Job{Kind: "notify", Key: "down", MaxAttempts: 3}, Job{Kind: "notify", Key: "bad"},
				Job{Kind: "notify", Key: "plain", MaxAttempts: 1}, Job{Kind: "notify", Key: "panics", MaxAttempts: 1})

			require.Equal(t, 4, runDue(t, b.r))
			require.Equal(t, row{State: "queued", Attempts: 1, LastError: "provider down (attempt 1)", RunAt: t0.Add(time.Minute)},
				load(t, b.db, "notify", "down"), "retried after Backoff(1)")
			require.Equal(t, row{State: "failed", Attempts: 1, LastError: "no such address", RunAt: t0, Finished: true},
				load(t, b.db, "notify", "bad"), "Invalid fails at once")
			require.Equal(t, row{State: "failed", Attempts: 1, LastError: "timeout", RunAt: t0, Finished: true},
				load(t, b.db, "notify", "plain"), "one attempt allowed")
			require.Equal(t, "handler panicked: nil map", load(t, b.db, "notify", "panics").LastError)

			require.Equal(t, 0, runDue(t, b.r), "backing off")
			b.clk.Advance(time.Minute)
			require.Equal(t, 1, runDue(t, b.r))
			require.Equal(t, t0.Add(3*time.Minute), load(t, b.db, "notify", "down").RunAt, "now + Backoff(2)")
			b.clk.Advance(2 * time.Minute)
			require.Equal(t, 1, runDue(t, b.r))
			require.Equal(t, row{State: "failed", Attempts: 3, LastError: "provider down (attempt 3)", RunAt: t0.Add(3 * time.Minute), Finished: true},
				load(t, b.db, "notify", "down"), "failed after MaxAttempts")
			require.Equal(t, Stats{Claimed: 6, Retried: 2, Failed: 4}, b.r.Stats())
			require.Equal(t, 0, pending(t, b.r))
		})
}

func TestExpiredLockIsClaimedAgain(t *testing.T) {
	each(t, Config{LockFor: time.Minute}, func(t *testing.T, b bundle) {
		ctx := context.Background()
		h := &record{}
		b.r.Handle("notify", h.handle)
		enqueue(t, b.db, Job{Kind: "notify", Key: "ord_1", MaxAttempts: 2}, Job{Kind: "notify", Key: "ord_2", MaxAttempts: 1})
		lost, err := b.r.claim(ctx, []string{"notify"}) // a runner that crashes before finishing
		require.NoError(t, err)
		require.Len(t, lost, 2)
		ids, late := map[string]string{}, make([]outcome, len(lost)) // RETURNING has no order
		for i, c := range lost {
			ids[c.Key] = c.ID
			if c.Key == "ord_1" {
				late[i].err = errors.New("late")
			}
		}

		require.Equal(t, 0, runDue(t, b.r), "locked")
		b.clk.Advance(time.Minute)
		require.Equal(t, 2, runDue(t, b.r), "the lock expired")
		require.Len(t, h.runs, 1)
		require.Equal(t, Claimed{ID: ids["ord_1"], Kind: "notify", Key: "ord_1", Payload: []byte("{}"), Attempt: 2}, h.runs[0])
		require.Equal(t, "done", load(t, b.db, "notify", "ord_1").State)
		require.Equal(t, row{State: "failed", Attempts: 2, LastError: "lock expired on attempt 1 of 1", RunAt: t0, Finished: true},
			load(t, b.db, "notify", "ord_2"), "a lost final attempt fails the job without running it")

		// The crashed runner comes back and reports: the attempt fence ignores it.
		require.NoError(t, b.r.finish(ctx, lost, late))
		require.Equal(t, "done", load(t, b.db, "notify", "ord_1").State)
		require.Equal(t, "failed", load(t, b.db, "notify", "ord_2").State)
	})
}

func TestExponentialBackoff(t *testing.T) {
	b := Exponential(time.Second, time.Hour, nil)
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 5: 16 * time.Second, 12: 2048 * time.Second, 13: time.Hour, 60: time.Hour} {
		for range 20 {
			got := b(attempt)
			require.True(t, got >= want/2 && got <= want, "attempt %d: %v not in [%v, %v]", attempt, got, want/2, want)
		}
	}
}

// Finished jobs are history for Retention (failed ones four times longer),
// then purged; queued and running jobs are never purged, whatever their age.
func TestPurgeKeepsHistoryForRetention(t *testing.T) {
	each(t, Config{Retention: 24 * time.Hour}, func(t *testing.T, b bundle) {
		h := &record{fail: func(j Claimed) error {
			if j.Key == "bad" {
				return errs.E(errs.Invalid, "no such address")
			}
			return nil
		}}
		b.r.Handle("notify", h.handle)
		enqueue(t, b.db, Job{Kind: "notify", Key: "ok"}, Job{Kind: "notify", Key: "bad"},
			Job{Kind: "notify", Key: "later", RunAt: t0.Add(10 * 24 * time.Hour)}, Job{Kind: "unhandled", Key: "old"})
		require.Equal(t, 2, runDue(t, b.r))

		b.clk.Advance(24 * time.Hour)
		n, err := b.r.Purge(context.Background())
		require.NoError(t, err)
		require.Zero(t, n, "exactly Retention old: still kept")

		b.clk.Advance(time.Second)
		n, err = b.r.Purge(context.Background())
		require.NoError(t, err)
		require.EqualValues(t, 1, n, "the done job goes")
		require.Equal(t, "failed", load(t, b.db, "notify", "bad").State, "a failed job stays longer")

		b.clk.Advance(3 * 24 * time.Hour)
		n, err = b.r.Purge(context.Background())
		require.NoError(t, err)
		require.EqualValues(t, 1, n, "the failed job goes after four times Retention")
		require.Equal(t, 2, pending(t, b.r), "queued jobs are never purged")
	})
}
