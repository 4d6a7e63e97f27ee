package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// RowCeiling is what the database itself allows for orders of the benchmark's
// shape, before the engine reads, decides or writes anything else: batches of
// narrow order rows group-committed through the same driver, pragmas and
// multi-row insert path the engine uses. With primary keys only, writing an
// order and its three lines as rows cannot go faster than FourRows, and
// keeping an order as one row (lines inside it) cannot go faster than
// OneRow. FourRowsIndexed adds what finding orders needs, indexes on the
// order number, the channel's reference and the customer's e-mail, with keys
// spread like the benchmark's (random numbers, 512 reference streams, 1,000
// customers): no design that keeps those lookups in the order's own
// transaction goes faster.
type RowCeiling struct {
	FourRowsPerSec        float64 `json:"four_rows_orders_per_sec"`         // an order row and three line rows
	FourRowsIndexedPerSec float64 `json:"four_rows_indexed_orders_per_sec"` // the same with the order's lookup indexes
	OneRowPerSec          float64 `json:"one_row_orders_per_sec"`           // one row per order, lines inside it
	Batch                 int     `json:"orders_per_commit"`
	MeasuredFor           string  `json:"measured_for"`
}

// MeasureRows writes probe orders into a fresh SQLite file in dir for d per
// shape and reports orders per second. On PostgreSQL it is not measured.
func MeasureRows(ctx context.Context, dir string, d time.Duration) (RowCeiling, error) {
	const batch = 256 // about the engine's average batch under load
	c := RowCeiling{Batch: batch, MeasuredFor: d.String()}
	probe, err := Fresh(ctx, "sqlite", dir)
	if err != nil {
		return c, err
	}
	defer probe.Close()
	pdb, err := db.Open(ctx, probe.URL, db.Options{})
	if err != nil {
		return c, err
	}
	defer pdb.Close()
	err = pdb.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE probe_orders (id TEXT PRIMARY KEY, customer TEXT NOT NULL, body TEXT NOT NULL);
			CREATE TABLE probe_lines (order_id TEXT NOT NULL, line_no INTEGER NOT NULL, sku TEXT NOT NULL,
				quantity INTEGER NOT NULL, PRIMARY KEY (order_id, line_no));
			CREATE TABLE probe_indexed (id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, reference TEXT NOT NULL UNIQUE,
				email TEXT NOT NULL, body TEXT NOT NULL);
			CREATE INDEX probe_indexed_email ON probe_indexed (email, id)`)
		return err
	})
	if err != nil {
		return c, fmt.Errorf("create probe tables: %w", err)
	}
	// An order's own columns (customer, address, totals) come to about
	// 300 bytes of text; a line is a SKU and a quantity.
	body := strings.Repeat("x", 300)
	type shape int
	const (
		fourRows shape = iota
		fourRowsIndexed
		oneRow
	)
	rnd := rand.New(rand.NewPCG(1, 2))
	measure := func(sh shape) (float64, error) {
		table, columns := "probe_orders", []string{"id", "customer", "body"}
		if sh == fourRowsIndexed {
			table, columns = "probe_indexed", []string{"id", "number", "reference", "email", "body"}
		}
		n := 0
		start := time.Now()
		for time.Since(start) < d {
			err := pdb.Write(ctx, func(tx *db.Tx) error {
				orders := make([][]any, 0, batch)
				lines := make([][]any, 0, 3*batch)
				for i := range batch {
					oid := id.New("ord", tx.Now)
					switch sh {
					case oneRow:
						orders = append(orders, []any{oid, "customer@example.com", body + `[{"sku":"BENCH-000001","quantity":1},{"sku":"BENCH-000002","quantity":1},{"sku":"BENCH-000003","quantity":1}]`})
						continue
					case fourRowsIndexed:
						orders = append(orders, []any{oid, fmt.Sprintf("WB-%016x", rnd.Uint64()),
							fmt.Sprintf("bench-%d-%d", rnd.IntN(512), n+i), fmt.Sprintf("grace%d@example.com", rnd.IntN(1000)), body})
					default:
						orders = append(orders, []any{oid, "customer@example.com", body})
					}
					for l := range 3 {
						lines = append(lines, []any{oid, l, skuName((n+i)*3 + l), 1})
					}
				}
				if err := db.InsertRows(ctx, tx, table, columns, orders); err != nil {
					return err
				}
				return db.InsertRows(ctx, tx, "probe_lines", []string{"order_id", "line_no", "sku", "quantity"}, lines)
			})
			if err != nil {
				return 0, err
			}
			n += batch
		}
		return float64(n) / time.Since(start).Seconds(), nil
	}
	if c.FourRowsPerSec, err = measure(fourRows); err != nil {
		return c, err
	}
	if c.FourRowsIndexedPerSec, err = measure(fourRowsIndexed); err != nil {
		return c, err
	}
	c.OneRowPerSec, err = measure(oneRow)
	return c, err
}
