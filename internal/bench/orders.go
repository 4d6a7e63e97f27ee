package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/shortage"
)

// Book describes the orders LoadOrders wrote, so a benchmark can ask for
// ones that exist: customers are customer<k>@example.com with phone
// +1 650 2kk kkkk for k < Customers, references bench-<i>, SKUs BENCH-nnnnnn.
type Book struct {
	Orders    int
	Customers int
	SKUs      int
	From, To  time.Time // when the first and the last order were placed
	Numbers   []string  // a sample of order numbers
	IDs       []string  // the ids of those orders
}

// LoadOrders fills d (seeded with Seed's catalogue of skus) with n orders
// spread over the year before now. A few hundred are placed through the
// intake engine, so every column holds what intake writes; the rest are
// copies of those rows with their own id, number, reference, customer,
// time, status and SKUs, written in large multi-row inserts: a million
// orders load in minutes where the engine would take most of an hour.
// Statuses are spread as in a shop a year old: mostly released, some
// cancelled, a few placed, confirmed or on hold for each reason, 1 % short.
func LoadOrders(ctx context.Context, d *db.DB, n, skus int, now time.Time, seed uint64) (Book, error) {
	book := Book{Orders: n, Customers: max(n/5, 1), SKUs: skus, From: now.AddDate(-1, 0, 0), To: now}
	templates, err := placeTemplates(ctx, d, min(skus, 200))
	if err != nil {
		return book, err
	}
	orderCols, orderRows, err := readRows(ctx, d, `SELECT * FROM orders WHERE id IN (`+db.Placeholders(1, len(templates))+`) ORDER BY id`, templates)
	if err != nil {
		return book, err
	}
	lineCols, lineRows, err := readRows(ctx, d, `SELECT * FROM order_lines WHERE order_id IN (`+db.Placeholders(1, len(templates))+`) ORDER BY order_id, line_no`, templates)
	if err != nil {
		return book, err
	}
	linesOf := map[string][][]any{}
	oi := indexOf(orderCols)
	li := indexOf(lineCols)
	for _, l := range lineRows {
		key := l[li["order_id"]].(string)
		linesOf[key] = append(linesOf[key], l)
	}
	products, err := productIDs(ctx, d)
	if err != nil {
		return book, err
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(skus-2)) // BENCH-000001 up to the last
	span := book.To.Sub(book.From)
	const perInsert = 500
	var orders, lines [][]any
	flush := func() error {
		err := d.Write(ctx, func(tx *db.Tx) error {
			if err := insertRows(ctx, tx, d.Dialect(), "orders", orderCols, orders); err != nil {
				return err
			}
			return insertRows(ctx, tx, d.Dialect(), "order_lines", lineCols, lines)
		})
		orders, lines = orders[:0], lines[:0]
		return err
	}
	for i := range n {
		t := orderRows[rng.IntN(len(orderRows))]
		row := append([]any(nil), t...)
		at := book.From.Add(time.Duration(float64(span) * float64(i) / float64(n))).Truncate(time.Millisecond)
		oid := id.New("ord", at)
		k := rng.IntN(book.Customers)
		number := benchNumber(i)
		status, payment, hold, short := spread(rng)
		set := func(col string, v any) {
			if j, ok := oi[col]; ok {
				row[j] = v
			}
		}
		set("id", oid)
		set("number", number)
		set("channel", []string{"web", "web", "web", "app", "marketplace"}[rng.IntN(5)])
		set("external_ref", fmt.Sprintf("bench-%d", i))
		set("customer_email", fmt.Sprintf("customer%d@example.com", k))
		set("customer_phone", fmt.Sprintf("+1650%07d", 2_000_000+k))
		set("status", status)
		set("payment_status", payment)
		set("hold_kind", hold)
		set("short", short)
		set("created_at", at)
		set("updated_at", at)
		orders = append(orders, row)
		for _, l := range linesOf[t[oi["id"]].(string)] {
			line := append([]any(nil), l...)
			sku := skuName(1 + int(zipf.Uint64()))
			line[li["order_id"]], line[li["sku"]], line[li["product_id"]] = oid, sku, products[sku]
			lines = append(lines, line)
		}
		if i%5000 == 0 && len(book.Numbers) < 2000 {
			book.Numbers, book.IDs = append(book.Numbers, number), append(book.IDs, oid)
		}
		if len(orders) == perInsert {
			if err := flush(); err != nil {
				return book, err
			}
		}
	}
	if len(orders) > 0 {
		if err := flush(); err != nil {
			return book, err
		}
	}
	// The templates stay: real orders placed now, after the year of copies.
	if err := analyze(ctx, d); err != nil {
		return book, err
	}
	// The copies were not placed, so the search keys, which follow
	// placements, are built again from the orders.
	search := order.NewStore(d)
	if err := search.ForgetSearch(ctx); err != nil {
		return book, err
	}
	return book, search.CatchUpSearch(ctx)
}

