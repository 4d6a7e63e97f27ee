package pick_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pick"
)

// TestTwoPickersNeverHoldOneTask races two claims of one task many times:
// exactly one wins each time, and the other is told who holds it.
func TestTwoPickersNeverHoldOneTask(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFloor(t, d)
		for i := range 6 {
			f.ReleasedOrder(t, fmt.Sprintf("C%d", i), flowtest.Line(f.skus[i%len(f.skus)], 1))
		}
		w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		for _, task := range w.Tasks {
			var wg sync.WaitGroup
			errsOf := make([]error, 2)
			for i, who := range []actor.Actor{ann, bob} {
				wg.Go(func() { _, errsOf[i] = f.Floor.Claim(as(who), task.ID) })
			}
			wg.Wait()
			wins := 0
			for _, err := range errsOf {
				if err == nil {
					wins++
				} else {
					require.True(t, errs.Is(err, errs.Conflict), "%v", err)
					require.ErrorContains(t, err, "claimed by")
				}
			}
			require.Equal(t, 1, wins, "task %s", task.ID)
		}
	})
}

// TestConcurrentPickersCancelsAndReplaysKeepTheLedgerWhole is the floor's
// invariant test: seeded random orders released in waves, pickers working
// through them at once (with wrong scans and repeated scans mixed in),
// orders cancelled mid-pick and their units put away, on both databases.
// After it: reconcile is clean, no line is picked beyond its quantity, no
// allocation beyond what it reserved, every bin's promises equal its open
// lines, the warehouse's picked stock equals what totes hold, and every
// ordered unit is picked, cancelled or still to pick.
func TestConcurrentPickersCancelsAndReplaysKeepTheLedgerWhole(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFloor(t, d)
		rng := rand.New(rand.NewPCG(2026, 12))
		var orders []order.Order
		for i := range 16 {
			var lines []order.LineInput
			for _, k := range rng.Perm(len(f.skus))[:1+rng.IntN(2)] {
				lines = append(lines, flowtest.Line(f.skus[k], 1+rng.Int64N(2)))
			}
			orders = append(orders, f.ReleasedOrder(t, fmt.Sprintf("R%02d", i), lines...))
		}
		_, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST", Strategy: pick.ByOrder, MaxOrders: 8})
		require.NoError(t, err)
		pickers := []actor.Actor{ann, bob, {ID: "per_cy", Role: actor.Warehouse}}
		var wg sync.WaitGroup
		// The second wave is planned while the first is picked and orders
		// are cancelled: its plan must still hold when written, or be made again.
		wg.Go(func() {
			for _, strategy := range []pick.Strategy{pick.Cluster, pick.PutWall} {
				_, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST", Strategy: strategy, MaxOrders: 4, CartTotes: 3})
				if err != nil && !errs.Is(err, errs.Conflict) {
					t.Errorf("release a %s wave while picking: %v", strategy, err)
				}
			}
		})
		for p, who := range pickers {
			seed := uint64(p)
			wg.Go(func() { f.work(t, as(who), rand.New(rand.NewPCG(seed, 99))) })
		}
		wg.Go(func() {
			for _, o := range orders[:5] {
				_, err := f.Orders.Cancel(as(chief), o.ID, "customer changed their mind")
				if err != nil && !errs.Is(err, errs.Conflict) {
					t.Errorf("cancel %s: %v", o.Number, err)
				}
			}
		})
		wg.Wait()
		// What the pickers left (a wave released after they ran out of
		// tasks) is walked now, by one of them.
		if _, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST", Strategy: pick.Cluster}); err != nil && !errs.Is(err, errs.Conflict) {
			t.Fatalf("release the rest: %v", err)
		}
		f.work(t, as(ann), rand.New(rand.NewPCG(7, 7)))
		puts, err := f.Floor.PutAways(as(chief), "EAST", 500)
		require.NoError(t, err)
		for _, p := range puts {
			if p.Status == "open" {
				_, err := f.Floor.PutAway(as(ann), p.ID, pick.PutAwayScan{Bin: p.Bin})
				require.NoError(t, err)
			}
		}
		f.reconciled()
		f.checkFloor(t)
		var picked, cancelled int
		require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
			return tx.QueryRowContext(context.Background(), `SELECT count(*) FILTER (WHERE status = 'picked'),
				count(*) FILTER (WHERE status = 'cancelled') FROM fulfilments`).Scan(&picked, &cancelled)
		}))
		t.Logf("%d fulfilments picked, %d cancelled, %d put-aways", picked, cancelled, len(puts))
		require.Equal(t, 11, picked, "every order not cancelled was picked")
		require.Equal(t, 5, cancelled)
	})
}

