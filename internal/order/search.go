package order

import (
	"strings"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// where is the filter as SQL conditions on orders o and their arguments,
// numbered $1…. Created ranges also bound the id, which is time-ordered
// (internal/id), so newest-first paging within a range walks the primary
// key instead of sorting the range.
func (f Filter) where() (string, []any) {
	var w conditions
	w.add("o.status = ?", f.Status)
	w.add("o.payment_status = ?", f.PaymentStatus)
	w.add("o.channel = ?", f.Channel)
	w.add("o.external_ref = ?", f.ExternalRef)
	w.add("lower(o.customer_email) = lower(?)", f.Email)
	w.add("o.customer_phone = ?", f.Phone)
	w.add("o.number = ?", strings.ToUpper(f.Number))
	w.add("o.id IN (SELECT l.order_id FROM order_lines l WHERE l.sku = ?)", f.SKU)
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
		w.search(q)
	}
	return w.sql(), w.args
}

// search matches q against everything a person may paste into the one
// search box, as a union of indexed lookups: the order number, an external
// reference of any channel, a SKU (any case), and q as an e-mail or a phone
// when it reads as one.
func (w *conditions) search(q string) {
	var arms []string
	arm := func(sql string, arg any) {
		w.args = append(w.args, arg)
		arms = append(arms, strings.Replace(sql, "?", db.Placeholders(len(w.args), 1), 1))
	}
	arm("SELECT id FROM orders WHERE number = ?", strings.ToUpper(q))
	arm("SELECT id FROM orders WHERE external_ref = ?", q)
	arm("SELECT l.order_id FROM order_lines l WHERE l.sku IN (SELECT p.sku FROM products p WHERE lower(p.sku) = lower(?))", q)
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
	w.conds = append(w.conds, "o.id IN ("+strings.Join(arms, " UNION ")+")")
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
