// Package setting holds the operator's rules that used to be constants:
// where cash on delivery is confirmed at once and up to what total, how
// long a prepaid order may stay unpaid, how long an Idempotency-Key replays
// its first answer, and whether a customer's note holds an order for a
// person. They are one row, changed with PATCH /v1/settings (admin, audited)
// and read through a short cache, so the intake engine, which asks once per
// batch, costs no database read per order.
package setting

import (
	"context"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Values are the rules in force. The zero value is not valid; start from
// Defaults.
type Values struct {
	// CODCountries are the destinations (ISO 3166 alpha-2) where a cash on
	// delivery order is confirmed at once; elsewhere it is held for a person.
	CODCountries []string
	// CODMaxTotalMinor is the largest total, in minor units of the order's
	// currency, confirmed at once for cash on delivery.
	CODMaxTotalMinor int64
	// PaymentWindow is how long a prepaid order may wait for its payment
	// before it is cancelled; it is fixed on each order when it is placed.
	PaymentWindow time.Duration
	// IdempotencyRetention is how long an Idempotency-Key replays its
	// first answer; it is fixed on each answer when it is stored.
	IdempotencyRetention time.Duration
	// HoldOnCustomerNote makes review hold every order whose customer wrote
	// a special-request note, for a person to read it.
	HoldOnCustomerNote bool
	// UpdatedAt is when they last changed (zero for Defaults).
	UpdatedAt time.Time
}

// The bounds Validate holds the rules to; the table's CHECKs repeat them.
const (
	MinPaymentWindow        = time.Minute
	MaxPaymentWindow        = 7 * 24 * time.Hour
	MinIdempotencyRetention = time.Hour
	MaxIdempotencyRetention = 30 * 24 * time.Hour
	MaxCODTotalMinor        = 1_000_000_000_000
)

// Defaults are the rules of a new database, and Waybill's behaviour before
// they could be changed.
func Defaults() Values {
	return Values{
		CODCountries:         []string{"CN", "TW", "HK", "IN", "BR", "JP"},
		CODMaxTotalMinor:     500_000,
		PaymentWindow:        30 * time.Minute,
		IdempotencyRetention: 24 * time.Hour,
		HoldOnCustomerNote:   true,
	}
}

// CODOffered reports whether cash on delivery is confirmed at once for an
// order to country.
func (v Values) CODOffered(country string) bool { return slices.Contains(v.CODCountries, country) }

// Source gives the rules in force. The engine asks once per batch, review
// once per order it reviews: an implementation answers from memory.
type Source interface {
	// Current is for a caller outside any transaction (the engine asks
	// before it opens a batch's).
	Current(ctx context.Context) (Values, error)
	// CurrentTx is for a caller inside tx (review): a read it needs goes
	// through tx rather than a second connection.
	CurrentTx(ctx context.Context, tx *db.Tx) (Values, error)
}

// Static is a Source that always answers v: for tests and tools that run
// without the settings table.
type Static Values

// Current returns the fixed values.
func (s Static) Current(context.Context) (Values, error) { return Values(s), nil }

// CurrentTx returns the fixed values.
func (s Static) CurrentTx(context.Context, *db.Tx) (Values, error) { return Values(s), nil }
