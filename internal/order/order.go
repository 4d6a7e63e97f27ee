// Package order is the order aggregate and its intake. The aggregate: the
// order's types, its progress and payment state machines, its timeline, and
// the transaction-level verbs every later stage changes an order with (lock
// it, move its status through the transition table, hold it with a typed
// cause, cancel it, add to its timeline), so that no other package writes
// the order tables. Intake: validation, catalogue pricing, the group-commit
// engine that writes each order with its stock reservation, idempotency
// keys, and the order API.
//
// The engine asks the coupon and shortage stages for their decisions
// through interfaces declared here (Coupons, Shortages); the later stages
// register what a cancel must also undo (Hooks). Nothing here imports a
// later stage.
package order

import (
	"encoding/json"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/sourcing"
)

// Order is an accepted order as stored and returned by the API.
type Order struct {
	ID              string                  `json:"id" doc:"Waybill's identifier, ord_…"`
	Number          string                  `json:"number" doc:"Short order number for people: emails, phone calls, labels"`
	Channel         string                  `json:"channel"`
	ExternalRef     string                  `json:"external_ref" doc:"The channel's own order reference, unique per channel"`
	Status          Status                  `json:"status"`
	PaymentStatus   PaymentStatus           `json:"payment_status"`
	PaymentMethod   string                  `json:"payment_method" enum:"prepaid,cod"`
	Currency        string                  `json:"currency"`
	SubtotalMinor   int64                   `json:"subtotal_minor"`
	DiscountMinor   int64                   `json:"discount_minor"`
	ShippingMinor   int64                   `json:"shipping_minor"`
	GiftWrapMinor   int64                   `json:"gift_wrap_minor,omitempty" doc:"The gift-wrap fee, when the shop charges one"`
	TotalMinor      int64                   `json:"total_minor"`
	PaidMinor       int64                   `json:"paid_minor" doc:"Captured by the gateway so far"`
	RefundedMinor   int64                   `json:"refunded_minor" doc:"Refunded by the gateway so far"`
	RefundDueMinor  int64                   `json:"refund_due_minor,omitempty" doc:"Owed back for units cancelled by the shortage policy"`
	PaymentGateway  string                  `json:"payment_gateway,omitempty"`
	PaymentID       string                  `json:"payment_id,omitempty" doc:"The gateway's payment reference"`
	Customer        Customer                `json:"customer"`
	Locale          string                  `json:"locale"`
	ShippingAddress address.Address         `json:"shipping_address"`
	BillingAddress  *address.Address        `json:"billing_address,omitempty"`
	Coupons         []string                `json:"coupons" nullable:"false"`
	SpecialRequests SpecialRequests         `json:"special_requests"`
	Short           bool                    `json:"short" doc:"Some lines could not be covered from stock; see lines[].short_quantity"`
	HoldReason      string                  `json:"hold_reason,omitempty"`
	HoldKind        HoldKind                `json:"-"` // why it is held, as the stages act on it
	ReviewedAt      *time.Time              `json:"-"` // when the automatic review ran; release requires it
	PaymentDueAt    *time.Time              `json:"payment_due_at,omitempty" doc:"A prepaid order not paid by then is cancelled"`
	Lines           []Line                  `json:"lines" nullable:"false"`
	Allocations     []Allocation            `json:"allocations" nullable:"false"`
	ShipsOn         string                  `json:"estimated_ship_date,omitempty" doc:"Local date (YYYY-MM-DD) the last parcel is expected to leave its warehouse"`
	Sourcing        *SourcingPlan           `json:"sourcing,omitempty" doc:"Why the order ships from where it does"`
	RiskScore       int                     `json:"risk_score" doc:"Sum of the weights of the risk rules the order tripped in review"`
	RiskReasons     []risk.Reason           `json:"risk_reasons" nullable:"false" doc:"The rules tripped, in words"`
	ReleasedAt      *time.Time              `json:"released_at,omitempty" doc:"When review released the order to its warehouses as fulfilments"`
	Fulfilments     []fulfilment.Fulfilment `json:"fulfilments,omitempty" doc:"What each warehouse ships, once released"`
	// ClientIP and DeviceID are the shopper's, as the channel reported
	// them, for the risk rules.
	ClientIP  string    `json:"-"`
	DeviceID  string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SourcingPlan is the whole-order optimiser's decision as stored with the
// order: what it costs, when each parcel would arrive, and the alternatives
// it weighed.
type SourcingPlan struct {
	Parcels     int                  `json:"parcels"`
	CostMinor   int64                `json:"cost_minor" doc:"Estimated shipping plus penalties, minor units of the reporting currency"`
	Arrivals    []sourcing.Arrival   `json:"arrivals" nullable:"false"`
	Explanation sourcing.Explanation `json:"explanation"`
}

// Customer is who placed the order, normalised (E.164 phone, lower-case domain).
type Customer struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// Line is one SKU of an order, at the price the catalogue had when placed.
type Line struct {
	LineNo         int    `json:"line_no"`
	ProductID      string `json:"product_id"`
	SKU            string `json:"sku"`
	Name           string `json:"name"`
	Quantity       int64  `json:"quantity"`
	UnitPriceMinor int64  `json:"unit_price_minor"`
	DiscountMinor  int64  `json:"discount_minor"`
	TotalMinor     int64  `json:"total_minor"`
	ShortQuantity  int64  `json:"short_quantity" doc:"Units no warehouse could reserve yet"`
	ShortPolicy    string `json:"short_policy,omitempty" enum:"hold,backorder,presale,split,cancel_short" doc:"What happens to the short units: the product's shortage policy"`
	// CancelledQuantity is what the cancel_short policy took off the line;
	// its amount is part of the order's refund_due_minor.
	CancelledQuantity int64 `json:"cancelled_quantity,omitempty" doc:"Units cancelled because stock was short"`
}

// The shortage policies a line's short units can be under: the shortage
// stage decides which (migration 00011 describes each); without one a line
// is held.
const (
	PolicyHold        = "hold"
	PolicyBackorder   = "backorder"
	PolicyPresale     = "presale"
	PolicySplit       = "split"
	PolicyCancelShort = "cancel_short"
)

// CancelledMinor is what the line's cancelled units cost the customer:
// their share of the line total, after discounts, rounded down.
func (l Line) CancelledMinor() int64 { return l.TotalMinor * l.CancelledQuantity / l.Quantity }

// Allocation is stock reserved for a line in one warehouse.
type Allocation struct {
	LineNo      int    `json:"line_no"`
	WarehouseID string `json:"warehouse_id"`
	Warehouse   string `json:"warehouse" doc:"Warehouse code"`
	ProductID   string `json:"product_id"`
	Quantity    int64  `json:"quantity"`
	Picked      int64  `json:"picked,omitempty" doc:"Units already picked into a tote; no longer reserved"`
}

// SpecialRequests are the customer's wishes, recorded with the order and
// checked in review.
type SpecialRequests struct {
	DeliveryWindow *Window `json:"delivery_window,omitempty"`
	GiftWrap       bool    `json:"gift_wrap,omitempty"`
	// InvoiceByEmail sends the invoice to the customer's e-mail when the
	// order is packed, instead of in the parcel.
	InvoiceByEmail bool   `json:"invoice_by_email,omitempty" doc:"Send the invoice by e-mail instead of in the parcel"`
	GiftMessage    string `json:"gift_message,omitempty" maxLength:"500"`
	Note           string `json:"note,omitempty" maxLength:"1000"`
}

// Window is a delivery time window the customer asked for.
type Window struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Event is one entry of an order's timeline.
type Event struct {
	ID            string          `json:"id"`
	At            time.Time       `json:"at"`
	Type          string          `json:"type"`
	Status        Status          `json:"status"`
	PaymentStatus PaymentStatus   `json:"payment_status"`
	Actor         string          `json:"actor"`
	Detail        json.RawMessage `json:"detail"`
}
