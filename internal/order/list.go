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
	Number                                                         string // the order number (WB-…), any case
	// Search finds what a person types in one box: an order number, an
	// external reference (any channel), a SKU, an e-mail or a phone.
	Search                 string
	HoldKind               string // on hold for this reason (HoldPayment…); "any": on hold for any
	Short                  bool   // only orders with units short
	CreatedFrom, CreatedTo time.Time
	Before                 string // cursor: orders older than this id
	Limit                  int
	Channels               []string // only these channels (a confined key's); nil: all
}

// List returns orders newest first, each whole (lines, allocations,
// fulfilments), as Get returns it. The query names only the conditions the
// filter sets, so each database picks the index that serves them (a
// catch-all "status = $1 OR $1 is empty" hides them from the planner).
func (s *Store) List(ctx context.Context, f Filter) ([]Order, error) {
	var out []Order
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		bySKU, err := planSKU(ctx, tx, f.SKU)
		if err != nil {
			return err
		}
		searched, err := planSKU(ctx, tx, f.Search)
		if err != nil {
			return err
		}
		where, args := f.where(bySKU, searched)
		out, err = scanOrders(ctx, tx, selectOrder+where+` ORDER BY o.id DESC LIMIT `+db.Placeholders(len(args)+1, 1),
			append(args, f.Limit)...)
		if err != nil {
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

// scanOrders runs a query of selectOrder's columns and scans each row.
func scanOrders(ctx context.Context, tx *db.Tx, query string, args ...any) ([]Order, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
