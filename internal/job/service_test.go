package job

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// TestTwoRunnersRunEveryJobOnce has two Runners on two handles to one
// database (two instances) share 500 jobs: none is lost, none runs twice.
func TestTwoRunnersRunEveryJobOnce(t *testing.T) {
	urls := map[string]func(testing.TB) string{"sqlite": dbtest.SQLiteURL}
	if os.Getenv(dbtest.PostgresEnv) != "" {
		urls["postgres"] = dbtest.PostgresURL
	}
	for name, url := range urls {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			clk := clock.NewFixed(t0)
			u := url(t)
			handles := make([]*db.DB, 2)
			for i := range handles {
				d, err := db.Open(ctx, u, db.Options{Clock: clk})
				require.NoError(t, err)
				t.Cleanup(func() { d.Close() })
				handles[i] = d
			}
			_, err := handles[0].Migrate(ctx)
			require.NoError(t, err)
			jobs := make([]Job, 500)
			for i := range jobs {
				jobs[i] = Job{Kind: "notify", Key: fmt.Sprint("ord_", i)}
			}
			enqueue(t, handles[0], jobs...)

			var mu sync.Mutex
			runs := map[string]int{}
			perRunner := [2]int{}
			runners := make([]*Runner, 2)
			for i, d := range handles {
				runners[i] = New(d, clk, nil, Config{PollInterval: 5 * time.Millisecond, Batch: 16})
				runners[i].Handle("notify", func(_ context.Context, j Claimed) error {
					mu.Lock()
					defer mu.Unlock()
					runs[j.Key]++
					perRunner[i]++
					return nil
				})
				require.NoError(t, runners[i].Start(ctx))
			}
			require.Eventually(t, func() bool { return pending(t, runners[0]) == 0 }, 60*time.Second, 10*time.Millisecond)
			for _, r := range runners {
				r.Stop()
			}
			mu.Lock()
			defer mu.Unlock()
			require.Len(t, runs, 500)
			for key, n := range runs {
				require.Equal(t, 1, n, key)
			}
			t.Logf("jobs run per runner: %v", perRunner)
			s0, s1 := runners[0].Stats(), runners[1].Stats()
			require.EqualValues(t, 500, s0.Succeeded+s1.Succeeded)
		})
	}
}

func TestStopIsPromptAndLeavesNoGoroutine(t *testing.T) {
	each(t, Config{PollInterval: time.Hour}, func(t *testing.T, b bundle) {
		ctx := context.Background()
		release := make(chan struct{})
		b.r.Handle("slow", func(ctx context.Context, _ Claimed) error {
			close(release)
			<-ctx.Done() // a handler that only ends when cancelled
			return ctx.Err()
		})
		enqueue(t, b.db, Job{Kind: "slow", Key: "1"})
		require.Empty(t, runnerGoroutines())
		require.NoError(t, b.r.Start(ctx))
		require.Error(t, b.r.Start(ctx), "already started")
		<-release
		stopped := make(chan struct{})
		go func() { b.r.Stop(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
			t.Fatal("Stop did not return")
		}
		require.Eventually(t, func() bool { return len(runnerGoroutines()) == 0 }, 2*time.Second, 5*time.Millisecond,
			"Stop waits for the loop and its handlers; left: %v", runnerGoroutines)
		got := load(t, b.db, "slow", "1")
		require.Equal(t, "queued", got.State, "a cancelled handler's job is retried")
		require.Contains(t, got.LastError, "context canceled")
		b.r.Stop() // a second Stop does nothing
	})
}

// runnerGoroutines returns the stacks of goroutines running Runner code.
// (The database pools' own goroutines come and go with their connections,
// so a plain count of goroutines would not tell.)
func runnerGoroutines() []string {
	buf := make([]byte, 1<<20)
	var left []string
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "internal/job.(*Runner)") {
			left = append(left, g)
		}
	}
	return left
}
