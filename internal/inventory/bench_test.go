package inventory

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// BenchmarkReconcile measures Reconcile over a ledger of
// WAYBILL_BENCH_ENTRIES entries (default 200000) spread over 500 SKUs and
// two warehouses of 40 bins, and reports entries checked per second. Run
// with -benchtime=3x; the PostgreSQL leg runs when WAYBILL_TEST_POSTGRES is set.
func BenchmarkReconcile(b *testing.B) {
	n := 200_000
	if v, err := strconv.Atoi(os.Getenv("WAYBILL_BENCH_ENTRIES")); err == nil && v > 0 {
		n = v
	}
	legs := map[string]func(testing.TB, dbtest.Options) *db.DB{"sqlite": dbtest.SQLite}
	if os.Getenv(dbtest.PostgresEnv) != "" {
		legs["postgres"] = dbtest.Postgres
	}
	for name, open := range legs {
		b.Run(name, func(b *testing.B) {
			d := open(b, dbtest.Options{})
			start := time.Now()
			seedLedger(b, d, n)
			b.Logf("%s: seeded %d entries in %v", name, n, time.Since(start).Round(time.Millisecond))
			s := NewStore(d)
			b.ResetTimer()
			for b.Loop() {
				r, err := s.Reconcile(context.Background())
				require.NoError(b, err)
				require.True(b, r.OK)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// seedLedger writes n consistent entries with raw SQL, then derives the
// balance and bin rows from them, as the ledger code would have.
func seedLedger(b testing.TB, d *db.DB, n int) {
	ctx := context.Background()
	const skus, binsPer = 500, 40
	var whs []string
	var bins [][]string
	require.NoError(b, d.Write(ctx, func(tx *db.Tx) error {
		for _, code := range []string{"BW1", "BW2"} {
			wid := "whs_" + code
			if _, err := tx.ExecContext(ctx, `INSERT INTO warehouses (id, code, name, address_line1, city, country, latitude,
				longitude, cutoff_time, timezone, created_at, updated_at) VALUES ($1, $2, $2, 'x', 'x', 'DE', 0, 0, '15:00', 'UTC', $3, $3)`,
				wid, code, tx.Now); err != nil {
				return err
			}
			whs = append(whs, wid)
			var ids []string
			for i := range binsPer {
				bid := fmt.Sprintf("bin_%s_%d", code, i)
				if _, err := tx.ExecContext(ctx, `INSERT INTO bins (id, warehouse_id, code, zone, aisle, bay, level, x, y,
					created_at, updated_at) VALUES ($1, $2, $3, 'A', '01', '01', '1', 0, 0, $4, $4)`,
					bid, wid, fmt.Sprintf("A-01-%02d-1", i), tx.Now); err != nil {
					return err
				}
				ids = append(ids, bid)
			}
			bins = append(bins, ids)
		}
		for p := range skus {
			if _, err := tx.ExecContext(ctx, `INSERT INTO products (id, sku, name, name_lower, weight_g, length_mm, width_mm,
				height_mm, price_minor, currency, created_at, updated_at) VALUES ($1, $1, 'p', 'p', 1, 1, 1, 1, 1, 'EUR', $2, $2)`,
				fmt.Sprintf("prd_b%d", p), tx.Now); err != nil {
				return err
			}
		}
		return nil
	}))
	const chunk = 250
	for start := 0; start < n; start += chunk {
		require.NoError(b, d.Write(ctx, func(tx *db.Tx) error {
			var q strings.Builder
			q.WriteString(`INSERT INTO stock_entries (id, movement_id, at, kind, warehouse_id, product_id, bin_id,
				on_hand_delta, reserved_delta, actor) VALUES `)
			var args []any
			for i := start; i < min(start+chunk, n); i++ {
				if i > start {
					q.WriteString(", ")
				}
				w := i % 2
				fmt.Fprintf(&q, "($%d, $%d, $%d, 'receive', $%d, $%d, $%d, $%d, 0, 'bench')",
					len(args)+1, len(args)+2, len(args)+3, len(args)+4, len(args)+5, len(args)+6, len(args)+7)
				args = append(args, fmt.Sprintf("ent_%09d", i), fmt.Sprintf("mov_%09d", i), tx.Now, whs[w],
					fmt.Sprintf("prd_b%d", (i/2)%skus), bins[w][(i/7)%binsPer], 1+i%5)
			}
			_, err := tx.ExecContext(ctx, q.String(), args...)
			return err
		}))
	}
	require.NoError(b, d.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stock_balances (warehouse_id, product_id, on_hand, reserved, updated_at)
			SELECT warehouse_id, product_id, sum(on_hand_delta), 0, $1 FROM stock_entries GROUP BY warehouse_id, product_id`, tx.Now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO bin_stock (bin_id, product_id, warehouse_id, on_hand, updated_at)
			SELECT bin_id, product_id, min(warehouse_id), sum(on_hand_delta), $1 FROM stock_entries GROUP BY bin_id, product_id`, tx.Now)
		return err
	}))
}
