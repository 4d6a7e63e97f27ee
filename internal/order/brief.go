package order

import (
	"context"
	"slices"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Brief is the little of an order a later stage shows beside its own
// records (how people know it, who may see it, its state and how it is
// paid), read without loading its lines.
type Brief struct {
	ID            string
	Number        string
	Channel       string
	Locale        string
	Currency      string
	Status        Status
	PaymentMethod string
	PaymentStatus PaymentStatus
}

const briefColumns = `id, number, channel, locale, currency, status, payment_method, payment_status`

func scanBrief(sc interface{ Scan(...any) error }) (Brief, error) {
	var b Brief
	err := sc.Scan(&b.ID, &b.Number, &b.Channel, &b.Locale, &b.Currency, &b.Status, &b.PaymentMethod, &b.PaymentStatus)
	return b, err
}

// ReadBrief reads an order's brief in tx by id or number, without locking
// it; an unknown order is not found.
func ReadBrief(ctx context.Context, tx *db.Tx, ref string) (Brief, error) {
	b, err := scanBrief(tx.QueryRowContext(ctx, `SELECT `+briefColumns+` FROM orders WHERE id = $1 OR number = $1`, ref))
	if err != nil {
		return Brief{}, db.NotFound(err, "no order %s", errs.Clip(ref))
	}
	return b, nil
}

// ReadBriefs reads many orders' briefs in tx by id, without locking them,
// for a page or a batch; ids not found are missing from the map.
func ReadBriefs(ctx context.Context, tx *db.Tx, ids []string) (map[string]Brief, error) {
	out := make(map[string]Brief, len(ids))
	err := db.InChunks(slices.Compact(slices.Sorted(slices.Values(ids))), func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT `+briefColumns+` FROM orders WHERE id IN (`+tx.Placeholders(1, len(part))+`)`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBrief(rows)
			if err != nil {
				return err
			}
			out[b.ID] = b
		}
		return rows.Err()
	})
	return out, err
}
