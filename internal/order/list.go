package order

import (
	"context"
	"encoding/json"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Events returns an order's timeline, oldest first.
func (s *Store) Events(ctx context.Context, ref string) ([]Event, error) {
	var out []Event
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var orderID, channel string
		err := tx.QueryRowContext(ctx, `SELECT id, channel FROM orders WHERE id = $1 OR number = $1`, ref).Scan(&orderID, &channel)
		if err != nil {
			return db.NotFound(err, "no order %q", ref)
		}
		if hidden(ctx, channel) {
			return notFound(ref)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, at, type, status, payment_status, actor, detail
			FROM order_events WHERE order_id = $1 ORDER BY at, id`, orderID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e Event
			var detail string
			if err := rows.Scan(&e.ID, &e.At, &e.Type, &e.Status, &e.PaymentStatus, &e.Actor, &detail); err != nil {
				return err
			}
			e.At, e.Detail = e.At.UTC(), json.RawMessage(detail)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// Filter selects orders for List; zero fields match everything. Email and
// Phone are normalised as intake stores them; an e-mail matches whatever
// its case.
type Filter struct {
	Status, PaymentStatus, Channel, ExternalRef, Email, Phone, SKU string
	CreatedFrom, CreatedTo                                         time.Time
	Before                                                         string // cursor: orders older than this id
	Limit                                                          int
	Channels                                                       []string // only these channels (a confined key's); nil: all
}

// List returns orders newest first, each whole (lines, allocations,
// fulfilments), as Get returns it.
func (s *Store) List(ctx context.Context, f Filter) ([]Order, error) {
	var out []Order
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		from, to := f.CreatedFrom, f.CreatedTo
		if from.IsZero() {
			from = time.Unix(0, 0)
		}
		if to.IsZero() {
			to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		rows, err := tx.QueryContext(ctx, selectOrder+` WHERE ($1 = '' OR status = $1) AND ($2 = '' OR payment_status = $2)
			AND ($3 = '' OR channel = $3) AND ($4 = '' OR lower(customer_email) = lower($4)) AND ($5 = '' OR customer_phone = $5)
			AND ($6 = '' OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.sku = $6))
			AND created_at >= $7 AND created_at < $8 AND ($9 = '' OR id < $9) AND ($11 = '' OR external_ref = $11)`+
			inChannels(f.Channels, 12)+` ORDER BY id DESC LIMIT $10`,
			append([]any{f.Status, f.PaymentStatus, f.Channel, f.Email, f.Phone, f.SKU, from, to, f.Before, f.Limit, f.ExternalRef},
				anys(f.Channels)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			o, err := scanOrder(rows)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		return details(ctx, tx, out)
	})
	return out, err
}

// inChannels is a list's condition for a confined key: channel IN the
// key's channels, as placeholders from $first (the one column named channel
// in the query: orders.channel).
func inChannels(channels []string, first int) string {
	if len(channels) == 0 {
		return ""
	}
	return ` AND o.channel IN (` + db.Placeholders(first, len(channels)) + `)`
}

func anys(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}
