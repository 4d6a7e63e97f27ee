package order

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// CODTerms is what a cash-on-delivery order asks of the carrier that
// delivers it: the total to collect, and who the customer is (the risk
// rules count a customer's refusals).
type CODTerms struct {
	TotalMinor    int64
	Currency      string
	CustomerEmail string
}

// ReadCODTerms reads, in tx, the terms of those of ids that are paid cash
// on delivery; prepaid orders and ids not found are missing from the map.
func ReadCODTerms(ctx context.Context, tx *db.Tx, ids []string) (map[string]CODTerms, error) {
	out := map[string]CODTerms{}
	err := db.InChunks(ids, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT id, total_minor, currency, customer_email FROM orders
			WHERE payment_method = 'cod' AND id IN (`+tx.Placeholders(1, len(part))+`)`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var t CODTerms
			if err := rows.Scan(&id, &t.TotalMinor, &t.Currency, &t.CustomerEmail); err != nil {
				return err
			}
			out[id] = t
		}
		return rows.Err()
	})
	return out, err
}
