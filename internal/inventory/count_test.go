package inventory

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

// The people of the count tests: two counters and a supervisor.
var (
	counterAnn = actor.Actor{ID: "per_ann", Name: "Ann", Role: actor.Warehouse}
	counterBob = actor.Actor{ID: "per_bob", Name: "Bob", Role: actor.Warehouse}
	supervisor = actor.Actor{ID: "per_chief", Name: "Chief", Role: actor.Admin}
)

func as(a actor.Actor) context.Context { return actor.With(context.Background(), a) }

// openCount opens a manual count of one BER bin and returns its id.
func (f *fixture) openCount(bin string) string {
	f.t.Helper()
	ts, err := f.s.OpenCounts(as(supervisor), CountRequest{Warehouse: "BER", Bins: []string{bin}})
	require.NoError(f.t, err)
	require.Len(f.t, ts, 1)
	return ts[0].ID
}

// promise reserves and allocates n units of sku in a BER bin, as a wave
// does for a pick line.
func (f *fixture) promise(bin, sku string, n int64) BinUnits {
	f.t.Helper()
	require.NoError(f.t, f.reserve("BER", sku, n))
	u := BinUnits{WarehouseID: f.warehouseID("BER"), BinID: f.binID("BER", bin), ProductID: "prd_" + sku, Quantity: n}
	require.NoError(f.t, f.d.Write(f.ctx, func(tx *db.Tx) error {
		_, err := Allocate(f.ctx, tx, "pkl_1", []BinUnits{u})
		return err
	}))
	return u
}

