package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Store reads orders and changes them outside the intake engine, running
// the hooks the later stages registered (OnCancel).
type Store struct {
	db       *db.DB
	onCancel []CancelHook
	search   *searchFollower // searchindex.go
}

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d, search: newSearchFollower()} }

const selectOrder = `SELECT id, number, channel, external_ref, status, payment_status, payment_method, currency,
	subtotal_minor, discount_minor, shipping_minor, total_minor, customer_name, customer_email, customer_phone,
	locale, shipping_address, billing_address, coupons, special_requests, short, hold_reason, payment_due_at,
	created_at, updated_at, paid_minor, refunded_minor, payment_gateway, payment_id, ships_on, sourcing, risk_score,
	risk_reasons, released_at, refund_due_minor, gift_wrap_minor, hold_kind, reviewed_at, client_ip, device_id FROM orders o`

type scanner interface{ Scan(dest ...any) error }

func scanOrder(sc scanner) (Order, error) {
	var o Order
	var ship, coupons, requests, plan, reasons string
	var bill sql.NullString
	var due, released, reviewed sql.NullTime
	err := sc.Scan(&o.ID, &o.Number, &o.Channel, &o.ExternalRef, &o.Status, &o.PaymentStatus, &o.PaymentMethod,
		&o.Currency, &o.SubtotalMinor, &o.DiscountMinor, &o.ShippingMinor, &o.TotalMinor, &o.Customer.Name,
		&o.Customer.Email, &o.Customer.Phone, &o.Locale, &ship, &bill, &coupons, &requests, &o.Short, &o.HoldReason,
		&due, &o.CreatedAt, &o.UpdatedAt, &o.PaidMinor, &o.RefundedMinor, &o.PaymentGateway, &o.PaymentID,
		&o.ShipsOn, &plan, &o.RiskScore, &reasons, &released, &o.RefundDueMinor, &o.GiftWrapMinor, &o.HoldKind, &reviewed,
		&o.ClientIP, &o.DeviceID)
	if err != nil {
		return Order{}, err
	}
	if plan != "{}" {
		o.Sourcing = &SourcingPlan{}
		if err := json.Unmarshal([]byte(plan), o.Sourcing); err != nil {
			return Order{}, fmt.Errorf("order %s sourcing: %w", o.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(reasons), &o.RiskReasons); err != nil {
		return Order{}, fmt.Errorf("order %s risk reasons: %w", o.ID, err)
	}
	o.ReleasedAt, o.ReviewedAt = utcOrNil(released), utcOrNil(reviewed)
	if err := json.Unmarshal([]byte(ship), &o.ShippingAddress); err != nil {
		return Order{}, fmt.Errorf("order %s shipping address: %w", o.ID, err)
	}
	if bill.Valid {
		if err := json.Unmarshal([]byte(bill.String), &o.BillingAddress); err != nil {
			return Order{}, fmt.Errorf("order %s billing address: %w", o.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(coupons), &o.Coupons); err != nil {
		return Order{}, fmt.Errorf("order %s coupons: %w", o.ID, err)
	}
	if err := json.Unmarshal([]byte(requests), &o.SpecialRequests); err != nil {
		return Order{}, fmt.Errorf("order %s special requests: %w", o.ID, err)
	}
	o.PaymentDueAt = utcOrNil(due)
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return o, nil
}

// Get returns an order with its lines and allocations, by id or by number.
func (s *Store) Get(ctx context.Context, ref string) (Order, error) {
	var o Order
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		o, err = getTx(ctx, tx, ref, false)
		return err
	})
	if err == nil && hidden(ctx, o.Channel) {
		return Order{}, notFound(ref)
	}
	return o, err
}

// getTx reads one order in tx; lock takes PostgreSQL's row lock for a change.
func getTx(ctx context.Context, tx *db.Tx, ref string, lock bool) (Order, error) {
	q := selectOrder + ` WHERE id = $1 OR number = $1`
	if lock && tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	o, err := scanOrder(tx.QueryRowContext(ctx, q, ref))
	if err != nil {
		return Order{}, db.NotFound(err, "no order %q", ref)
	}
	os := []Order{o}
	err = details(ctx, tx, os)
	return os[0], err
}

func utcOrNil(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
