package inventory

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

// TestConcurrentMovements runs random moves, adjustments, transfers,
// reservations and releases from many goroutines on a few SKUs and bins, so
// that many collide and some must be refused. Afterwards the ledger must
// reconcile, stock must be conserved (on hand = receipts + adjustments) and
// no balance may be negative or reserved above on hand. Set
// WAYBILL_TEST_SEED to replay a run.
func TestConcurrentMovements(t *testing.T) {
	seed := rand.Uint64()
	if s, err := strconv.ParseUint(os.Getenv("WAYBILL_TEST_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d", seed)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		skus := []string{"SKU-1", "SKU-2", "SKU-3"}
		bins := map[string][]string{"BER": {"A-01-01-1", "A-01-01-2", "A-01-02-1"}, "MUC": {"A-01-01-1", "A-01-01-2"}}
		ids := map[string]string{"BER": f.warehouseID("BER"), "MUC": f.warehouseID("MUC")}
		for _, sku := range skus {
			f.receive("BER", "A-01-01-1", sku, 20)
			f.receive("MUC", "A-01-01-1", sku, 10)
		}
		const received = 3 * 30
		var adjusted, booked, refused atomic.Int64
		const workers, ops = 8, 60
		var wg sync.WaitGroup
		for w := range workers {
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			wg.Go(func() {
				for range ops {
					err := randomOp(f, rng, skus, bins, ids, &adjusted)
					switch {
					case err == nil:
						booked.Add(1)
					case errs.Is(err, errs.Conflict):
						refused.Add(1)
					default:
						t.Errorf("unexpected error: %v", err)
					}
				}
			})
		}
		wg.Wait()
		t.Logf("%d booked, %d refused", booked.Load(), refused.Load())
		require.Positive(t, booked.Load())
		require.Positive(t, refused.Load(), "the test must drive some movements into a lack of stock")

		r, err := f.s.Reconcile(f.ctx)
		require.NoError(t, err)
		require.True(t, r.OK, "%+v", r.Differences)
		require.Equal(t, received+adjusted.Load(), f.query(`SELECT sum(on_hand) FROM stock_balances`), "stock is conserved")
		require.Equal(t, received+adjusted.Load(), f.query(`SELECT sum(on_hand) FROM bin_stock`))
		require.Zero(t, f.query(`SELECT count(*) FROM stock_balances WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand`))
		require.Zero(t, f.query(`SELECT count(*) FROM bin_stock WHERE on_hand < 0`))
	})
}

// randomOp books one random movement; adjusted accumulates booked adjustments.
func randomOp(f *fixture, rng *rand.Rand, skus []string, bins map[string][]string, ids map[string]string, adjusted *atomic.Int64) error {
	whs := []string{"BER", "MUC"}
	w := whs[rng.IntN(2)]
	sku := skus[rng.IntN(len(skus))]
	bin := func(w string) string { return bins[w][rng.IntN(len(bins[w]))] }
	q := int64(1 + rng.IntN(8))
	switch rng.IntN(5) {
	case 0:
		from, to := bin(w), bin(w)
		if from == to {
			return nil
		}
		_, err := f.s.Move(f.ctx, Move{Warehouse: w, FromBin: from, ToBin: to, SKU: sku, Quantity: q})
		return err
	case 1:
		delta := q - 5
		if delta == 0 {
			delta = 1
		}
		_, err := f.s.Adjust(f.ctx, Adjustment{Warehouse: w, Bin: bin(w), SKU: sku, Delta: delta, Reason: "count_correction"})
		if err == nil {
			adjusted.Add(delta)
		}
		return err
	case 2:
		to := whs[1-slices.Index(whs, w)]
		_, err := f.s.Transfer(f.ctx, Transfer{SKU: sku, Quantity: q, From: Place{w, bin(w)}, To: Place{to, bin(to)}})
		return err
	default:
		lines := []ReservationLine{{WarehouseID: ids[w], ProductID: "prd_" + sku, Quantity: q}}
		if rng.IntN(2) == 0 {
			lines = append(lines, ReservationLine{WarehouseID: ids[w], ProductID: "prd_" + skus[rng.IntN(len(skus))], Quantity: 1})
		}
		r, reserve := Reservation{Reference: "order", Lines: lines}, rng.IntN(5) < 3
		return f.d.Write(f.ctx, func(tx *db.Tx) error {
			var err error
			if reserve {
				_, err = Reserve(f.ctx, tx, r)
			} else {
				_, err = Release(f.ctx, tx, r)
			}
			return err
		})
	}
}
