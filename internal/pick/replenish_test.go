package pick_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/warehouse"
)

// The bins of the replenishment tests: SOAP's pick face (level 1) and two
// reserve bins above it (level 3), the older stock in the first.
const (
	face     = "A-03-02-1"
	reserve1 = "A-03-02-3"
	reserve2 = "A-03-03-3"
)

// newReplenFloor is the floor with SOAP: 6 units on its face, 20 in the
// older reserve bin and 50 in the newer one.
func newReplenFloor(t *testing.T, d *db.DB) *floor {
	f := newFloor(t, d)
	_, err := catalog.NewStore(d).Create(f.Ctx, catalog.ProductInput{SKU: "SOAP", Name: "Soap", Category: "general", WeightG: 100,
		LengthMM: 50, WidthMM: 50, HeightMM: 50, PriceMinor: 300, Currency: "USD"})
	require.NoError(t, err)
	_, err = warehouse.NewStore(d).AddBins(f.Ctx, "EAST", []warehouse.BinInput{{Code: reserve1, X: 9, Y: 4}, {Code: reserve2, X: 9, Y: 6}})
	require.NoError(t, err)
	for _, r := range []struct {
		bin string
		n   int64
	}{{reserve1, 20}, {face, 6}, {reserve2, 50}} {
		_, err := f.Stock.Receive(f.Ctx, inventory.Receipt{Warehouse: "EAST", Bin: r.bin, SKU: "SOAP", Quantity: r.n, Reference: "PO"})
		require.NoError(t, err)
	}
	return f
}

