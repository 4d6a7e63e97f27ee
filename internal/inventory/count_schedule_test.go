package inventory

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// countAsExpected counts a task's bin exactly as the ledger has it and
// approves it.
func (f *fixture) countAsExpected(id, bin string, skus ...string) {
	f.t.Helper()
	_, err := f.s.ClaimCount(as(counterAnn), id)
	require.NoError(f.t, err)
	var lines []CountLine
	for _, sku := range skus {
		lines = append(lines, CountLine{Item: sku, Quantity: f.bin("BER", bin, sku)})
	}
	_, err = f.s.SubmitCount(as(counterAnn), id, CountSubmission{Lines: lines})
	require.NoError(f.t, err)
	_, err = f.s.ApproveCount(as(supervisor), id)
	require.NoError(f.t, err)
}

func scheduledBins(s Schedule) []string {
	var out []string
	for _, o := range s.Opened {
		out = append(out, o.Task.Bin+" "+o.Class)
	}
	return out
}

// The schedule classifies products by units moved out in the last 30
// days and opens the most overdue bins: never counted first (A, B, C),
// then A every 7 days, B every 30, C every 90.
func TestScheduleCountsByABCClass(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := setup(t, d)
		bins := map[string]string{"SKU-1": "A-01-01-1", "SKU-2": "A-01-01-2", "SKU-3": "A-01-02-1"}
		for sku, bin := range bins {
			f.receive("BER", bin, sku, 500)
		}
		moveOut := func() { // 80, 15 and 5 units: A, B and C
			for sku, n := range map[string]int64{"SKU-1": 80, "SKU-2": 15, "SKU-3": 5} {
				_, err := f.s.Transfer(f.ctx, Transfer{SKU: sku, Quantity: n, From: Place{"BER", bins[sku]}, To: Place{"MUC", "A-01-01-1"}})
				require.NoError(t, err)
			}
		}
		moveOut()
		schedule := func(n int) Schedule {
			t.Helper()
			s, err := f.s.ScheduleCounts(as(counterAnn), ScheduleRequest{Warehouse: "ber", Count: n})
			require.NoError(t, err)
			for _, o := range s.Opened {
				require.Equal(t, CountSchedule, o.Task.Reason)
			}
			return s
		}
		approveAll := func(s Schedule) {
			for _, o := range s.Opened {
				for sku, bin := range bins {
					if bin == o.Task.Bin {
						f.countAsExpected(o.Task.ID, bin, sku)
					}
				}
			}
		}

		first := schedule(2)
		require.Equal(t, map[string]int{"A": 1, "B": 1, "C": 1}, first.Products)
		require.Equal(t, 3, first.Due)
		require.Equal(t, []string{"A-01-01-1 A", "A-01-01-2 B"}, scheduledBins(first), "never counted: A before B")
		require.Nil(t, first.Opened[0].LastCounted)
		require.Equal(t, []string{"A-01-02-1 C"}, scheduledBins(schedule(5)), "bins being counted are left alone")
		approveAll(first)
		require.Empty(t, schedule(5).Opened, "C is being counted; A and B were just counted")
		cs, err := f.s.Counts(as(supervisor), CountFilter{Warehouse: "BER", Status: CountOpen})
		require.NoError(t, err)
		require.Len(t, cs, 1)
		f.countAsExpected(cs[0].ID, "A-01-02-1", "SKU-3")

		clk.Advance(8 * 24 * time.Hour)
		moveOut()
		week := schedule(5)
		require.Equal(t, []string{"A-01-01-1 A"}, scheduledBins(week), "A is due after 7 days")
		require.Equal(t, start, *week.Opened[0].LastCounted)
		approveAll(week)

		clk.Advance(23 * 24 * time.Hour) // day 31: B counted on day 0 is due; A counted on day 8 more so
		month := schedule(5)
		require.Equal(t, []string{"A-01-01-1 A", "A-01-01-2 B"}, scheduledBins(month), "most overdue first")
		require.Equal(t, start.Add(15*24*time.Hour), *month.Opened[0].DueSince)
		f.reconciled()

		approveAll(month)
		clk.Advance(60 * 24 * time.Hour) // day 91, nothing moved for 60 days: every product is C
		late := schedule(5)
		require.Equal(t, []string{"A-01-02-1 C"}, scheduledBins(late), "C is due 90 days after its count on day 0")
		approveAll(late)
		clk.Advance(29 * 24 * time.Hour) // day 120: A and B (C now) counted on day 31 are due on day 121
		require.Empty(t, schedule(5).Opened)
		clk.Advance(24 * time.Hour)
		require.Equal(t, []string{"A-01-01-1 C", "A-01-01-2 C"}, scheduledBins(schedule(5)))
	})
}
