// Package bench measures Waybill's order intake: the group-commit engine, a
// one-transaction-per-order baseline in the same run, the disk's fsync
// ceiling, and the HTTP API under load. `waybill bench intake` prints its
// figures; docs/PERFORMANCE.md records them with the command.
package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/warehouse"
)

// Database is a fresh benchmark database and how to get rid of it.
type Database struct {
	URL     string
	Dir     string // SQLite: the folder holding the file (the disk measured)
	cleanup func()
}

// Close removes the benchmark's database.
func (d Database) Close() { d.cleanup() }

// Fresh makes an empty database: a new SQLite file in dir (a temporary folder
// if empty), or a new schema in the PostgreSQL database at base, so a
// benchmark never touches existing data.
func Fresh(ctx context.Context, base, dir string) (Database, error) {
	if !strings.HasPrefix(base, "postgres") {
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "waybill-bench-"); err != nil {
				return Database{}, err
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("bench-%d.db", time.Now().UnixNano()))
		return Database{URL: "sqlite:" + path, Dir: dir, cleanup: func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(path + suffix)
			}
		}}, nil
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	schema := "waybill_bench_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return Database{}, err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return Database{}, fmt.Errorf("create benchmark schema: %w", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		return Database{}, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return Database{URL: u.String(), Dir: os.TempDir(), cleanup: func() {
		if admin, err := sql.Open("pgx", base); err == nil {
			_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
			admin.Close()
		}
	}}, nil
}

// HotSKU is the SKU that takes half of all demand.
const HotSKU = "BENCH-000000"

func skuName(i int) string { return fmt.Sprintf("BENCH-%06d", i) }

// Seed loads n products, one warehouse serving the US with one bin, and
// stock: a million units of the hot SKU, ten thousand of each other.
func Seed(ctx context.Context, d *db.DB, n int) error {
	ctx = actor.With(ctx, actor.CLI("bench"))
	ins := make([]catalog.ProductInput, n)
	for i := range ins {
		ins[i] = catalog.ProductInput{SKU: skuName(i), Name: "Bench product " + skuName(i), Category: "general",
			WeightG: 250 + int64(i%2000), LengthMM: 200, WidthMM: 150, HeightMM: 50, PriceMinor: 999 + int64(i%5000), Currency: "USD"}
	}
	if _, err := catalog.NewStore(d).CreateMany(ctx, ins); err != nil {
		return fmt.Errorf("seed products: %w", err)
	}
	ws := warehouse.NewStore(d)
	if _, err := ws.Create(ctx, warehouse.Input{Code: "US-BENCH", Name: "Benchmark DC", Latitude: 40.7, Longitude: -74.1,
		Address:       warehouse.Address{Line1: "1 Dock St", City: "Newark", Region: "NJ", PostalCode: "07105", Country: "US"},
		RegionsServed: []warehouse.Region{{Country: "US"}}, CutoffTime: "16:00", Timezone: "America/New_York"}); err != nil {
		return fmt.Errorf("seed warehouse: %w", err)
	}
	if _, err := ws.AddBins(ctx, "US-BENCH", []warehouse.BinInput{{Code: "A-01-01-1", X: 1, Y: 1}}); err != nil {
		return fmt.Errorf("seed bin: %w", err)
	}
	stock := inventory.NewStore(d, inventory.WithWaiting(inventory.NoneWaiting))
	const chunk = 5000
	for start := 0; start < n; start += chunk {
		var rs []inventory.Receipt
		for i := start; i < min(start+chunk, n); i++ {
			qty := int64(10_000)
			if i == 0 {
				qty = 1_000_000
			}
			rs = append(rs, inventory.Receipt{Warehouse: "US-BENCH", Bin: "A-01-01-1", SKU: skuName(i), Quantity: qty, Reference: "BENCH"})
		}
		if _, err := stock.ReceiveAll(ctx, rs); err != nil {
			return fmt.Errorf("seed stock: %w", err)
		}
	}
	return nil
}
