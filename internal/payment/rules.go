package payment

import (
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// verdict is what one gateway event does to an order.
type verdict struct {
	next    order.Payment
	applied bool   // the order changed, and the timeline says how
	dirty   bool   // the order row must be written (applied, or only EventAt moved)
	outcome string // "applied: …" or "ignored: …", kept with the event and answered to the gateway
	notes   []order.Note
	cancel  string // why the order is to be cancelled after the change (a full refund), or ""
}

// paymentHoldPrefix starts every hold reason the payment rules write, for
// people; their holds are of kind order.HoldPayment, which a later payment
// of the right amount lifts (and no other).
const paymentHoldPrefix = "payment mismatch: "

// decidePayment applies the payment state machine to one event. The rules
// make the result independent of the order events arrive in, because
// gateways retry and deliver out of order:
//   - money captured wins: once paid, authorized, failed and canceled events
//     change nothing, and a paid event is applied after a failure;
//   - otherwise the newest event decides (by when it happened, then failed <
//     authorized for events of the same second), so a late delivery of an
//     older event changes nothing;
//   - a refund event carries the total refunded, which only grows.
//
// An amount or currency that differs from the order's total holds the order
// for a person; a payment of the right amount releases that hold. Two rare
// histories still depend on delivery order: an authorisation of the wrong
// amount that a newer failure supersedes before any capture (held or not),
// and two authorisations of one order (the first to arrive counts).
func decidePayment(s order.Payment, ev gateway.Event) verdict {
	v := verdict{next: s}
	switch ev.Kind {
	case gateway.KindPaid:
		v.paid(s, ev)
	case gateway.KindAuthorized:
		v.authorized(s, ev)
	case gateway.KindFailed, gateway.KindCanceled:
		v.failed(s, ev)
	case gateway.KindRefunded:
		v.refunded(s, ev)
	default:
		v.outcome = fmt.Sprintf("ignored: %s events are not acted on", ev.Type)
	}
	return v
}

func (v *verdict) paid(s order.Payment, ev gateway.Event) {
	if captured(s.PaymentStatus) {
		v.secondPayment(s, ev)
		return
	}
	lateForCancelled := s.Status == order.Cancelled && s.PaymentStatus == order.Voided
	if !lateForCancelled && !s.PaymentStatus.CanMove(order.Paid) {
		v.outcome = fmt.Sprintf("ignored: a payment that is %s cannot become paid", s.PaymentStatus)
		return
	}
	v.take(ev, order.Paid)
	v.next.PaidMinor = ev.AmountMinor
	if s.Status == order.Cancelled {
		v.next.PaymentStatus, v.next.RefundDueMinor = order.RefundDue, ev.AmountMinor
		if s.RefundedMinor >= ev.AmountMinor { // its refund was reported first
			v.next.PaymentStatus = order.Refunded
		}
		v.note("payment.refund_due", ev, map[string]any{"reason": "paid after the order was cancelled"})
		v.outcome = "applied: paid after the order was cancelled; refund due"
		return
	}
	v.note("payment.paid", ev, nil)
	switch reason := mismatch(s, ev); {
	case reason != "":
		v.hold(reason)
		v.outcome = "applied: paid; order held: " + reason
	case s.Status == order.Placed || s.Status == order.OnHold && s.HoldKind == order.HoldPayment:
		v.next.Status, v.next.HoldKind, v.next.HoldReason = order.Confirmed, order.NotHeld, ""
		v.notes = append(v.notes, order.Note{Type: "order.confirmed", Status: order.Confirmed, PaymentStatus: order.Paid,
			Detail: map[string]any{"reason": "paid in full", "event_id": ev.EventID}})
		v.outcome = "applied: paid; order confirmed"
	default:
		v.outcome = "applied: paid"
	}
	if s.RefundedMinor > 0 { // refunds reported before the capture are settled against it now
		paid := v.outcome
		v.settleRefunds(s, ev)
		v.outcome = paid + "; " + strings.TrimPrefix(v.outcome, "applied: ")
	}
}

// secondPayment handles a paid event for an order already paid: the same
// payment again changes nothing; another payment means the customer was
// charged twice, which a person must see and refund.
func (v *verdict) secondPayment(s order.Payment, ev gateway.Event) {
	if ev.PaymentID == "" || s.PaymentID == "" || ev.PaymentID == s.PaymentID {
		v.outcome = "ignored: order already paid"
		return
	}
	v.applied, v.dirty = true, true
	reason := fmt.Sprintf("%ssecond payment %s of %s from %s; the order was already paid by %s",
		paymentHoldPrefix, ev.PaymentID, money.Format(ev.AmountMinor, ev.Currency), ev.Gateway, s.PaymentID)
	v.note("payment.duplicate", ev, map[string]any{"first_payment_id": s.PaymentID})
	if s.Status != order.Cancelled {
		v.hold(reason)
	}
	v.outcome = "applied: " + strings.TrimPrefix(reason, paymentHoldPrefix) + "; refund it"
}

// admits runs the guards an event that moves the payment to `to` passes
// first, and says whether it goes on: nothing moves a captured payment, a
// repeat is only seen, a move the table forbids or an event older than the
// last one applied is ignored. verb words the forbidden move.
func (v *verdict) admits(s order.Payment, ev gateway.Event, to order.PaymentStatus, verb string) bool {
	switch {
	case captured(s.PaymentStatus):
		v.outcome = "ignored: order already paid"
	case s.PaymentStatus == to:
		v.seen(s, ev, "ignored: payment already "+string(to))
	case !s.PaymentStatus.CanMove(to):
		v.outcome = fmt.Sprintf("ignored: a payment that is %s cannot %s", s.PaymentStatus, verb)
	case !newer(s, ev):
		v.outcome = "ignored: superseded by a later event"
	default:
		return true
	}
	return false
}

func (v *verdict) authorized(s order.Payment, ev gateway.Event) {
	if !v.admits(s, ev, order.Authorized, "become authorized") {
		return
	}
	v.take(ev, order.Authorized)
	v.note("payment.authorized", ev, nil)
	switch reason := mismatch(s, ev); {
	case s.Status == order.Cancelled:
		v.outcome = "applied: authorized after the order was cancelled; void the authorization"
	case reason != "":
		v.hold(reason)
		v.outcome = "applied: authorized; order held: " + reason
	default:
		v.outcome = "applied: authorized"
	}
}

func (v *verdict) failed(s order.Payment, ev gateway.Event) {
	if !v.admits(s, ev, order.PaymentFailed, "fail") {
		return
	}
	v.take(ev, order.PaymentFailed)
	v.note("payment."+string(ev.Kind), ev, nil)
	v.outcome = "applied: payment " + string(ev.Kind)
}

// refunded records the gateway's total refunded so far. The total only
// grows, so the largest one seen is the truth whatever the delivery order.
// A refund of everything captured ends the order: it is cancelled (its
// fulfilments not yet picked with it) unless it already was. A refund of
// more than was captured holds it for a person; one for an order nothing
// was captured for is recorded and not applied.
func (v *verdict) refunded(s order.Payment, ev gateway.Event) {
	switch {
	case ev.Currency != s.Currency:
		v.outcome = fmt.Sprintf("ignored: a refund in %s for an order in %s", ev.Currency, s.Currency)
		return
	case ev.AmountMinor <= s.RefundedMinor:
		v.outcome = "ignored: refunds of " + money.Format(s.RefundedMinor, s.Currency) + " already recorded"
		return
	case s.PaidMinor == 0 || !captured(s.PaymentStatus):
		// Out of order, or a mistake: the refund is kept (the capture's event
		// settles it if it comes) and changes nothing else.
		v.applied, v.dirty = true, true
		v.next.RefundedMinor = ev.AmountMinor
		v.note("payment.refunded", ev, map[string]any{"refunded_minor": ev.AmountMinor, "before_capture": true})
		v.outcome = fmt.Sprintf("applied: refunded %s in total before any capture was reported (the order is %s); "+
			"a capture will be settled against it", money.Format(ev.AmountMinor, ev.Currency), s.PaymentStatus)
		return
	}
	v.applied, v.dirty = true, true
	v.next.RefundedMinor = ev.AmountMinor
	v.settleRefunds(s, ev)
}

// settleRefunds sets the payment status for what has been refunded of the
// capture (next.RefundedMinor of s.PaidMinor): all of it ends the order
// (cancelled, unless it already was); more than all holds it for a person.
func (v *verdict) settleRefunds(s order.Payment, ev gateway.Event) {
	paid, refunded := v.next.PaidMinor, v.next.RefundedMinor
	total := money.Format(refunded, s.Currency)
	switch {
	case refunded > paid:
		v.next.PaymentStatus = order.Refunded
		v.note("payment.refunded", ev, map[string]any{"refunded_minor": refunded})
		reason := fmt.Sprintf("%srefunded %s in total, more than the %s captured (event %s)", paymentHoldPrefix, total,
			money.Format(paid, s.Currency), ev.EventID)
		if s.Status != order.Cancelled {
			v.hold(reason)
		}
		v.outcome = "applied: " + strings.TrimPrefix(reason, paymentHoldPrefix)
	case refunded == paid:
		v.next.PaymentStatus = order.Refunded
		v.note("payment.refunded", ev, map[string]any{"refunded_minor": refunded})
		v.outcome = "applied: refunded " + total + " in total, all that was captured"
		if s.Status != order.Cancelled {
			v.cancel = "refunded in full by " + ev.Gateway + " (event " + ev.EventID + ")"
			v.outcome += "; order cancelled"
		}
	default:
		if v.next.PaymentStatus == order.Paid { // refund due or refunded stay as they are
			v.next.PaymentStatus = order.PartiallyRefunded
		}
		v.note("payment.refunded", ev, map[string]any{"refunded_minor": refunded})
		v.outcome = "applied: refunded " + total + " in total"
	}
}

// captured reports whether money was taken on the order (and may be
// refunded): paid, and what follows from it.
func captured(ps order.PaymentStatus) bool {
	switch ps {
	case order.Paid, order.RefundDue, order.PartiallyRefunded, order.Refunded:
		return true
	}
	return false
}