// spread draws an order's status, payment status, hold reason and short
// flag as a year-old shop's orders are spread.
func spread(rng *rand.Rand) (status, payment, hold string, short bool) {
	short = rng.IntN(100) == 0
	switch p := rng.IntN(1000); {
	case p < 780:
		return string(order.Released), []string{"paid", "paid", "paid", "cod_pending"}[rng.IntN(4)], "", short
	case p < 880:
		return string(order.Cancelled), []string{"refund_due", "refunded", "voided", "voided"}[rng.IntN(4)], "", short
	case p < 930:
		return string(order.Placed), "awaiting_payment", "", short
	case p < 960:
		return string(order.Confirmed), "paid", "", short
	default:
		kinds := order.HoldKinds
		return string(order.OnHold), "paid", string(kinds[rng.IntN(len(kinds))]), short
	}
}

// benchNumber is order i's number: unique, and spread like intake's random
// ones (i times an odd constant modulo 2^40, in base32).
func benchNumber(i int) string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	x := (uint64(i) * 0x9E3779B97F) & (1<<40 - 1)
	var b [8]byte
	for j := 7; j >= 0; j-- {
		b[j] = alphabet[x&31]
		x >>= 5
	}
	return "WB-" + string(b[:4]) + "-" + string(b[4:])
}

// placeTemplates places n real orders through the intake engine and
// returns their ids.
func placeTemplates(ctx context.Context, d *db.DB, n int) ([]any, error) {
	ctx = actor.With(ctx, actor.Actor{ID: "key_bench", Name: "bench", Role: actor.Integration, RemoteAddr: "127.0.0.1"})
	engine := order.NewEngine(d, nil, order.Config{Coupons: coupon.Intake{}, Shortages: shortage.Intake{}})
	engine.Start()
	defer engine.Stop()
	g := Workload{SKUs: max(n, 10), Skew: 1.1, HotShare: 0.1}.generator(0, 1)
	var ids []any
	for range n {
		req := g.next("template")
		req.Lines = req.Lines[:1+len(ids)%3]
		r := engine.Place(ctx, req, nil)
		if r.Err != nil {
			return nil, fmt.Errorf("place a template order: %w", r.Err)
		}
		var o struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(r.Body, &o); err != nil {
			return nil, err
		}
		ids = append(ids, o.ID)
	}
	return ids, nil
}

func readRows(ctx context.Context, d *db.DB, query string, args []any) (cols []string, out [][]any, err error) {
	err = d.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		if cols, err = rows.Columns(); err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			out = append(out, vals)
		}
		return rows.Err()
	})
	return cols, out, err
}

// insertRows writes rows in one multi-row insert. SQLite gets anonymous ?
// parameters: it looks a numbered one up by name in a list, which at tens
// of thousands of parameters costs more than the insert.
func insertRows(ctx context.Context, tx *db.Tx, dialect db.Dialect, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	args := make([]any, 0, len(rows)*len(cols))
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		if dialect == db.SQLite {
			b.WriteString("(" + strings.Repeat("?, ", len(cols)-1) + "?)")
		} else {
			b.WriteString("(" + db.Placeholders(len(args)+1, len(cols)) + ")")
		}
		args = append(args, r...)
	}
	_, err := tx.ExecContext(ctx, b.String(), args...)
	if err != nil {
		return fmt.Errorf("insert %d rows into %s: %w", len(rows), table, err)
	}
	return nil
}

func productIDs(ctx context.Context, d *db.DB) (map[string]string, error) {
	out := map[string]string{}
	err := d.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT sku, id FROM products`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sku, pid string
			if err := rows.Scan(&sku, &pid); err != nil {
				return err
			}
			out[sku] = pid
		}
		return rows.Err()
	})
	return out, err
}

// analyze refreshes the planner's statistics after the load, as
// PostgreSQL's autovacuum and SQLite's PRAGMA optimize would in a
// database that grew to this size over a year.
func analyze(ctx context.Context, d *db.DB) error {
	return d.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, "ANALYZE")
		return err
	})
}

func indexOf(cols []string) map[string]int {
	out := map[string]int{}
	for i, c := range cols {
		out[c] = i
	}
	return out
}
