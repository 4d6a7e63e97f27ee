package order

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// where is the filter as SQL conditions on orders o and their arguments,
// numbered $1…. Created ranges also bound the id, which is time-ordered
// (internal/id), so newest-first paging within a range walks the primary
// key instead of sorting the range. bySKU and searched say how the SKU
// the filter names, and the search read as a SKU, are best matched.
func (f Filter) where(bySKU, searched skuPlan) (string, []any) {
	var w conditions
	w.add("o.status = ?", f.Status)
	w.add("o.payment_status = ?", f.PaymentStatus)
	w.add("o.channel = ?", f.Channel)
	w.add("o.external_ref = ?", f.ExternalRef)
	if f.Email != "" {
		w.add(byKey, keyEmail+strings.ToLower(f.Email))
	}
	if f.Phone != "" {
		w.add(byKey, keyPhone+f.Phone)
	}
	w.add("o.number = ?", strings.ToUpper(f.Number))
	if f.SKU != "" {
		w.add(bySKU.condition())
	}
	w.add("o.id < ?", f.Before)
	switch f.HoldKind {
	case "":
	case "any":
		w.add("o.status = ?", string(OnHold))
	default:
		w.add("o.status = ?", string(OnHold))
		w.add("o.hold_kind = ?", f.HoldKind)
	}
	if f.Short {
		w.conds = append(w.conds, "o.short") // as written, so the partial index orders_short serves it
	}
	if !f.CreatedFrom.IsZero() {
		w.add("o.created_at >= ?", f.CreatedFrom)
		w.add("o.id >= ?", id.Floor("ord", f.CreatedFrom))
	}
	if !f.CreatedTo.IsZero() {
		w.add("o.created_at < ?", f.CreatedTo)
		w.add("o.id < ?", id.Floor("ord", f.CreatedTo.Add(time.Millisecond)))
	}
	if len(f.Channels) > 0 {
		w.in("o.channel", f.Channels)
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		w.search(q, searched)
	}
	return w.sql(), w.args
}

// search matches q against everything a person may paste into the one
// search box, as a union of indexed lookups: the order number, an external
// reference of any channel, a SKU (any case), and q as an e-mail or a phone
// when it reads as one.
func (w *conditions) search(q string, skus skuPlan) {
	var arms []string
	arm := func(sql string, arg any) {
		w.args = append(w.args, arg)
		arms = append(arms, strings.Replace(sql, "?", db.Placeholders(len(w.args), 1), 1))
	}
	arm("SELECT id FROM orders WHERE number = ?", strings.ToUpper(q))
	keys := []string{keyRef + q}
	if skus.canonical != "" && !skus.popular {
		keys = append(keys, keySKU+skus.canonical)
	}
	if strings.Contains(q, "@") {
		if email, err := address.NormalizeEmail(q); err == nil {
			keys = append(keys, keyEmail+strings.ToLower(email))
		}
	} else {
		for _, p := range address.PhoneReadings(q) {
			keys = append(keys, keyPhone+p)
		}
	}
	first := len(w.args) + 1
	w.args = append(w.args, db.Args(keys)...)
	arms = append(arms, "SELECT order_id FROM order_search_keys WHERE key IN ("+db.Placeholders(first, len(keys))+")")
	cond := "o.id IN (" + strings.Join(arms, " UNION ") + ")"
	if skus.canonical != "" && skus.popular {
		sql, arg := skus.condition()
		w.args = append(w.args, arg)
		cond = "(" + cond + " OR " + strings.Replace(sql, "?", db.Placeholders(len(w.args), 1), 1) + ")"
	}
	w.conds = append(w.conds, cond)
}

// byKey matches the orders with a search key (searchindex.go).
const byKey = "o.id IN (SELECT order_id FROM order_search_keys WHERE key = ?)"

// usesKeys reports whether f reads the search keys, which a read should
// catch up first.
func (f Filter) usesKeys() bool {
	return f.Email != "" || f.Phone != "" || strings.TrimSpace(f.SKU) != "" || strings.TrimSpace(f.Search) != ""
}

// skuPlan is how to match orders by a SKU, chosen per query: the SKU as
// the catalogue spells it (a search matches it in any case), and whether
// it is popular. A rare SKU's orders are best gathered from the search
// keys and sorted; a bestseller's lines are in tens of thousands of
// orders, so gathering them all took two seconds at a million orders,
// while walking the orders newest first finds a page of them at once.
type skuPlan struct {
	canonical string
	popular   bool
}

// popularLines is how many orders with a line of it make a SKU popular.
var popularLines = 2000

// condition is the SQL condition on orders o, with its one argument.
func (p skuPlan) condition() (string, any) {
	if p.popular {
		return "EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.sku = ?)", p.canonical
	}
	return byKey, keySKU + p.canonical
}

// planSKU looks up name as a SKU in any case and counts its orders up to
// popularLines.
func planSKU(ctx context.Context, tx *db.Tx, name string) (skuPlan, error) {
	name = strings.TrimSpace(name)
	var p skuPlan
	if name == "" {
		return p, nil
	}
	err := tx.QueryRowContext(ctx, `SELECT sku FROM products WHERE lower(sku) = lower($1)`, name).Scan(&p.canonical)
	if errors.Is(err, sql.ErrNoRows) {
		return skuPlan{}, nil
	}
	if err != nil {
		return p, err
	}
	var n int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM order_search_keys WHERE key = $1 LIMIT $2) t`,
		keySKU+p.canonical, popularLines).Scan(&n)
	p.popular = n >= popularLines
	return p, err
}

// conditions collects a WHERE clause; add skips a condition whose value is
// the zero string, so an unset filter costs the query nothing.
type conditions struct {
	conds []string
	args  []any
}

func (w *conditions) add(cond string, arg any) {
	if s, ok := arg.(string); ok && s == "" {
		return
	}
	w.args = append(w.args, arg)
	w.conds = append(w.conds, strings.Replace(cond, "?", db.Placeholders(len(w.args), 1), 1))
}

func (w *conditions) in(column string, values []string) {
	first := len(w.args) + 1
	for _, v := range values {
		w.args = append(w.args, v)
	}
	w.conds = append(w.conds, column+" IN ("+db.Placeholders(first, len(values))+")")
}

func (w *conditions) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
