package order

import "github.com/waybill/waybill/internal/errs"

// Status is how far an order's goods have got. It moves independently of
// PaymentStatus: a COD order ships unpaid, a prepaid one may be paid and held.
type Status string

// The order progress states. Later stages (review, warehouse, shipping) add
// theirs to the transition table as they are built.
const (
	Placed    Status = "placed"    // accepted and stock reserved; waiting for payment or COD checks
	Confirmed Status = "confirmed" // paid, or COD accepted: ready for review
	OnHold    Status = "on_hold"   // stopped for a person: payment mismatch, COD rules, review tasks
	Released  Status = "released"  // reviewed and handed to its warehouses as fulfilments
	Shipped   Status = "shipped"   // every fulfilment handed to its carrier, nothing left to ship
	Delivered Status = "delivered" // every parcel delivered; completes after the confirmation period unless a problem is raised
	Completed Status = "completed" // final: delivered and the confirmation period passed without a problem
	Returned  Status = "returned"  // final: its parcels came back to the sender (refused, undeliverable)
	Cancelled Status = "cancelled" // final; its stock is released
)

// Statuses lists the progress states in the order an order moves through
// them, for pickers and filters.
var Statuses = []Status{Placed, Confirmed, OnHold, Released, Shipped, Delivered, Completed, Returned, Cancelled}

// PaymentStatus is where the money is.
type PaymentStatus string

// The payment states.
const (
	AwaitingPayment   PaymentStatus = "awaiting_payment"
	Authorized        PaymentStatus = "authorized"
	Paid              PaymentStatus = "paid"
	PaymentFailed     PaymentStatus = "failed"
	CODPending        PaymentStatus = "cod_pending"        // to be collected on delivery
	RefundDue         PaymentStatus = "refund_due"         // the order was cancelled: what was captured goes back (refund_due_minor)
	PartiallyRefunded PaymentStatus = "partially_refunded" // part of the capture refunded; the order stands
	Refunded          PaymentStatus = "refunded"           // everything captured was refunded
	Voided            PaymentStatus = "voided"             // cancelled before anything was captured
)

// PaymentStatuses lists the payment states, in the order the API
// documents them.
var PaymentStatuses = []PaymentStatus{AwaitingPayment, Authorized, Paid, PaymentFailed, CODPending, RefundDue,
	PartiallyRefunded, Refunded, Voided}

// statusMoves is the order progress transition table: anything not listed is
// an illegal transition and an error, never a silent overwrite.
var statusMoves = map[Status][]Status{
	Placed:    {Confirmed, OnHold, Cancelled},
	OnHold:    {Confirmed, Cancelled},
	Confirmed: {OnHold, Released, Cancelled},
	Released:  {Shipped, Cancelled},
	Shipped:   {Delivered, Returned},
	Delivered: {Completed},
	Completed: {},
	Returned:  {},
	Cancelled: {},
}

// paymentMoves is the payment transition table. A late "failed" after "paid"
// is not a move: the gateway's events can arrive out of order. Money that
// arrives for a cancelled order is due back (voided or unpaid → refund_due,
// through paid, in the one event); a refund of everything captured is final.
var paymentMoves = map[PaymentStatus][]PaymentStatus{
	AwaitingPayment:   {Authorized, Paid, PaymentFailed, Voided},
	Authorized:        {Paid, PaymentFailed, RefundDue, Voided},
	PaymentFailed:     {Authorized, Paid, Voided},
	Paid:              {RefundDue, PartiallyRefunded, Refunded},
	CODPending:        {Paid, Voided},
	RefundDue:         {Refunded},
	PartiallyRefunded: {RefundDue, Refunded},
	Refunded:          {},
	Voided:            {RefundDue},
}

// HoldKind is why an order is on hold, as the stages act on it: the
// payment stage lifts its own holds, stock arrival lifts stock holds, and a
// reviewer's approval lifts any. HoldReason keeps the words for people
// (several causes may be joined there; the kind is the first's).
type HoldKind string

// The kinds of hold.
const (
	NotHeld     HoldKind = ""
	HoldPayment HoldKind = "payment_mismatch" // the gateway's amount, currency or a second payment; a payment task waits
	HoldCOD     HoldKind = "cod_rules"        // intake's cash-on-delivery rules; review opens a task
	HoldReview  HoldKind = "review"           // review opened tasks for people
	HoldStock   HoldKind = "stock"            // short units no policy lets wait; their stock's arrival lifts it
)

// HoldKinds lists the reasons an order is held, for filters.
var HoldKinds = []HoldKind{HoldPayment, HoldCOD, HoldReview, HoldStock}

// CanMove reports whether status may change from one state to another.
func (from Status) CanMove(to Status) bool { return contains(statusMoves[from], to) }

// CanMove reports whether payment status may change from one state to another.
func (from PaymentStatus) CanMove(to PaymentStatus) bool { return contains(paymentMoves[from], to) }

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// checkMove returns a Conflict error for an illegal progress transition.
func checkMove(from, to Status) error {
	if !from.CanMove(to) {
		return errs.E(errs.Conflict, "an order that is %s cannot become %s", from, to)
	}
	return nil
}
