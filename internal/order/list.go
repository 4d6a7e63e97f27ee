package order

import (
	"context"
	"sort"
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
		if err := readTimeline(ctx, tx, orderID, false, func(at time.Time, e entry) bool {
			out = append(out, e.event(at))
			return true
		}); err != nil {
			return err
		}
		// Batches are in the order their transactions took numbers, which
		// on PostgreSQL is not quite the order of their times.
		sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
		return nil
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
//
// A filter by e-mail, phone, SKU or search reads the search keys, which
// follow intake: the read first catches them up, for searchTimeout at most.
func (s *Store) List(ctx context.Context, f Filter) ([]Order, error) {
	if f.usesKeys() {
		if err := s.catchUpForSearch(ctx); err != nil {
			return nil, err
		}
	}
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
