package bench

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/order"
)

// CatchAll is the baseline of the console benchmark: the orders list query
// as it was before the console's search (order/search.go replaced it), one
// fixed statement where every filter is "$n = ” OR column = $n", so the
// planner cannot tell which filters are set. It lists ids only; the
// benchmark compares it with Store.List's own query on the same filters.
func CatchAll(ctx context.Context, d *db.DB, f order.Filter) (int, error) {
	from, to := f.CreatedFrom, f.CreatedTo
	if from.IsZero() {
		from = time.Unix(0, 0)
	}
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	n := 0
	err := d.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM orders o WHERE ($1 = '' OR status = $1) AND ($2 = '' OR payment_status = $2)
			AND ($3 = '' OR channel = $3) AND ($4 = '' OR lower(customer_email) = lower($4)) AND ($5 = '' OR customer_phone = $5)
			AND ($6 = '' OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.sku = $6))
			AND created_at >= $7 AND created_at < $8 AND ($9 = '' OR id < $9) AND ($11 = '' OR external_ref = $11)
			ORDER BY id DESC LIMIT $10`,
			f.Status, f.PaymentStatus, f.Channel, f.Email, f.Phone, f.SKU, from, to, f.Before, f.Limit, f.ExternalRef)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			n++
		}
		return rows.Err()
	})
	return n, err
}
