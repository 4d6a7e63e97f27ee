package inventory

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

// Two people claiming, two devices submitting and two admins approving one
// task at once: each step happens once, the others are told why, and the
// ledger books the count once.
func TestCountConcurrentStepsHappenOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		other := actor.Actor{ID: "per_deputy", Name: "Deputy", Role: actor.Admin}
		f.receive("BER", "A-01-01-1", "SKU-1", 50)
		for round := range 4 {
			id := f.openCount("A-01-01-1")
			race := func(fns ...func() error) (won int) {
				var wg sync.WaitGroup
				results := make([]error, len(fns))
				for i, fn := range fns {
					wg.Go(func() { results[i] = fn() })
				}
				wg.Wait()
				for _, err := range results {
					if err == nil {
						won++
						continue
					}
					require.True(t, errs.Is(err, errs.Conflict), "round %d: %v", round, err)
				}
				return won
			}
			claim := func(a actor.Actor) func() error {
				return func() error { _, err := f.s.ClaimCount(as(a), id); return err }
			}
			require.Equal(t, 1, race(claim(counterAnn), claim(counterBob)), "one claim wins")
			task, err := f.s.Count(as(supervisor), id)
			require.NoError(t, err)
			holder := counterAnn
			if task.ClaimedBy == counterBob.ID {
				holder = counterBob
			}
			submit := func(n int64) func() error {
				return func() error {
					_, err := f.s.SubmitCount(as(holder), id, CountSubmission{Lines: []CountLine{{Item: "SKU-1", Quantity: n}}})
					return err
				}
			}
			require.Equal(t, 1, race(submit(49), submit(48)), "one submit wins")
			approve := func(a actor.Actor) func() error {
				return func() error { _, err := f.s.ApproveCount(as(a), id); return err }
			}
			cancel := func() error { _, err := f.s.CancelCount(as(other), id); return err }
			require.Equal(t, 1, race(approve(supervisor), approve(other), cancel), "one decision wins")
			require.LessOrEqual(t, f.query(`SELECT count(*) FROM stock_entries WHERE kind = 'count' AND reference = $1`, id), int64(1))
		}
		require.Equal(t, 50+f.query(`SELECT coalesce(sum(on_hand_delta), 0) FROM stock_entries WHERE kind = 'count'`),
			f.bin("BER", "A-01-01-1", "SKU-1"))
		f.reconciled()
	})
}
