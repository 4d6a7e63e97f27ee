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
	w.add("lower(o.customer_email) = lower(?)", f.Email)
	w.add("o.customer_phone = ?", f.Phone)
	w.add("o.number = ?", strings.ToUpper(f.Number))
	if f.SKU != "" {
		w.add(bySKU.condition(), f.SKU)
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
	arm("SELECT id FROM orders WHERE external_ref = ?", q)
	if skus.canonical != "" && !skus.popular {
		arm("SELECT l.order_id FROM order_lines l WHERE l.sku = ?", skus.canonical)
	}
	if strings.Contains(q, "@") {
		if email, err := address.NormalizeEmail(q); err == nil {
			arm("SELECT id FROM orders WHERE lower(customer_email) = lower(?)", email)
		}
	} else if phones := address.PhoneReadings(q); len(phones) > 0 {
		first := len(w.args) + 1
		for _, p := range phones {
			w.args = append(w.args, p)
		}
		arms = append(arms, "SELECT id FROM orders WHERE customer_phone IN ("+db.Placeholders(first, len(phones))+")")
	}
	cond := "o.id IN (" + strings.Join(arms, " UNION ") + ")"
	if skus.canonical != "" && skus.popular {
		w.args = append(w.args, skus.canonical)
		cond = "(" + cond + " OR " + strings.Replace(skus.condition(), "?", db.Placeholders(len(w.args), 1), 1) + ")"
	}
	w.conds = append(w.conds, cond)
}

// skuPlan is how to match orders by a SKU, chosen per query: the SKU as
// the catalogue spells it (a search matches it in any case), and whether
// it is popular. A rare SKU's orders are best gathered from the lines'
// index and sorted; a bestseller's lines are in tens of thousands of
// orders, so gathering them all took two seconds at a million orders,
// while walking the orders newest first finds a page of them at once.
type skuPlan struct {
	canonical string
	popular   bool
}

// popularLines is how many lines make a SKU popular for skuPlan.
var popularLines = 2000

func (p skuPlan) condition() string {
	if p.popular {
		return "EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.sku = ?)"
	}
	return "o.id IN (SELECT l.order_id FROM order_lines l WHERE l.sku = ?)"
}

// planSKU looks up name as a SKU in any case and counts its lines up to
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
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM order_lines WHERE sku = $1 LIMIT $2) t`,
		p.canonical, popularLines).Scan(&n)
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
