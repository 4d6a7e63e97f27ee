package order_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
)

// TestNoOversell: 50 SKUs with stock 1 to 5, 64 concurrent buyers per SKU,
// several rounds with restocks in between. Exactly min(stock, demand) units
// of each SKU are sold, never more; available never goes below zero; and the
// ledger reconciles. Every tenth buyer asks for one unit on each of two lines
// of the same SKU, which must be reserved together.
func TestNoOversell(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, order.Config{MaxBatch: 64})
		skus := f.AddProducts(t, 50)
		f.AddWarehouse(t, "US-EWR1")
		rng := rand.New(rand.NewPCG(7, 11))
		sold := map[string]int64{}
		stocked := map[string]int64{}
		for round := range 3 {
			for _, sku := range skus {
				qty := 1 + rng.Int64N(5)
				f.Receive(t, "US-EWR1", sku, qty)
				stocked[sku] += qty
			}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for s, sku := range skus {
				for buyer := range 64 {
					lines := []order.LineInput{flowtest.Line(sku, 1)}
					if buyer%10 == 9 {
						lines = append(lines, flowtest.Line(sku, 1))
					}
					req := flowtest.Request(fmt.Sprintf("r%d-s%d-b%d", round, s, buyer), lines...)
					req.RejectIfShort = true
					wg.Go(func() {
						r := f.Engine.Place(f.Ctx, req, nil)
						if r.Err != nil {
							if !errs.Is(r.Err, errs.Conflict) {
								t.Errorf("unexpected refusal: %v", r.Err)
							}
							return
						}
						mu.Lock()
						sold[sku] += int64(len(lines))
						mu.Unlock()
					})
				}
			}
			wg.Wait()
			for _, sku := range skus {
				// Buyers outnumber stock, so every unit sells except when the
				// last one left is wanted only by two-unit orders.
				require.LessOrEqual(t, sold[sku], stocked[sku], "%s oversold", sku)
				require.GreaterOrEqual(t, sold[sku], stocked[sku]-1, "%s: stock left unsold", sku)
			}
		}
		balances, err := f.Stock.Balances(f.Ctx, inventory.Filter{Limit: 500})
		require.NoError(t, err)
		for _, b := range balances {
			require.GreaterOrEqual(t, b.OnHand-b.Reserved, int64(0), "%s available below zero", b.SKU)
			require.Equal(t, sold[b.SKU], b.Reserved, "%s: reserved equals units sold", b.SKU)
		}
		require.Zero(t, f.Engine.Stats().Fallbacks, "the engine's own arithmetic kept every batch within stock; the CHECKs never had to refuse one")
		rep, err := f.Stock.Reconcile(f.Ctx)
		require.NoError(t, err)
		require.True(t, rep.OK, "%+v", rep.Differences)
	})
}

// TestNoOversellTwoEngines: two engines on two connections to one database,
// as two Waybill instances would run, sell exactly the stock there is. On
// PostgreSQL their batches lock balance rows in one key order; on SQLite
// their transactions queue for the file's write lock.
func TestNoOversellTwoEngines(t *testing.T) {
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		open := func() *db.DB {
			d, err := db.Open(context.Background(), dbURL, db.Options{})
			require.NoError(t, err)
			t.Cleanup(func() { d.Close() })
			return d
		}
		first := open()
		_, err := first.Migrate(context.Background())
		require.NoError(t, err)
		f := setup(t, first, order.Config{MaxBatch: 32})
		second := order.NewEngine(open(), nil, order.Config{MaxBatch: 32})
		second.Start()
		t.Cleanup(second.Stop)
		engines := []*order.Engine{f.Engine, second}

		skus := f.AddProducts(t, 20)
		f.AddWarehouse(t, "US-EWR1")
		stocked := map[string]int64{}
		for i, sku := range skus {
			stocked[sku] = int64(1 + i%5)
			f.Receive(t, "US-EWR1", sku, stocked[sku])
		}
		var mu sync.Mutex
		sold := map[string]int64{}
		var wg sync.WaitGroup
		for s, sku := range skus {
			for buyer := range 64 {
				req := flowtest.Request(fmt.Sprintf("two-s%d-b%d", s, buyer), flowtest.Line(sku, 1))
				req.RejectIfShort = true
				wg.Go(func() {
					r := engines[buyer%2].Place(f.Ctx, req, nil)
					if r.Err != nil {
						if !errs.Is(r.Err, errs.Conflict) {
							t.Errorf("unexpected refusal: %v", r.Err)
						}
						return
					}
					mu.Lock()
					sold[sku]++
					mu.Unlock()
				})
			}
		}
		wg.Wait()
		for _, sku := range skus {
			require.Equal(t, stocked[sku], sold[sku], "%s: exactly the stock is sold", sku)
		}
		rep, err := f.Stock.Reconcile(f.Ctx)
		require.NoError(t, err)
		require.True(t, rep.OK, "%+v", rep.Differences)
	})
}
