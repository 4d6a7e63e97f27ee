package payment

import (
	"fmt"

	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// take moves the payment status for ev and remembers which payment it was.
func (v *verdict) take(ev gateway.Event, to order.PaymentStatus) {
	v.applied, v.dirty = true, true
	n := &v.next
	n.PaymentStatus, n.EventAt, n.Gateway = to, ev.OccurredAt, ev.Gateway
	if ev.PaymentID != "" {
		n.PaymentID = ev.PaymentID
	}
}

// seen handles an event repeating the current status: nothing changes, but
// a newer one becomes the event a late delivery is compared with.
func (v *verdict) seen(s order.Payment, ev gateway.Event, outcome string) {
	if newer(s, ev) {
		v.next.EventAt, v.dirty = ev.OccurredAt, true
	}
	v.outcome = outcome
}

// hold stops the order for a person. A hold placed for another reason is
// kept, of its kind, with the payment problem added to its reason.
func (v *verdict) hold(reason string) {
	n := &v.next
	switch {
	case n.Status == order.OnHold && n.HoldReason != "" && n.HoldKind != order.HoldPayment:
		n.HoldReason += "; " + reason
	case n.Status == order.OnHold, n.Status.CanMove(order.OnHold):
		n.Status, n.HoldKind, n.HoldReason = order.OnHold, order.HoldPayment, reason
	default:
		return
	}
	v.notes = append(v.notes, order.Note{Type: "order.held", Status: n.Status, PaymentStatus: n.PaymentStatus, Detail: map[string]any{"reason": reason}})
}

// note adds the timeline entry for ev itself.
func (v *verdict) note(typ string, ev gateway.Event, extra map[string]any) {
	d := map[string]any{"gateway": ev.Gateway, "event_id": ev.EventID, "type": ev.Type,
		"amount_minor": ev.AmountMinor, "currency": ev.Currency, "payment_id": ev.PaymentID,
		"occurred_at": ev.OccurredAt}
	for k, x := range extra {
		d[k] = x
	}
	v.notes = append(v.notes, order.Note{Type: typ, Status: v.next.Status, PaymentStatus: v.next.PaymentStatus, Detail: d})
}

// newer reports whether ev comes after the event that set the current
// payment status: later in time, or in the same instant and of higher rank.
func newer(s order.Payment, ev gateway.Event) bool {
	if s.EventAt.IsZero() || !ev.OccurredAt.Equal(s.EventAt) {
		return s.EventAt.IsZero() || ev.OccurredAt.After(s.EventAt)
	}
	return rank(ev.Kind) > rank(kindOf(s.PaymentStatus))
}

// rank breaks ties between events of the same instant: a gateway that says
// "failed" and "authorized" in one second has authorised on a retry.
func rank(k gateway.Kind) int {
	switch k {
	case gateway.KindFailed, gateway.KindCanceled:
		return 1
	case gateway.KindAuthorized:
		return 2
	case gateway.KindPaid:
		return 3
	}
	return 0
}

func kindOf(ps order.PaymentStatus) gateway.Kind {
	switch ps {
	case order.PaymentFailed:
		return gateway.KindFailed
	case order.Authorized:
		return gateway.KindAuthorized
	case order.Paid, order.RefundDue, order.PartiallyRefunded, order.Refunded:
		return gateway.KindPaid
	}
	return ""
}

// mismatch names what differs between the order's total and the event's
// amount, or returns "" when they agree.
func mismatch(s order.Payment, ev gateway.Event) string {
	if ev.AmountMinor == s.TotalMinor && ev.Currency == s.Currency {
		return ""
	}
	return fmt.Sprintf("%sexpected %s, %s reported %s %s (event %s)", paymentHoldPrefix,
		money.Format(s.TotalMinor, s.Currency), ev.Gateway, money.Format(ev.AmountMinor, ev.Currency), ev.Kind, ev.EventID)
}
