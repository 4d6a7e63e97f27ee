package order

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
)

var (
	orderColumns = []string{"id", "number", "channel", "external_ref", "status", "payment_status", "payment_method",
		"currency", "subtotal_minor", "discount_minor", "shipping_minor", "total_minor", "customer_name",
		"customer_email", "customer_phone", "locale", "shipping_address", "billing_address", "coupons",
		"special_requests", "short", "hold_reason", "client_ip", "payment_due_at", "created_at", "updated_at", "ships_on",
		"sourcing", "refund_due_minor", "gift_wrap_minor", "device_id", "hold_kind"}
	lineColumns = []string{"order_id", "line_no", "product_id", "sku", "name", "quantity", "unit_price_minor",
		"discount_minor", "total_minor", "short_quantity", "short_policy", "cancelled_quantity"}
	allocationColumns  = []string{"order_id", "line_no", "warehouse_id", "product_id", "quantity"}
	idempotencyColumns = []string{"actor_id", "key", "operation", "request_hash", "status_code", "response",
		"created_at", "expires_at"}
)

// rows collects what a batch will insert, table by table.
type rows struct {
	orders, lines, allocations, keys [][]any
	events                           []entry
	expired                          [][2]string // idempotency keys past retention, reused by this batch
	jobs                             []job.Job
	holds                            []inventory.Hold
	audits                           []audit.Change
}

// add queues an accepted order's rows. With an idempotency key it returns
// the response body, which the key will replay; without, nil: the caller
// encodes the answer (Reply.answer), off the writer.
func (r *rows) add(tx *db.Tx, o Order, p *pending, keyTTL time.Duration) ([]byte, error) {
	var body []byte
	if p.idem != nil {
		var err error
		if body, err = json.Marshal(o); err != nil {
			return nil, fmt.Errorf("encode order: %w", err)
		}
	}
	ship, _ := json.Marshal(o.ShippingAddress)
	var bill any
	if o.BillingAddress != nil {
		b, _ := json.Marshal(o.BillingAddress)
		bill = string(b)
	}
	coupons, _ := json.Marshal(o.Coupons)
	requests, _ := json.Marshal(o.SpecialRequests)
	plan := []byte("{}")
	if o.Sourcing != nil {
		plan, _ = json.Marshal(o.Sourcing)
	}
	r.orders = append(r.orders, []any{o.ID, o.Number, o.Channel, o.ExternalRef, string(o.Status), string(o.PaymentStatus),
		o.PaymentMethod, o.Currency, o.SubtotalMinor, o.DiscountMinor, o.ShippingMinor, o.TotalMinor, o.Customer.Name,
		o.Customer.Email, o.Customer.Phone, o.Locale, string(ship), bill, string(coupons), string(requests), o.Short,
		o.HoldReason, p.req.ClientIP, o.PaymentDueAt, o.CreatedAt, o.UpdatedAt, o.ShipsOn, string(plan), o.RefundDueMinor, o.GiftWrapMinor,
		p.req.DeviceID, string(o.HoldKind)})
	for _, l := range o.Lines {
		r.lines = append(r.lines, []any{o.ID, l.LineNo, l.ProductID, l.SKU, l.Name, l.Quantity, l.UnitPriceMinor,
			l.DiscountMinor, l.TotalMinor, l.ShortQuantity, l.ShortPolicy, l.CancelledQuantity})
	}
	for _, a := range o.Allocations {
		r.allocations = append(r.allocations, []any{o.ID, a.LineNo, a.WarehouseID, a.ProductID, a.Quantity})
		r.holds = append(r.holds, inventory.Hold{Key: inventory.Key{WarehouseID: a.WarehouseID, ProductID: a.ProductID},
			Quantity: a.Quantity, Reference: o.ID})
	}
	r.event(tx, o.ID, "order.placed", Placed, o.PaymentStatus, p.who.ID, map[string]any{"channel": o.Channel, "external_ref": o.ExternalRef,
		"total_minor": o.TotalMinor, "short": o.Short})
	switch o.Status {
	case Confirmed:
		r.event(tx, o.ID, "order.confirmed", o.Status, o.PaymentStatus, p.who.ID, map[string]any{"reason": "cash on delivery accepted"})
	case OnHold:
		r.event(tx, o.ID, "order.held", o.Status, o.PaymentStatus, p.who.ID, map[string]any{"reason": o.HoldReason})
	}
	if p.idem != nil {
		r.answer(tx, p.idem, 201, body, keyTTL)
	}
	jobs, err := jobsFor(o)
	if err != nil {
		return nil, err
	}
	r.jobs = append(r.jobs, jobs...)
	r.audits = append(r.audits, audit.Change{Actor: p.who, Action: "order.create", Entity: "order", EntityID: o.ID,
		Detail: map[string]any{"number": o.Number, "channel": o.Channel, "external_ref": o.ExternalRef}})
	return body, nil
}

// event queues a timeline entry with the order's states after the change.
func (r *rows) event(tx *db.Tx, orderID, typ string, st Status, ps PaymentStatus, actorID string, detail any) {
	d, _ := json.Marshal(detail)
	r.events = append(r.events, entry{ID: id.New("evt", tx.Now), OrderID: orderID, Type: typ, Status: st, PaymentStatus: ps,
		Actor: actorID, Detail: d})
}

// answer queues the stored answer of an idempotency key.
func (r *rows) answer(tx *db.Tx, k *Idempotency, status int, body []byte, ttl time.Duration) {
	r.keys = append(r.keys, []any{k.ActorID, k.Key, k.Operation, k.Hash, status, string(body), tx.Now, tx.Now.Add(ttl)})
}
