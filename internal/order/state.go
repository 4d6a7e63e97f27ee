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
	Cancelled Status = "cancelled" // final; its stock is released
)

// PaymentStatus is where the money is.
type PaymentStatus string

// The payment states.
const (
	AwaitingPayment PaymentStatus = "awaiting_payment"
	Authorized      PaymentStatus = "authorized"
	Paid            PaymentStatus = "paid"
	PaymentFailed   PaymentStatus = "failed"
	CODPending      PaymentStatus = "cod_pending" // to be collected on delivery
	RefundDue       PaymentStatus = "refund_due"  // money taken for goods that will not ship
)

// statusMoves is the order progress transition table: anything not listed is
// an illegal transition and an error, never a silent overwrite.
var statusMoves = map[Status][]Status{
	Placed:    {Confirmed, OnHold, Cancelled},
	OnHold:    {Confirmed, Cancelled},
	Confirmed: {OnHold, Released, Cancelled},
	Released:  {Cancelled},
	Cancelled: {},
}

// paymentMoves is the payment transition table. A late "failed" after "paid"
// is not a move: the gateway's events can arrive out of order.
var paymentMoves = map[PaymentStatus][]PaymentStatus{
	AwaitingPayment: {Authorized, Paid, PaymentFailed},
	Authorized:      {Paid, PaymentFailed, RefundDue},
	PaymentFailed:   {Authorized, Paid},
	Paid:            {RefundDue},
	CODPending:      {Paid},
	RefundDue:       {},
}

// FulfilmentStatus is how far a fulfilment has got. The warehouse,
// packing and shipping stages add their states to the table as they are
// built.
type FulfilmentStatus string

// The fulfilment states.
const (
	ReadyToPick         FulfilmentStatus = "ready_to_pick"
	FulfilmentCancelled FulfilmentStatus = "cancelled"
)

// fulfilmentMoves is the fulfilment transition table. A fulfilment not yet
// picked can be cancelled (its order was); nothing comes back from cancelled.
var fulfilmentMoves = map[FulfilmentStatus][]FulfilmentStatus{
	ReadyToPick:         {FulfilmentCancelled},
	FulfilmentCancelled: {},
}

// CanMove reports whether a fulfilment may change from one state to another.
func (from FulfilmentStatus) CanMove(to FulfilmentStatus) bool {
	return contains(fulfilmentMoves[from], to)
}

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
