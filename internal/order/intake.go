package order

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// The engine decides each order of a batch in memory, and two of those
// decisions belong to other stages: what coupons take off, and what
// happens to units no warehouse can cover. It asks them through these
// interfaces, which the coupon and shortage packages implement and
// cmd/waybill plugs in (WithCoupons, WithShortages).

// Coupons prices coupons for the engine, batch by batch.
type Coupons interface {
	// LoadBatch reads in tx what the batch's coupons need (the coupons its
	// orders name, their customers' redemptions), after the batch's stock
	// was read (and on PostgreSQL locked), before any order is decided.
	LoadBatch(ctx context.Context, tx *db.Tx, uses []CouponUse) (CouponBatch, error)
}

// CouponUse is the coupon codes an order names and its customer.
type CouponUse struct {
	Codes []string // normalised by validation: trimmed, upper case, no repeats
	Email string   // the order's normalised e-mail
}

// CouponBatch decides the coupons of one batch's orders, in arrival order,
// counting the uses the batch has taken so far: two orders of one batch
// cannot both take a coupon's last use.
type CouponBatch interface {
	// Price checks an order's coupons, adding a coupons[i] field error to f
	// for each refused one, and returns what the accepted ones take off each
	// line; gross is each line's unit price times quantity. A minimum spend
	// is judged only when every line was priced.
	Price(f *errs.Fields, use CouponUse, currency string, gross []int64, priced bool, now time.Time) []int64
	// Redeem counts an accepted order's coupons against the batch.
	Redeem(orderID string, use CouponUse, now time.Time)
	// Write stores the batch's redemptions and use counts in tx.
	Write(ctx context.Context, tx *db.Tx) error
}

// Shortages decides, for the engine, what happens to units no warehouse
// can cover.
type Shortages interface {
	// Batch returns the decisions of one batch: policies and quotas are
	// read in tx only when a line comes up short.
	Batch(tx *db.Tx) ShortageBatch
}

// ShortageBatch applies shortage policies within one batch.
type ShortageBatch interface {
	// Apply decides what happens to the short units of line i of o: it sets
	// the line's ShortPolicy and may cancel the units (CancelledQuantity,
	// o.RefundDueMinor) or move o.ShipsOn to when they are expected.
	Apply(ctx context.Context, o *Order, i int, short int64) error
}

// noCoupons stands in when no coupon stage is plugged in: every code is
// unknown.
type noCoupons struct{}

func (noCoupons) LoadBatch(context.Context, *db.Tx, []CouponUse) (CouponBatch, error) {
	return noCoupons{}, nil
}

func (noCoupons) Price(f *errs.Fields, use CouponUse, _ string, gross []int64, _ bool, _ time.Time) []int64 {
	for i, code := range use.Codes {
		f.Add(fmt.Sprintf("coupons[%d]", i), errs.CodeUnknown, "no coupon %q", errs.Clip(code))
	}
	return make([]int64, len(gross))
}

func (noCoupons) Redeem(string, CouponUse, time.Time) {}

func (noCoupons) Write(context.Context, *db.Tx) error { return nil }

// holdShort stands in when no shortage stage is plugged in: every short
// line is held for a person.
type holdShort struct{}

func (holdShort) Batch(*db.Tx) ShortageBatch { return holdShort{} }

func (holdShort) Apply(_ context.Context, o *Order, i int, _ int64) error {
	o.Lines[i].ShortPolicy = PolicyHold
	return nil
}
