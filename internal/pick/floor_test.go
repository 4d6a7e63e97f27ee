package pick_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/warehouse"
)

// The people of these tests: two pickers and a supervisor (an admin).
var (
	ann   = actor.Actor{ID: "per_ann", Name: "Ann", Role: actor.Warehouse}
	bob   = actor.Actor{ID: "per_bob", Name: "Bob", Role: actor.Warehouse}
	chief = actor.Actor{ID: "per_chief", Name: "Chief", Role: actor.Admin}
)

// floor is a rig with a warehouse EAST of three aisles, products
// SKU-000.. (SKU-000 with a barcode) and stock in several bins of each.
type floor struct {
	*flowtest.Rig
	t    *testing.T
	skus []string
}

const gtin0 = "4006381333931" // a valid EAN-13

func newFloor(t *testing.T, d *db.DB, opts ...flowtest.Options) *floor {
	r := flowtest.New(t, d, append(opts, flowtest.Options{})[0])
	f := &floor{Rig: r, t: t}
	_, err := catalog.NewStore(d).Create(r.Ctx, catalog.ProductInput{SKU: "KETTLE", Name: "Kettle", Category: "general", WeightG: 900,
		LengthMM: 200, WidthMM: 200, HeightMM: 250, PriceMinor: 2500, Currency: "USD", Barcodes: []string{gtin0}})
	require.NoError(t, err)
	f.skus = append([]string{"KETTLE"}, r.AddProducts(t, 3)...)
	r.AddWarehouse(t, "EAST")
	var bins []warehouse.BinInput
	for a := 1; a <= 3; a++ {
		for b := 2; b <= 6; b++ {
			bins = append(bins, warehouse.BinInput{Code: fmt.Sprintf("A-%02d-%02d-1", a, b), X: float64(3 * a), Y: float64(2 * b)})
		}
	}
	_, err = warehouse.NewStore(d).AddBins(r.Ctx, "EAST", bins)
	require.NoError(t, err)
	for i, sku := range f.skus {
		for k, bin := range []string{fmt.Sprintf("A-%02d-%02d-1", 1+i%3, 2+i), fmt.Sprintf("A-%02d-%02d-1", 1+(i+1)%3, 6-i%4)} {
			_, err := r.Stock.Receive(r.Ctx, inventory.Receipt{Warehouse: "EAST", Bin: bin, SKU: sku, Quantity: int64(5 + 5*k), Reference: "PO"})
			require.NoError(t, err)
		}
	}
	return f
}

func as(a actor.Actor) context.Context { return actor.With(context.Background(), a) }