func (f *fixture) binID(wh, code string) string {
	var id string
	require.NoError(f.t, f.d.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT b.id FROM bins b JOIN warehouses w ON w.id = b.warehouse_id
			WHERE w.code = $1 AND b.code = $2`, wh, code).Scan(&id)
	}))
	return id
}

func (f *fixture) reconciled() {
	f.t.Helper()
	r, err := f.s.Reconcile(f.ctx)
	require.NoError(f.t, err)
	require.True(f.t, r.OK, "%+v", r.Differences)
}

func variance(t CountTask, sku string) Variance {
	for _, v := range t.Variances {
		if v.SKU == sku {
			return v
		}
	}
	return Variance{}
}

// A count from open to approved: blind to the counter, found stock and a
// missing product booked as one movement of kind count, reconcile clean.
func TestCountClaimSubmitApprove(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 40)
		f.receive("BER", "A-01-01-1", "SKU-2", 3)
		id := f.openCount("A-01-01-1")

		_, err := f.s.SubmitCount(as(counterAnn), id, CountSubmission{})
		require.ErrorContains(t, err, "not claimed; claim it first")
		task, err := f.s.ClaimCount(as(counterAnn), id)
		require.NoError(t, err)
		require.Equal(t, CountClaimed, task.Status)
		require.Empty(t, task.Variances, "blind")
		again, err := f.s.ClaimCount(as(counterAnn), id)
		require.NoError(t, err, "claiming one's own task again returns it")
		require.Equal(t, task.StartedAt, again.StartedAt)
		_, err = f.s.ClaimCount(as(counterBob), id)
		require.ErrorContains(t, err, "claimed by per_ann")
		_, err = f.s.SubmitCount(as(counterBob), id, CountSubmission{})
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)

		// Within the threshold: SKU-1 39 of 40 (in two lines, by any
		// case), SKU-2 2 of 3, SKU-3 found where none was expected.
		counted, err := f.s.SubmitCount(as(counterAnn), id, CountSubmission{Lines: []CountLine{
			{Item: "sku-1", Quantity: 30}, {Item: "SKU-1", Quantity: 9}, {Item: "SKU-2", Quantity: 2}, {Item: "SKU-3", Quantity: 1}}})
		require.NoError(t, err)
		require.Equal(t, CountCounted, counted.Status)
		require.Empty(t, counted.Variances, "the counter sees no expected numbers")
		require.Empty(t, counted.RecountID)
		_, err = f.s.SubmitCount(as(counterAnn), id, CountSubmission{})
		require.ErrorContains(t, err, "is counted")

		seen, err := f.s.Count(as(counterBob), id)
		require.NoError(t, err)
		require.Empty(t, seen.Variances, "nor does any other counter")
		seen, err = f.s.Count(as(supervisor), id)
		require.NoError(t, err)
		require.Equal(t, Variance{ProductID: "prd_SKU-1", SKU: "SKU-1", Snapshot: 40, Expected: 40, Counted: 39, Variance: -1},
			variance(seen, "SKU-1"))
		require.Equal(t, int64(1), variance(seen, "SKU-3").Variance)

		approved, err := f.s.ApproveCount(as(supervisor), id)
		require.NoError(t, err)
		require.Equal(t, CountApproved, approved.Status)
		require.NotEmpty(t, approved.Movement)
		require.Equal(t, "per_chief", approved.DecidedBy)
		require.Equal(t, []int64{39, 2, 1}, []int64{f.bin("BER", "A-01-01-1", "SKU-1"), f.bin("BER", "A-01-01-1", "SKU-2"),
			f.bin("BER", "A-01-01-1", "SKU-3")})
		require.Equal(t, int64(3), f.query(`SELECT count(*) FROM stock_entries WHERE kind = 'count' AND reason = 'cycle_count'
			AND reference = $1 AND movement_id = $2`, id, approved.Movement))
		_, err = f.s.ApproveCount(as(supervisor), id)
		require.ErrorContains(t, err, "is approved")
		_, err = f.s.CancelCount(as(supervisor), id)
		require.ErrorContains(t, err, "approved already")
		f.reconciled()
	})
}

// Units picked from the bin after the count started are neither missing
// nor extra: expected follows the bin's movements since the start.
func TestCountAccountsForPicksDuringTheCount(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 10)
		u := f.promise("A-01-01-1", "SKU-1", 4)
		id := f.openCount("A-01-01-1")
		_, err := f.s.ClaimCount(as(counterAnn), id)
		require.NoError(t, err)
		u.Quantity = 3
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			_, err := Pick(f.ctx, tx, "pkl_1", "T-1", u)
			return err
		}))
		_, err = f.s.SubmitCount(as(counterAnn), id, CountSubmission{Lines: []CountLine{{Item: "SKU-1", Quantity: 7}}})
		require.NoError(t, err)
		seen, err := f.s.Count(as(supervisor), id)
		require.NoError(t, err)
		require.Equal(t, Variance{ProductID: "prd_SKU-1", SKU: "SKU-1", Snapshot: 10, Moved: -3, Expected: 7, Counted: 7},
			variance(seen, "SKU-1"))
		done, err := f.s.ApproveCount(as(supervisor), id)
		require.NoError(t, err)
		require.Empty(t, done.Movement, "nothing differed, nothing booked")
		require.Equal(t, int64(7), f.bin("BER", "A-01-01-1", "SKU-1"))
		f.reconciled()
	})
}

// A first count far off opens a recount the first counter cannot claim;
// the first waits for it; approving the recount books its numbers once
// and settles the first.
func TestCountFarOffOpensARecount(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-2", "SKU-1", 100)
		id := f.openCount("A-01-01-2")
		_, err := f.s.ClaimCount(as(counterAnn), id)
		require.NoError(t, err)
		first, err := f.s.SubmitCount(as(counterAnn), id, CountSubmission{Lines: []CountLine{{Item: "SKU-1", Quantity: 94}}})
		require.NoError(t, err)
		require.Equal(t, CountCounted, first.Status)
		require.NotEmpty(t, first.RecountID, "6 of 100 is beyond 5 %")

		recount, err := f.s.Count(as(counterBob), first.RecountID)
		require.NoError(t, err)
		require.True(t, recount.Recount)
		require.Equal(t, CountRecount, recount.Reason)
		require.Equal(t, id, recount.RecountOf)
		_, err = f.s.ClaimCount(as(counterAnn), first.RecountID)
		require.ErrorContains(t, err, "you counted bin A-01-01-2 first")
		_, err = f.s.ApproveCount(as(supervisor), id)
		require.ErrorContains(t, err, "approve or cancel the recount")

		_, err = f.s.ClaimCount(as(counterBob), first.RecountID)
		require.NoError(t, err)
		second, err := f.s.SubmitCount(as(counterBob), first.RecountID, CountSubmission{Lines: []CountLine{{Item: "SKU-1", Quantity: 90}}})
		require.NoError(t, err)
		require.Empty(t, second.RecountID, "a recount never opens another")
		_, err = f.s.ApproveCount(as(supervisor), first.RecountID)
		require.NoError(t, err)
		require.Equal(t, int64(90), f.bin("BER", "A-01-01-2", "SKU-1"))
		settled, err := f.s.Count(as(supervisor), id)
		require.NoError(t, err)
		require.Equal(t, CountApproved, settled.Status)
		require.Equal(t, int64(1), f.query(`SELECT count(DISTINCT movement_id) FROM stock_entries WHERE kind = 'count'`))
		f.reconciled()
	})
}

// A count may not take a bin below what it promised to pick lines; the
// refusal says how many and what to do, and books nothing.
func TestCountApprovalKeepsPromisesToPickLines(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-02-1", "SKU-1", 10)
		id := f.openCount("A-01-02-1")
		_, err := f.s.ClaimCount(as(counterAnn), id)
		require.NoError(t, err)
		// Promised while the count waits for approval (the bin takes part
		// in allocation again once counted).
		_, err = f.s.SubmitCount(as(counterAnn), id, CountSubmission{Lines: []CountLine{{Item: "SKU-1", Quantity: 9}}})
		require.NoError(t, err)
		f.promise("A-01-02-1", "SKU-1", 10)
		before := f.counts()
		_, err = f.s.ApproveCount(as(supervisor), id)
		f.refused(before, err, errs.Conflict, "bin A-01-02-1 holds 10 of SKU SKU-1 and 10 of them are promised to pick lines; "+
			"the count would leave 9: report the missing units short at their pick stops first, then approve")
		still, err := f.s.Count(as(supervisor), id)
		require.NoError(t, err)
		require.Equal(t, CountCounted, still.Status)
		cancelled, err := f.s.CancelCount(as(supervisor), id)
		require.NoError(t, err)
		require.Equal(t, CountCancelled, cancelled.Status)
		after := f.counts()
		require.Equal(t, before["audit_log"]+1, after["audit_log"])
		after["audit_log"] = before["audit_log"]
		require.Equal(t, before, after, "a cancel books nothing")
	})
}

// Bad submissions are refused at their paths and record nothing.
func TestCountSubmissionRefusals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 5)
		id := f.openCount("A-01-01-1")
		_, err := f.s.ClaimCount(as(counterAnn), id)
		require.NoError(t, err)
		_, err = f.s.SubmitCount(as(counterAnn), id, CountSubmission{Lines: []CountLine{{Item: "SKU-1", Quantity: -1},
			{Item: "NOPE", Quantity: 1}, {Item: "4006381333931", Quantity: 1}, {Item: " ", Quantity: 1}}})
		require.Equal(t, []string{"lines[0].quantity", "lines[3].item"}, paths(err), "shape first")
		_, err = f.s.SubmitCount(as(counterAnn), id, CountSubmission{Lines: []CountLine{{Item: "SKU-1", Quantity: 1},
			{Item: "NOPE", Quantity: 1}, {Item: "4006381333931", Quantity: 1}}})
		require.Equal(t, []string{"lines[1].item", "lines[2].item"}, paths(err))
		require.ErrorContains(t, err, "NOPE is not in the catalogue")
		_, err = f.s.SubmitCount(as(counterAnn), id, CountSubmission{Lines: make([]CountLine, MaxCountLines+1)})
		require.Equal(t, []string{"lines"}, paths(err))
		task, err := f.s.Count(as(counterAnn), id)
		require.NoError(t, err)
		require.Equal(t, CountClaimed, task.Status, "nothing recorded")
	})
}

func paths(err error) []string {
	var out []string
	for _, f := range errs.FieldsOf(err) {
		out = append(out, f.Path)
	}
	return out
}

// Two counts of one bin that overlapped found the same difference: once
// one is approved, the other would book it again and is refused.
func TestOverlappingCountsBookTheDifferenceOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 10)
		count := func(who actor.Actor) string {
			id := f.openCount("A-01-01-1")
			_, err := f.s.ClaimCount(as(who), id)
			require.NoError(t, err)
			_, err = f.s.SubmitCount(as(who), id, CountSubmission{Lines: []CountLine{{Item: "SKU-1", Quantity: 8}}})
			require.NoError(t, err)
			return id
		}
		first := count(counterAnn)
		second := count(counterBob) // opened while the first waits for approval
		require.NotEqual(t, first, second)
		_, err := f.s.ApproveCount(as(supervisor), second)
		require.NoError(t, err)
		before := f.counts()
		_, err = f.s.ApproveCount(as(supervisor), first)
		f.refused(before, err, errs.Conflict, "")
		require.ErrorContains(t, err, "bin A-01-01-1 was counted again and approved ("+second+")")
		require.Equal(t, int64(8), f.bin("BER", "A-01-01-1", "SKU-1"))
		f.reconciled()
	})
}

// A claimed count is given back by its holder (or an admin), open for the
// next counter, whose claim takes a snapshot of its own; another counter
// cannot give it back, and an open count has nothing to give back.
func TestCountIsGivenBack(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.receive("BER", "A-01-01-1", "SKU-1", 10)
		id := f.openCount("A-01-01-1")
		_, err := f.s.UnclaimCount(as(counterAnn), id)
		require.True(t, errs.Is(err, errs.Conflict), "nothing to give back: %v", err)
		_, err = f.s.ClaimCount(as(counterAnn), id)
		require.NoError(t, err)
		_, err = f.s.UnclaimCount(as(counterBob), id)
		require.True(t, errs.Is(err, errs.Forbidden), "not Bob's: %v", err)
		back, err := f.s.UnclaimCount(as(counterAnn), id)
		require.NoError(t, err)
		require.Equal(t, CountOpen, back.Status)
		require.Empty(t, back.ClaimedBy)

		f.receive("BER", "A-01-01-1", "SKU-1", 5) // arrives while nobody counts
		bob, err := f.s.ClaimCount(as(counterBob), id)
		require.NoError(t, err)
		require.Equal(t, CountClaimed, bob.Status)
		_, err = f.s.UnclaimCount(as(supervisor), id)
		require.NoError(t, err, "an admin gives back a count for someone who left")
		_, err = f.s.ClaimCount(as(counterBob), id)
		require.NoError(t, err)
		counted, err := f.s.SubmitCount(as(counterBob), id, CountSubmission{Lines: []CountLine{{Item: "SKU-1", Quantity: 15}}})
		require.NoError(t, err)
		require.Equal(t, CountCounted, counted.Status, "15 found, 15 expected: no recount")
		approved, err := f.s.ApproveCount(as(supervisor), id)
		require.NoError(t, err)
		require.Zero(t, variance(approved, "SKU-1").Variance)
		f.reconciled()
	})
}