// bin is what a bin holds of SOAP: on hand and promised to pick lines.
func (f *floor) bin(code string) [2]int64 {
	var b [2]int64
	require.NoError(f.t, f.DB.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT s.on_hand, s.allocated FROM bin_stock s JOIN bins b ON b.id = s.bin_id
			JOIN products p ON p.id = s.product_id WHERE b.code = $1 AND p.sku = 'SOAP'`, code).Scan(&b[0], &b[1])
	}))
	return b
}

func (f *floor) replenishTasks() []pick.ReplenishTask {
	l, err := f.Floor.ReplenishTasks(as(chief), pick.ReplenishFilter{Warehouse: "EAST"})
	require.NoError(f.t, err)
	return l
}

func (f *floor) limit(min, max int64) {
	_, err := f.Floor.PutFaceLimits(as(chief), "EAST", []pick.FaceLimit{{Bin: face, SKU: "SOAP", Min: min, Max: max}})
	require.NoError(f.t, err)
}

func TestPickFaceLimitsNameEveryProblem(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReplenFloor(t, d)
		_, err := f.Floor.PutFaceLimits(as(chief), "EAST", []pick.FaceLimit{
			{Bin: "A-09-09-1", SKU: "SOAP", Min: 1, Max: 5},
			{Bin: reserve1, SKU: "SOAP", Min: 1, Max: 5},
			{Bin: face, SKU: "SOAP", Min: 5, Max: 5},
			{Bin: face, SKU: "NOPE", Min: 1, Max: 5},
			{Bin: face, SKU: "soap", Min: 1, Max: 8},
			{Bin: strings.ToLower(face), SKU: "SOAP", Min: 2, Max: 9},
			{Bin: "", SKU: "", Min: -1, Max: 0},
		})
		require.True(t, errs.Is(err, errs.Invalid), "%v", err)
		require.Equal(t, []string{
			"limits[0].bin unknown_value",
			"limits[1].bin reserve_bin",
			"limits[2].max out_of_range",
			"limits[3].sku unknown_value",
			"limits[4].sku duplicate",
			"limits[5].sku duplicate",
			"limits[6].bin required",
			"limits[6].sku required",
			"limits[6].min out_of_range",
		}, apitest.FieldCodes(err))
		l, err := f.Floor.FaceLimits(as(chief), "EAST")
		require.NoError(t, err)
		require.Empty(t, l, "nothing was stored")

		f.limit(3, 10)
		l, err = f.Floor.FaceLimits(as(chief), "EAST")
		require.NoError(t, err)
		require.Len(t, l, 1)
		require.Equal(t, pick.FaceLimit{Bin: face, SKU: "SOAP", Min: 3, Max: 10}, pick.FaceLimit{Bin: l[0].Bin, SKU: l[0].SKU, Min: l[0].Min, Max: l[0].Max})

		// A CSV file replaces the list; its problems are named by line.
		_, err = f.Floor.ImportFaceLimits(as(chief), "EAST", strings.NewReader("bin,sku,min,max\n"+face+",SOAP,2,x\n"+reserve1+",SOAP,1,4\n"))
		require.Equal(t, []string{"rows[2].max wrong_type"}, apitest.FieldCodes(err))
		_, err = f.Floor.ImportFaceLimits(as(chief), "EAST", strings.NewReader("bin,sku,min,max\n"+face+",SOAP,2,7\n"+reserve1+",SOAP,1,4\n"))
		require.Equal(t, []string{"rows[3].bin reserve_bin"}, apitest.FieldCodes(err))
		l, err = f.Floor.ImportFaceLimits(as(chief), "EAST", strings.NewReader("bin,sku,min,max\n"+face+",SOAP,2,7\n"))
		require.NoError(t, err)
		require.Equal(t, int64(7), l[0].Max)
		_, err = f.Floor.FaceLimits(as(chief), "NOWHERE")
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)
	})
}

// TestAPickBelowMinOpensOneTask: a face whose free units are below its
// minimum gets one task at the first pick, not one per scan; completing
// it moves the units from the oldest reserve, every wrong scan refused
// with nothing booked, the face at most at its maximum, reconcile clean.
func TestAPickBelowMinOpensOneTask(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReplenFloor(t, d)
		f.ReleasedOrder(t, "P1", flowtest.Line("SOAP", 4))
		w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		require.Empty(t, f.replenishTasks(), "no limits yet")
		f.limit(3, 10) // free units on the face: 6 - 4 promised = 2
		task, err := f.Floor.Claim(as(ann), w.Tasks[0].ID)
		require.NoError(t, err)
		line := *task.Next
		require.Equal(t, face, line.Bin)
		for i, scan := range []string{"p1", "p2"} {
			_, err := f.Floor.Pick(as(ann), task.ID, pick.Scan{ScanID: scan, Line: line.ID, Bin: face, Item: "SOAP", Quantity: 1, Tote: "T-1"})
			require.NoError(t, err)
			tasks := f.replenishTasks()
			require.Len(t, tasks, 1, "scan %d", i)
			require.Equal(t, pick.ReplenishTask{Warehouse: "EAST", SKU: "SOAP", FromBin: reserve1, ToBin: face, Quantity: 5,
				Reason: pick.ReasonBelowMin, Status: pick.TaskOpen}, pick.ReplenishTask{Warehouse: tasks[0].Warehouse, SKU: tasks[0].SKU,
				FromBin: tasks[0].FromBin, ToBin: tasks[0].ToBin, Quantity: tasks[0].Quantity, Reason: tasks[0].Reason, Status: tasks[0].Status},
				"up to the max from 5 on hand, from the older reserve")
		}
		rt := f.replenishTasks()[0]
		_, err = f.Floor.CompleteReplenish(as(bob), rt.ID, pick.ReplenishScan{FromBin: reserve1, Item: "SOAP", ToBin: face, Quantity: 5})
		require.True(t, errs.Is(err, errs.Conflict), "claim first: %v", err)
		_, err = f.Floor.ClaimReplenish(as(bob), rt.ID)
		require.NoError(t, err)
		_, err = f.Floor.ClaimReplenish(as(ann), rt.ID)
		require.ErrorContains(t, err, "claimed by per_bob")

		before := [2][2]int64{f.bin(face), f.bin(reserve1)}
		require.Equal(t, [2][2]int64{{4, 2}, {20, 0}}, before)
		for _, c := range []struct {
			scan  pick.ReplenishScan
			field string
		}{
			{pick.ReplenishScan{FromBin: reserve2, Item: "SOAP", ToBin: face, Quantity: 5}, "from_bin"},
			{pick.ReplenishScan{FromBin: reserve1, Item: "KETTLE", ToBin: face, Quantity: 5}, "item"},
			{pick.ReplenishScan{FromBin: reserve1, Item: "0000000000000", ToBin: face, Quantity: 5}, "item"},
			{pick.ReplenishScan{FromBin: reserve1, Item: "SOAP", ToBin: "A-01-02-1", Quantity: 5}, "to_bin"},
			{pick.ReplenishScan{FromBin: reserve1, Item: "SOAP", ToBin: face, Quantity: 6}, "quantity"},
			{pick.ReplenishScan{FromBin: reserve1, Item: "SOAP", ToBin: face, Quantity: 0}, "quantity"},
		} {
			_, err := f.Floor.CompleteReplenish(as(bob), rt.ID, c.scan)
			require.True(t, errs.Is(err, errs.Invalid), "%s: %v", c.field, err)
			require.Equal(t, c.field, errs.FieldsOf(err)[0].Path, "%v", err)
		}
		require.Equal(t, before, [2][2]int64{f.bin(face), f.bin(reserve1)}, "nothing booked by refused scans")

		done, err := f.Floor.CompleteReplenish(as(bob), rt.ID, pick.ReplenishScan{FromBin: strings.ToLower(reserve1), Item: "soap", ToBin: face, Quantity: 5})
		require.NoError(t, err)
		require.Equal(t, pick.TaskDone, done.Status)
		require.Equal(t, int64(5), done.Moved)
		require.NotEmpty(t, done.Movement)
		require.Equal(t, [2]int64{9, 2}, f.bin(face), "at most its max of 10")
		require.Equal(t, [2]int64{15, 0}, f.bin(reserve1))
		require.Equal(t, [3]int64{74, 2, 2}, f.balance("SOAP"), "the move left the warehouse's balance as the picks did")
		_, err = f.Floor.CompleteReplenish(as(bob), rt.ID, pick.ReplenishScan{FromBin: reserve1, Item: "SOAP", ToBin: face, Quantity: 5})
		require.True(t, errs.Is(err, errs.Conflict), "done once: %v", err)
		require.Len(t, f.replenishTasks(), 1, "the face is above its min again: no new task")
		f.reconciled()
	})
}

// TestAWaveFromReserveOpensATask: a wave that has to promise units from
// reserve while the face has limits opens a task; the reserve bin's
// units promised to pick lines never move to the face.
func TestAWaveFromReserveOpensATask(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReplenFloor(t, d)
		f.limit(0, 10)
		f.ReleasedOrder(t, "W1", flowtest.Line("SOAP", 8))
		_, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		require.Equal(t, [2]int64{6, 6}, f.bin(face))
		require.Equal(t, [2]int64{20, 2}, f.bin(reserve1), "2 units promised from reserve")
		tasks := f.replenishTasks()
		require.Len(t, tasks, 1)
		rt := tasks[0]
		require.Equal(t, pick.ReasonWave, rt.Reason)
		require.Equal(t, reserve1, rt.FromBin)
		require.Equal(t, int64(4), rt.Quantity, "up to the max of 10 from 6 on hand")

		// A second wave promises every unit left in reserve: the
		// task can no longer take its units from it.
		f.ReleasedOrder(t, "W2", flowtest.Line("SOAP", 68))
		_, err = f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		require.Equal(t, [2]int64{20, 20}, f.bin(reserve1))
		require.Len(t, f.replenishTasks(), 1, "still one task for the face")
		_, err = f.Floor.ClaimReplenish(as(ann), rt.ID)
		require.NoError(t, err)
		_, err = f.Floor.CompleteReplenish(as(ann), rt.ID, pick.ReplenishScan{FromBin: reserve1, Item: "SOAP", ToBin: face, Quantity: 4})
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)
		require.ErrorContains(t, err, "promised to pick lines")
		require.Equal(t, [2]int64{20, 20}, f.bin(reserve1))
		got, err := f.Floor.ReplenishTask(as(ann), rt.ID)
		require.NoError(t, err)
		require.Equal(t, pick.TaskClaimed, got.Status, "nothing recorded")
		_, err = f.Floor.CancelReplenish(as(chief), rt.ID)
		require.NoError(t, err)
		f.reconciled()
	})
}

// TestConcurrentReplenishCompletesBookOnce races completions of one task:
// one books, the others are conflicts, the units move once.
func TestConcurrentReplenishCompletesBookOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReplenFloor(t, d)
		f.limit(0, 10)
		f.ReleasedOrder(t, "C1", flowtest.Line("SOAP", 8))
		_, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		rt := f.replenishTasks()[0]
		_, err = f.Floor.ClaimReplenish(as(ann), rt.ID)
		require.NoError(t, err)
		results := make([]error, 4)
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() {
				_, results[i] = f.Floor.CompleteReplenish(as(ann), rt.ID, pick.ReplenishScan{FromBin: reserve1, Item: "SOAP", ToBin: face, Quantity: 4})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range results {
			if err == nil {
				ok++
			} else {
				require.True(t, errs.Is(err, errs.Conflict), "%v", err)
			}
		}
		require.Equal(t, 1, ok)
		require.Equal(t, [2]int64{10, 6}, f.bin(face))
		require.Equal(t, [2]int64{16, 2}, f.bin(reserve1))
		f.reconciled()
	})
}
