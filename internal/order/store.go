package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/waybill/waybill/internal/review"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Store reads orders and changes them outside the intake engine.
type Store struct {
	db          *db.DB
	tasks       *review.Store // where review opens tasks for people
	mergeWindow time.Duration // approved orders wait this long for siblings to ship with
}

// Option configures a Store.
type Option func(*Store)

// WithTasks opens review tasks in tasks (default: a review store with the
// default SLAs).
func WithTasks(tasks *review.Store) Option { return func(s *Store) { s.tasks = tasks } }

// WithMergeWindow holds approved orders for w after they were placed, so
// that orders of one customer to one address placed within w of each other
// ship as one fulfilment per warehouse. Zero (the default) releases at once.
func WithMergeWindow(w time.Duration) Option { return func(s *Store) { s.mergeWindow = max(w, 0) } }

// NewStore returns a store over d.
func NewStore(d *db.DB, opts ...Option) *Store {
	s := &Store{db: d}
	for _, o := range opts {
		o(s)
	}
	if s.tasks == nil {
		s.tasks = review.NewStore(d, review.Config{})
	}
	return s
}

const selectOrder = `SELECT id, number, channel, external_ref, status, payment_status, payment_method, currency,
	subtotal_minor, discount_minor, shipping_minor, total_minor, customer_name, customer_email, customer_phone,
	locale, shipping_address, billing_address, coupons, special_requests, short, hold_reason, payment_due_at,
	created_at, updated_at, paid_minor, refunded_minor, payment_gateway, payment_id, ships_on, sourcing, risk_score,
	risk_reasons, released_at, refund_due_minor, gift_wrap_minor FROM orders o`

type scanner interface{ Scan(dest ...any) error }

func scanOrder(sc scanner) (Order, error) {
	var o Order
	var ship, coupons, requests, plan, reasons string
	var bill sql.NullString
	var due, released sql.NullTime
	err := sc.Scan(&o.ID, &o.Number, &o.Channel, &o.ExternalRef, &o.Status, &o.PaymentStatus, &o.PaymentMethod,
		&o.Currency, &o.SubtotalMinor, &o.DiscountMinor, &o.ShippingMinor, &o.TotalMinor, &o.Customer.Name,
		&o.Customer.Email, &o.Customer.Phone, &o.Locale, &ship, &bill, &coupons, &requests, &o.Short, &o.HoldReason,
		&due, &o.CreatedAt, &o.UpdatedAt, &o.PaidMinor, &o.RefundedMinor, &o.PaymentGateway, &o.PaymentID,
		&o.ShipsOn, &plan, &o.RiskScore, &reasons, &released, &o.RefundDueMinor, &o.GiftWrapMinor)
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
	if released.Valid {
		t := released.Time.UTC()
		o.ReleasedAt = &t
	}
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
	if due.Valid {
		t := due.Time.UTC()
		o.PaymentDueAt = &t
	}
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
	lines, err := tx.QueryContext(ctx, `SELECT line_no, product_id, sku, name, quantity, unit_price_minor, discount_minor,
		total_minor, short_quantity, short_policy, cancelled_quantity FROM order_lines WHERE order_id = $1 ORDER BY line_no`, o.ID)
	if err != nil {
		return Order{}, err
	}
	defer lines.Close()
	for lines.Next() {
		var l Line
		if err := lines.Scan(&l.LineNo, &l.ProductID, &l.SKU, &l.Name, &l.Quantity, &l.UnitPriceMinor,
			&l.DiscountMinor, &l.TotalMinor, &l.ShortQuantity, &l.ShortPolicy, &l.CancelledQuantity); err != nil {
			return Order{}, err
		}
		o.Lines = append(o.Lines, l)
	}
	if err := lines.Close(); err != nil {
		return Order{}, err
	}
	allocs, err := tx.QueryContext(ctx, `SELECT a.line_no, a.warehouse_id, w.code, a.product_id, a.quantity
		FROM order_allocations a JOIN warehouses w ON w.id = a.warehouse_id
		WHERE a.order_id = $1 AND a.released_at IS NULL ORDER BY a.line_no, w.code`, o.ID)
	if err != nil {
		return Order{}, err
	}
	defer allocs.Close()
	o.Allocations = []Allocation{}
	for allocs.Next() {
		var a Allocation
		if err := allocs.Scan(&a.LineNo, &a.WarehouseID, &a.Warehouse, &a.ProductID, &a.Quantity); err != nil {
			return Order{}, err
		}
		o.Allocations = append(o.Allocations, a)
	}
	if err := allocs.Err(); err != nil {
		return Order{}, err
	}
	o.Fulfilments, err = fulfilmentsOf(ctx, tx, o.ID)
	return o, err
}

// fulfilmentsOf reads the fulfilments carrying an order's lines, with those
// lines (a fulfilment shared by merged orders carries theirs too).
func fulfilmentsOf(ctx context.Context, tx *db.Tx, orderID string) ([]Fulfilment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT f.id, f.order_id, f.warehouse_id, w.code, f.status, f.ships_on, f.gift_wrap, f.gift_message, f.created_at,
		l.line_no, l.product_id, l.quantity
		FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id JOIN fulfilment_lines l ON l.fulfilment_id = f.id
		WHERE l.order_id = $1 ORDER BY f.id, l.line_no`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Fulfilment{}
	for rows.Next() {
		var f Fulfilment
		var l FulfilmentLine
		if err := rows.Scan(&f.ID, &f.OrderID, &f.WarehouseID, &f.Warehouse, &f.Status, &f.ShipsOn, &f.GiftWrap, &f.GiftMessage, &f.CreatedAt,
			&l.LineNo, &l.ProductID, &l.Quantity); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != f.ID {
			f.CreatedAt = f.CreatedAt.UTC()
			out = append(out, f)
		}
		out[len(out)-1].Lines = append(out[len(out)-1].Lines, l)
	}
	return out, rows.Err()
}

// Events returns an order's timeline, oldest first.
func (s *Store) Events(ctx context.Context, ref string) ([]Event, error) {
	var out []Event
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var orderID string
		err := tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE id = $1 OR number = $1`, ref).Scan(&orderID)
		if err != nil {
			return db.NotFound(err, "no order %q", ref)
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

// Filter selects orders for List; zero fields match everything.
type Filter struct {
	Status, PaymentStatus, Channel, Email, Phone, SKU string
	CreatedFrom, CreatedTo                            time.Time
	Before                                            string // cursor: orders older than this id
	Limit                                             int
}

// List returns orders newest first.
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
			AND ($3 = '' OR channel = $3) AND ($4 = '' OR customer_email = $4) AND ($5 = '' OR customer_phone = $5)
			AND ($6 = '' OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.sku = $6))
			AND created_at >= $7 AND created_at < $8 AND ($9 = '' OR id < $9)
			ORDER BY id DESC LIMIT $10`,
			f.Status, f.PaymentStatus, f.Channel, f.Email, f.Phone, f.SKU, from, to, f.Before, f.Limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			o, err := scanOrder(rows)
			if err != nil {
				return err
			}
			o.Lines, o.Allocations = []Line{}, []Allocation{}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, err
}