// work claims tasks until none is left and walks each, with a wrong scan
// and a repeated scan now and then.
func (f *floor) work(t *testing.T, ctx context.Context, rng *rand.Rand) {
	stale := ""
	for {
		task, err := f.Floor.ClaimNext(ctx, "EAST", "")
		if errs.Is(err, errs.NotFound) {
			return
		}
		if err != nil {
			t.Errorf("claim: %v", err)
			return
		}
		if task.Next == nil && task.Status == pick.TaskClaimed {
			// Its last orders were cancelled between the claim and this
			// read; the next claim closes it, and must not hand it back.
			if stale == task.ID {
				t.Errorf("claimed task %s has nothing left to pick and was handed back", task.ID)
				return
			}
			stale = task.ID
			continue
		}
		for task.Next != nil && task.Status == pick.TaskClaimed {
			l := *task.Next
			tote := task.Totes[l.Tote-1].Code
			if task.Strategy == pick.PutWall {
				tote = "BULK-" + task.ID[len(task.ID)-6:]
			} else if tote == "" {
				tote = fmt.Sprintf("T-%s-%d", task.ID[len(task.ID)-6:], l.Tote)
			}
			if rng.IntN(4) == 0 {
				_, err := f.Floor.Pick(ctx, task.ID, pick.Scan{ScanID: "w" + l.ID, Line: l.ID, Bin: "A-99-99-9", Item: l.SKU, Quantity: 1, Tote: tote})
				if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
					t.Errorf("a wrong bin was not refused: %v", err)
				}
			}
			n := 1 + rng.Int64N(l.Left())
			scan := pick.Scan{ScanID: fmt.Sprintf("%s-%d", l.ID, l.Picked), Line: l.ID, Bin: l.Bin, Item: l.SKU, Quantity: n, Tote: tote}
			res, err := f.Floor.Pick(ctx, task.ID, scan)
			if errs.Is(err, errs.Conflict) { // cancelled under the picker's feet
				conflict := err
				task, err = f.Floor.Task(ctx, task.ID)
				if err != nil {
					t.Errorf("read task: %v", err)
					return
				}
				if task.Next != nil && task.Next.ID == l.ID && task.Next.Left() == l.Left() {
					t.Errorf("scan %+v refused, yet the stop is unchanged: %v", scan, conflict)
					return
				}
				continue
			}
			if err != nil {
				t.Errorf("scan %+v: %v", scan, err)
				return
			}
			if rng.IntN(3) == 0 {
				if again, err := f.Floor.Pick(ctx, task.ID, scan); err != nil || !again.Replayed {
					t.Errorf("a repeated scan was not answered as a replay: %v", err)
				}
			}
			task = res.Task
		}
		if task.Strategy == pick.PutWall {
			f.sortAll(t, ctx, task.ID)
		}
	}
}

// sortAll sorts a put-wall task's picked units into their slots.
func (f *floor) sortAll(t *testing.T, ctx context.Context, taskID string) {
	for n := 0; ; n++ {
		task, err := f.Floor.Task(ctx, taskID)
		if err != nil {
			t.Errorf("read task: %v", err)
			return
		}
		i := slices.IndexFunc(task.Lines, func(l pick.Line) bool { return l.Picked > l.Sorted })
		if i < 0 {
			return
		}
		sku := task.Lines[i].SKU
		where, err := f.Floor.Sort(ctx, taskID, pick.SortScan{ScanID: fmt.Sprintf("ask-%d", n), Item: sku})
		if err != nil { // the line's order was cancelled: its units are put away, not sorted
			if !errs.Is(err, errs.Invalid) {
				t.Errorf("ask where %s goes: %v", sku, err)
			}
			return
		}
		if _, err := f.Floor.Sort(ctx, taskID, pick.SortScan{ScanID: fmt.Sprintf("put-%d", n), Item: sku, Slot: fmt.Sprint(where.Slot)}); err != nil {
			t.Errorf("sort %s into slot %d: %v", sku, where.Slot, err)
			return
		}
	}
}

// checkFloor checks the floor's invariants in one read.
func (f *floor) checkFloor(t *testing.T) {
	ctx := context.Background()
	require.NoError(t, f.DB.Read(ctx, func(tx *db.Tx) error {
		for _, c := range []struct{ what, q string }{
			{"a line picked beyond its quantity", `SELECT count(*) FROM pick_lines WHERE picked + short + cancelled > quantity`},
			{"an allocation picked beyond what it reserved", `SELECT count(*) FROM order_allocations WHERE picked > quantity`},
			{"a bin promising other than its open lines", `SELECT count(*) FROM bin_stock s WHERE s.allocated <> coalesce((SELECT
				sum(l.quantity - l.picked - l.short - l.cancelled) FROM pick_lines l WHERE l.bin_id = s.bin_id AND l.product_id = s.product_id), 0)`},
			{"picked stock other than what totes hold", `SELECT count(*) FROM stock_balances b WHERE b.picked <> coalesce((SELECT sum(l.picked)
				FROM pick_lines l WHERE l.warehouse_id = b.warehouse_id AND l.product_id = b.product_id), 0) - coalesce((SELECT sum(p.quantity)
				FROM putaway_tasks p WHERE p.warehouse_id = b.warehouse_id AND p.product_id = b.product_id AND p.status = 'done'), 0)`},
			{"a fulfilment line whose units are not all on pick lines", `SELECT count(*) FROM fulfilment_lines fl JOIN fulfilments f
				ON f.id = fl.fulfilment_id WHERE f.status IN ('picking', 'picked') AND fl.quantity <> (SELECT sum(l.quantity - l.short) FROM pick_lines l
				WHERE l.fulfilment_id = fl.fulfilment_id AND l.order_id = fl.order_id AND l.line_no = fl.line_no)`},
			{"a picked fulfilment with units left", `SELECT count(*) FROM fulfilments f WHERE f.status = 'picked' AND EXISTS
				(SELECT 1 FROM pick_lines l WHERE l.fulfilment_id = f.id AND l.picked + l.short + l.cancelled < l.quantity)`},
			{"a live fulfilment of a cancelled order", `SELECT count(*) FROM fulfilments f JOIN orders o ON o.id = f.order_id
				WHERE o.status = 'cancelled' AND f.status <> 'cancelled'`},
			{"an open task with nothing left", `SELECT count(*) FROM pick_tasks t WHERE t.status IN ('open', 'claimed') AND NOT EXISTS
				(SELECT 1 FROM pick_lines l WHERE l.task_id = t.id AND l.picked + l.short + l.cancelled < l.quantity)`},
		} {
			var n int
			if err := tx.QueryRowContext(ctx, c.q).Scan(&n); err != nil {
				return fmt.Errorf("%s: %w", c.what, err)
			}
			require.Zero(t, n, c.what)
		}
		return nil
	}))
}
