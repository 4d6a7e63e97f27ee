package order_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
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
		skus := f.addProducts(t, 50)
		f.addWarehouse(t, "US-EWR1")
		rng := rand.New(rand.NewPCG(7, 11))
		sold := map[string]int64{}
		stocked := map[string]int64{}
		for round := range 3 {
			for _, sku := range skus {
				qty := 1 + rng.Int64N(5)
				f.receive(t, "US-EWR1", sku, qty)
				stocked[sku] += qty
			}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for s, sku := range skus {
				for buyer := range 64 {
					lines := []order.LineInput{line(sku, 1)}
					if buyer%10 == 9 {
						lines = append(lines, line(sku, 1))
					}
					req := request(fmt.Sprintf("r%d-s%d-b%d", round, s, buyer), lines...)
					req.RejectIfShort = true
					wg.Go(func() {
						r := f.engine.Place(f.ctx, req, nil)
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
		balances, err := f.stock.Balances(f.ctx, inventory.Filter{Limit: 500})
		require.NoError(t, err)
		for _, b := range balances {
			require.GreaterOrEqual(t, b.OnHand-b.Reserved, int64(0), "%s available below zero", b.SKU)
			require.Equal(t, sold[b.SKU], b.Reserved, "%s: reserved equals units sold", b.SKU)
		}
		require.Zero(t, f.engine.Stats().Fallbacks, "the engine's own arithmetic kept every batch within stock; the CHECKs never had to refuse one")
		rep, err := f.stock.Reconcile(f.ctx)
		require.NoError(t, err)
		require.True(t, rep.OK, "%+v", rep.Differences)
	})
}
