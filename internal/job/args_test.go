package job

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
)

// greeting is a job kind as a Go type, for the tests.
type greeting struct {
	To    string   `json:"to"`
	Lines []string `json:"lines"`
}

func (greeting) Kind() string { return "test.greeting" }

// A typed job goes in with For or EnqueueArgs and comes out decoded in its
// handler; a payload that does not decode fails for good at once, however
// many attempts it was allowed.
func TestTypedArgs(t *testing.T) {
	each(t, Config{}, func(t *testing.T, b bundle) {
		ctx := context.Background()
		var got []greeting
		HandleArgs(b.r, func(_ context.Context, c Claimed, a greeting) error {
			require.Equal(t, "greeting", c.Key[:8])
			got = append(got, a)
			return nil
		})
		want := greeting{To: "ada@example.com", Lines: []string{"hello", "again"}}
		require.NoError(t, b.db.Write(ctx, func(tx *db.Tx) error {
			return EnqueueArgs(ctx, tx, want, "greeting-1", time.Time{})
		}))
		later, err := For(greeting{To: "later@example.com"}, "greeting-2")
		require.NoError(t, err)
		later.RunAt = t0.Add(time.Hour)
		enqueue(t, b.db, later, Job{Kind: "test.greeting", Key: "greeting-3", Payload: []byte(`{"to": 42}`)})

		require.Equal(t, 2, runDue(t, b.r))
		require.Equal(t, []greeting{want}, got)
		require.Equal(t, "failed", load(t, b.db, "test.greeting", "greeting-3").State, "an undecodable payload is not retried")
		require.Contains(t, load(t, b.db, "test.greeting", "greeting-3").LastError, "does not decode")

		b.clk.Advance(time.Hour)
		require.Equal(t, 1, runDue(t, b.r))
		require.Equal(t, "later@example.com", got[1].To, "RunAt set on For's job delays it")
	})
}