// balance is the ledger's view of one SKU in EAST: on hand, reserved, picked.
func (f *floor) balance(sku string) [3]int64 {
	var b [3]int64
	require.NoError(f.t, f.DB.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT s.on_hand, s.reserved, s.picked FROM stock_balances s
			JOIN products p ON p.id = s.product_id JOIN warehouses w ON w.id = s.warehouse_id WHERE p.sku = $1 AND w.code = 'EAST'`,
			sku).Scan(&b[0], &b[1], &b[2])
	}))
	return b
}

func (f *floor) reconciled() {
	rep, err := f.Stock.Reconcile(context.Background())
	require.NoError(f.t, err)
	require.True(f.t, rep.OK, "reconcile: %+v", rep.Differences)
}

// pickAll scans every stop of a task as its holder would.
func (f *floor) pickAll(ctx context.Context, t pick.Task) pick.ScanResult {
	var res pick.ScanResult
	for _, l := range t.Lines {
		if l.Left() == 0 {
			continue
		}
		tote := t.Totes[l.Tote-1].Code
		if tote == "" {
			tote = fmt.Sprintf("T-%s-%d", t.ID[len(t.ID)-4:], l.Tote)
		}
		var err error
		res, err = f.Floor.Pick(ctx, t.ID, pick.Scan{ScanID: "s-" + l.ID, Line: l.ID, Bin: l.Bin, Item: l.SKU, Quantity: l.Left(), Tote: tote})
		require.NoError(f.t, err, "line %s", l.ID)
		t = res.Task
	}
	return res
}

// TestAWaveFromQueueToPicked walks the whole floor: two released orders,
// a cluster wave on one cart, a claim, every wrong scan refused with
// nothing recorded, the right ones booked, both fulfilments picked, the
// ledger moved from reserved to picked and reconcile clean.
func TestAWaveFromQueueToPicked(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFloor(t, d)
		o1 := f.ReleasedOrder(t, "A1", flowtest.Line("KETTLE", 2), flowtest.Line(f.skus[1], 1))
		o2 := f.ReleasedOrder(t, "A2", flowtest.Line("KETTLE", 1))
		before := f.balance("KETTLE")
		require.Equal(t, [3]int64{15, 3, 0}, before)

		w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST", Strategy: pick.Cluster})
		require.NoError(t, err)
		require.Len(t, w.Tasks, 1, "one cart serves both")
		task := w.Tasks[0]
		require.Len(t, task.Totes, 2)
		require.Positive(t, task.Distance)
		require.LessOrEqual(t, task.Distance, task.Alone+1e-9)
		for _, o := range []order.Order{o1, o2} {
			require.Equal(t, fulfilment.Picking, f.Get(t, o.ID).Fulfilments[0].Status)
		}
		_, err = f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.True(t, errs.Is(err, errs.Conflict), "nothing left to release: %v", err)

		// Scans before a claim, and a second claim, are refused.
		first := *task.Next
		_, err = f.Floor.Pick(as(ann), task.ID, pick.Scan{ScanID: "x", Bin: first.Bin, Item: first.SKU, Quantity: 1, Tote: "T1"})
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)
		got, err := f.Floor.ClaimNext(as(ann), "EAST", "")
		require.NoError(t, err)
		require.Equal(t, task.ID, got.ID)
		_, err = f.Floor.Claim(as(bob), task.ID)
		require.ErrorContains(t, err, "claimed by per_ann")

		// Every wrong scan: a 422 at its field, nothing recorded.
		wrongItem := "KETTLE"
		if first.SKU == "KETTLE" {
			wrongItem = f.skus[1]
		}
		for _, c := range []struct {
			scan  pick.Scan
			field string
		}{
			{pick.Scan{Bin: "A-09-09-9", Item: first.SKU, Quantity: 1, Tote: "T1"}, "bin"},
			{pick.Scan{Bin: first.Bin, Item: wrongItem, Quantity: 1, Tote: "T1"}, "item"},
			{pick.Scan{Bin: first.Bin, Item: "0000000000000", Quantity: 1, Tote: "T1"}, "item"},
			{pick.Scan{Bin: first.Bin, Item: first.SKU, Quantity: first.Quantity + 1, Tote: "T1"}, "quantity"},
			{pick.Scan{Bin: first.Bin, Item: first.SKU, Quantity: 1, Tote: "no tote!"}, "tote"},
		} {
			c.scan.ScanID = "bad-" + c.field
			_, err := f.Floor.Pick(as(ann), task.ID, c.scan)
			require.True(t, errs.Is(err, errs.Invalid), "%s: %v", c.field, err)
			require.Equal(t, c.field, errs.FieldsOf(err)[0].Path, "%v", err)
		}
		require.Equal(t, before, f.balance("KETTLE"), "nothing booked by refused scans")

		// The first unit by barcode, then the same scan again: booked once.
		item := first.SKU
		if item == "KETTLE" {
			item = gtin0
		}
		scan := pick.Scan{ScanID: "one", Line: first.ID, Bin: first.Bin, Item: item, Quantity: 1, Tote: "t-1"}
		res, err := f.Floor.Pick(as(ann), task.ID, scan)
		require.NoError(t, err)
		require.False(t, res.Replayed)
		again, err := f.Floor.Pick(as(ann), task.ID, scan)
		require.NoError(t, err)
		require.True(t, again.Replayed)
		require.Equal(t, int64(1), again.Task.Lines[0].Picked)
		scan.Quantity = 2
		_, err = f.Floor.Pick(as(ann), task.ID, scan)
		require.Equal(t, "scan_id", errs.FieldsOf(err)[0].Path)
		// That fulfilment's tote is T-1 now: another tote is wrong for it.
		var other pick.Line
		for _, l := range res.Task.Lines {
			if l.Fulfilment == first.Fulfilment && l.Left() > 0 {
				other = l
			}
		}
		if other.ID != "" {
			_, err = f.Floor.Pick(as(ann), task.ID, pick.Scan{ScanID: "t", Line: other.ID, Bin: other.Bin, Item: other.SKU, Quantity: 1, Tote: "T-9"})
			require.Equal(t, "tote", errs.FieldsOf(err)[0].Path)
			require.ErrorContains(t, err, "go in tote T-1")
		}

		last := f.pickAll(as(ann), res.Task)
		require.True(t, last.TaskDone)
		for _, o := range []order.Order{o1, o2} {
			got := f.Get(t, o.ID)
			require.Equal(t, fulfilment.Picked, got.Fulfilments[0].Status)
		}
		require.Equal(t, [3]int64{12, 0, 3}, f.balance("KETTLE"), "3 units left their bins and their reservation for totes")
		f.reconciled()
		done, err := f.Floor.Task(as(ann), task.ID)
		require.NoError(t, err)
		require.Equal(t, pick.TaskDone, done.Status)
		require.Nil(t, done.Next)
		scans, err := f.Floor.Scans(as(ann), task.ID)
		require.NoError(t, err)
		require.Equal(t, "one", scans[0].ScanID, "the refused scans left no event; the replay none either")
		require.Equal(t, ann.ID, scans[0].Actor)
		require.Equal(t, first.Bin, scans[0].Bin)
		require.Equal(t, "T-1", scans[0].Tote)
		want := 1 // the first unit, then one scan per stop with units left
		for _, l := range done.Lines {
			if l.ID != first.ID || l.Quantity > 1 {
				want++
			}
		}
		require.Len(t, scans, want)
	})
}

// TestAPutWallPicksInBulkAndSortsIntoSlots: three orders wanting the same
// SKU are one stop of the walk into one bulk tote; at the wall each unit
// goes to its order's slot (a wrong slot and an extra unit refused); an
// order is picked when its slot is full, and the bulk tote is free at the
// end.
func TestAPutWallPicksInBulkAndSortsIntoSlots(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFloor(t, d)
		var orders []order.Order
		for i, n := range []int64{1, 2, 1} {
			orders = append(orders, f.ReleasedOrder(t, fmt.Sprintf("W%d", i), flowtest.Line("KETTLE", n)))
		}
		w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST", Strategy: pick.PutWall, CartTotes: 12})
		require.NoError(t, err)
		require.Len(t, w.Tasks, 1)
		task, err := f.Floor.Claim(as(ann), w.Tasks[0].ID)
		require.NoError(t, err)
		require.Equal(t, int64(4), task.Next.Quantity, "one stop for the batch's units of the SKU")
		res, err := f.Floor.Pick(as(ann), task.ID, pick.Scan{ScanID: "bulk", Bin: task.Next.Bin, Item: gtin0, Quantity: 4, Tote: "BULK-1"})
		require.NoError(t, err)
		require.True(t, res.TaskDone)
		require.False(t, res.FulfilmentPicked, "not picked until sorted")
		require.Equal(t, "BULK-1", res.Task.BulkTote)

		ask, err := f.Floor.Sort(as(bob), task.ID, pick.SortScan{ScanID: "a1", Item: "KETTLE"})
		require.NoError(t, err)
		require.False(t, ask.Booked)
		_, err = f.Floor.Sort(as(bob), task.ID, pick.SortScan{ScanID: "a2", Item: "KETTLE", Slot: fmt.Sprintf("W-%02d", ask.Slot+1)})
		require.Equal(t, "slot", errs.FieldsOf(err)[0].Path)
		require.ErrorContains(t, err, fmt.Sprintf("goes to slot %d", ask.Slot))
		var last pick.SortResult
		for i := range 4 {
			where, err := f.Floor.Sort(as(bob), task.ID, pick.SortScan{ScanID: fmt.Sprintf("q%d", i), Item: gtin0})
			require.NoError(t, err)
			last, err = f.Floor.Sort(as(bob), task.ID, pick.SortScan{ScanID: fmt.Sprintf("s%d", i), Item: gtin0, Slot: fmt.Sprint(where.Slot)})
			require.NoError(t, err)
			require.True(t, last.Booked)
			again, err := f.Floor.Sort(as(bob), task.ID, pick.SortScan{ScanID: fmt.Sprintf("s%d", i), Item: gtin0, Slot: fmt.Sprint(where.Slot)})
			require.NoError(t, err, "a repeated sort is a replay")
			require.True(t, again.Replayed)
		}
		require.True(t, last.WallDone)
		_, err = f.Floor.Sort(as(bob), task.ID, pick.SortScan{ScanID: "extra", Item: gtin0})
		require.ErrorContains(t, err, "extra")
		for _, o := range orders {
			require.Equal(t, fulfilment.Picked, f.Get(t, o.ID).Fulfilments[0].Status)
		}
		for _, sl := range last.Wall {
			require.True(t, sl.Done)
			require.Equal(t, sl.Needed, sl.Sorted)
		}
		done, err := f.Floor.Task(as(ann), task.ID)
		require.NoError(t, err)
		require.Empty(t, done.BulkTote, "the bulk tote is free again")
		f.reconciled()
		f.checkFloor(t)
	})
}

// TestACartCarriesNoMoreThanItsWeight: a cluster wave under a weight
// limit puts on each cart only what it can carry, and leaves in the queue,
// with the reason, an order heavier than any cart.
func TestACartCarriesNoMoreThanItsWeight(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFloor(t, d)
		for i := range 3 {
			f.ReleasedOrder(t, fmt.Sprintf("K%d", i), flowtest.Line("KETTLE", 2)) // 1.8 kg each
		}
		heavy := f.ReleasedOrder(t, "K9", flowtest.Line("KETTLE", 5)) // 4.5 kg
		_, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST", Strategy: pick.Cluster, CartKg: -1})
		require.Equal(t, "cart_kg", errs.FieldsOf(err)[0].Path)
		w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST", Strategy: pick.Cluster, CartKg: 4})
		require.NoError(t, err)
		require.Len(t, w.Tasks, 2, "two carts of at most 4 kg for three orders of 1.8 kg")
		for _, task := range w.Tasks {
			var kg float64
			for _, l := range task.Lines {
				kg += float64(l.Quantity) * 0.9
			}
			require.LessOrEqual(t, kg, 4.0)
		}
		require.Equal(t, 4.0, w.CartKg)
		require.Len(t, w.Skipped, 1)
		require.Equal(t, heavy.Fulfilments[0].ID, w.Skipped[0].Fulfilment)
		require.Contains(t, w.Skipped[0].Reason, "4.5 kg, more than a cart's 4.0 kg")
	})
}
