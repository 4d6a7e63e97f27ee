package payment

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment/gateway"
)

var t0 = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// pev builds an event of kind k for 10.00 USD at t0 + sec seconds.
func pev(id string, k gateway.Kind, sec int, mods ...func(*gateway.Event)) gateway.Event {
	ev := gateway.Event{Gateway: "shop", EventID: id, Type: "payment." + string(k), Kind: k, OrderRef: "ord_1",
		PaymentID: "pay_1", AmountMinor: 1000, Currency: "USD", OccurredAt: t0.Add(time.Duration(sec) * time.Second)}
	for _, m := range mods {
		m(&ev)
	}
	return ev
}

func amount(n int64) func(*gateway.Event)   { return func(e *gateway.Event) { e.AmountMinor = n } }
func cur(c string) func(*gateway.Event)     { return func(e *gateway.Event) { e.Currency = c } }
func payment(p string) func(*gateway.Event) { return func(e *gateway.Event) { e.PaymentID = p } }

func fresh() order.Payment {
	return order.Payment{ID: "ord_1", Number: "WB-1", Status: order.Placed, PaymentStatus: order.AwaitingPayment, Currency: "USD", TotalMinor: 1000}
}

// fold applies events in the given order and returns the final state, as
// order.SetPayment stores it: an order not on hold keeps no hold kind or
// reason.
func fold(s order.Payment, evs []gateway.Event) order.Payment {
	for _, ev := range evs {
		s = decidePayment(s, ev).next
		if s.Status != order.OnHold {
			s.HoldKind, s.HoldReason = order.NotHeld, ""
		}
	}
	return s
}

func TestPaymentRules(t *testing.T) {
	cancelled := fresh()
	cancelled.Status = order.Cancelled
	cod := fresh()
	cod.PaymentStatus, cod.Status = order.CODPending, order.Confirmed
	codHeld := cod
	codHeld.Status, codHeld.HoldKind, codHeld.HoldReason = order.OnHold, order.HoldCOD, "cash on delivery is not offered in FR"
	refundDue := fresh()
	refundDue.Status, refundDue.PaymentStatus, refundDue.PaidMinor, refundDue.RefundDueMinor = order.Cancelled, order.RefundDue, 1000, 1000
	voided := fresh()
	voided.Status, voided.PaymentStatus = order.Cancelled, order.Voided
	reviewHeld := fresh()
	reviewHeld.PaymentStatus, reviewHeld.PaymentID, reviewHeld.PaidMinor = order.Paid, "pay_1", 1000
	reviewHeld.Status, reviewHeld.HoldKind, reviewHeld.HoldReason = order.OnHold, order.HoldReview, "risk score 80"
	for _, tc := range []struct {
		name     string
		start    order.Payment
		evs      []gateway.Event
		status   order.Status
		payment  order.PaymentStatus
		hold     string
		outcome  string // of the last event
		timeline []string
	}{
		{"paid confirms", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 0)}, order.Confirmed, order.Paid, "",
			"applied: paid; order confirmed", []string{"payment.paid", "order.confirmed"}},
		{"short payment holds", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 0, amount(900))}, order.OnHold, order.Paid,
			"payment mismatch: expected 10.00 USD, shop reported 9.00 USD paid (event e1)", "applied: paid; order held: payment mismatch: expected 10.00 USD, shop reported 9.00 USD paid (event e1)",
			[]string{"payment.paid", "order.held"}},
		{"currency mismatch holds", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 0, cur("JPY"))}, order.OnHold, order.Paid,
			"payment mismatch: expected 10.00 USD, shop reported 1000 JPY paid (event e1)", "", nil},
		{"authorization mismatch holds, right capture releases", fresh(),
			[]gateway.Event{pev("e1", gateway.KindAuthorized, 0, amount(1)), pev("e2", gateway.KindPaid, 1)},
			order.Confirmed, order.Paid, "", "applied: paid; order confirmed", []string{"payment.paid", "order.confirmed"}},
		{"late failure after paid", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 5), pev("e2", gateway.KindFailed, 9)},
			order.Confirmed, order.Paid, "", "ignored: order already paid", nil},
		{"paid after failure", fresh(), []gateway.Event{pev("e1", gateway.KindFailed, 5), pev("e2", gateway.KindPaid, 1)},
			order.Confirmed, order.Paid, "", "applied: paid; order confirmed", nil},
		{"older authorization after failure", fresh(), []gateway.Event{pev("e1", gateway.KindFailed, 5), pev("e2", gateway.KindAuthorized, 1)},
			order.Placed, order.PaymentFailed, "", "ignored: superseded by a later event", nil},
		{"newer failure voids authorization", fresh(), []gateway.Event{pev("e1", gateway.KindAuthorized, 1), pev("e2", gateway.KindCanceled, 5)},
			order.Placed, order.PaymentFailed, "", "applied: payment canceled", []string{"payment.canceled"}},
		{"same second: authorization beats failure", fresh(), []gateway.Event{pev("e1", gateway.KindAuthorized, 1), pev("e2", gateway.KindFailed, 1)},
			order.Placed, order.Authorized, "", "ignored: superseded by a later event", nil},
		{"paid after cancel is refund due", cancelled, []gateway.Event{pev("e1", gateway.KindPaid, 0)}, order.Cancelled, order.RefundDue, "",
			"applied: paid after the order was cancelled; refund due", []string{"payment.refund_due"}},
		{"second payment holds", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 0), pev("e2", gateway.KindPaid, 1, payment("pay_2"))},
			order.OnHold, order.Paid, "payment mismatch: second payment pay_2 of 10.00 USD from shop; the order was already paid by pay_1",
			"applied: second payment pay_2 of 10.00 USD from shop; the order was already paid by pay_1; refund it",
			[]string{"payment.duplicate", "order.held"}},
		{"same payment again", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 0), pev("e2", gateway.KindPaid, 1)},
			order.Confirmed, order.Paid, "", "ignored: order already paid", nil},
		{"refund totals only grow", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 0), pev("r2", gateway.KindRefunded, 2, amount(500)),
			pev("r1", gateway.KindRefunded, 1, amount(200))}, order.Confirmed, order.PartiallyRefunded, "", "ignored: refunds of 5.00 USD already recorded", nil},
		{"part refunded", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 0), pev("r1", gateway.KindRefunded, 1, amount(300))},
			order.Confirmed, order.PartiallyRefunded, "", "applied: refunded 3.00 USD in total", []string{"payment.refunded"}},
		{"refunded in full", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 0), pev("r1", gateway.KindRefunded, 1)},
			order.Confirmed, order.Refunded, "", "applied: refunded 10.00 USD in total, all that was captured; order cancelled", []string{"payment.refunded"}},
		{"refunded more than captured holds", fresh(), []gateway.Event{pev("e1", gateway.KindPaid, 0), pev("r1", gateway.KindRefunded, 1, amount(1_000_000_000_000))},
			order.OnHold, order.Refunded, "payment mismatch: refunded 10000000000.00 USD in total, more than the 10.00 USD captured (event r1)",
			"applied: refunded 10000000000.00 USD in total, more than the 10.00 USD captured (event r1)", []string{"payment.refunded", "order.held"}},
		{"refund before any capture changes nothing else", fresh(), []gateway.Event{pev("r1", gateway.KindRefunded, 1, amount(400))},
			order.Placed, order.AwaitingPayment, "", "applied: refunded 4.00 USD in total before any capture was reported (the order is awaiting_payment); a capture will be settled against it",
			[]string{"payment.refunded"}},
		{"a capture reported after its refund is settled", fresh(), []gateway.Event{pev("r1", gateway.KindRefunded, 2, amount(400)), pev("e1", gateway.KindPaid, 1)},
			order.Confirmed, order.PartiallyRefunded, "", "applied: paid; order confirmed; refunded 4.00 USD in total", nil},
		{"refund due refunded", refundDue, []gateway.Event{pev("r1", gateway.KindRefunded, 1, amount(400)), pev("r2", gateway.KindRefunded, 2)},
			order.Cancelled, order.Refunded, "", "applied: refunded 10.00 USD in total, all that was captured", nil},
		{"refund due partly refunded", refundDue, []gateway.Event{pev("r1", gateway.KindRefunded, 1, amount(400))},
			order.Cancelled, order.RefundDue, "", "applied: refunded 4.00 USD in total", nil},
		{"paid after a voided cancel is refund due", voided, []gateway.Event{pev("e1", gateway.KindPaid, 0)}, order.Cancelled, order.RefundDue, "",
			"applied: paid after the order was cancelled; refund due", []string{"payment.refund_due"}},
		{"cash on delivery cannot be authorized", cod, []gateway.Event{pev("e1", gateway.KindAuthorized, 0)}, order.Confirmed, order.CODPending, "",
			"ignored: a payment that is cod_pending cannot become authorized", nil},
		{"cash on delivery paid through a gateway", cod, []gateway.Event{pev("e1", gateway.KindPaid, 0)}, order.Confirmed, order.Paid, "", "applied: paid", nil},
		{"paid lifts no other kind of hold", codHeld, []gateway.Event{pev("e1", gateway.KindPaid, 0)}, order.OnHold, order.Paid,
			"cash on delivery is not offered in FR", "applied: paid", []string{"payment.paid"}},
		{"second payment adds to another kind of hold", reviewHeld, []gateway.Event{pev("e2", gateway.KindPaid, 1, payment("pay_2"))},
			order.OnHold, order.Paid, "risk score 80; payment mismatch: second payment pay_2 of 10.00 USD from shop; the order was already paid by pay_1",
			"applied: second payment pay_2 of 10.00 USD from shop; the order was already paid by pay_1; refund it",
			[]string{"payment.duplicate", "order.held"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fold(tc.start, tc.evs[:len(tc.evs)-1])
			v := decidePayment(s, tc.evs[len(tc.evs)-1])
			require.Equal(t, tc.status, v.next.Status)
			require.Equal(t, tc.payment, v.next.PaymentStatus)
			require.Equal(t, tc.hold, v.next.HoldReason)
			// A payment problem holds the order for payment; a hold of
			// another kind keeps its kind, whatever the payment does.
			kind := order.NotHeld
			if tc.hold != "" {
				kind = order.HoldPayment
			}
			if tc.start.Status == order.OnHold && tc.start.HoldKind != order.HoldPayment {
				kind = tc.start.HoldKind
			}
			require.Equal(t, kind, v.next.HoldKind)
			if tc.outcome != "" {
				require.Equal(t, tc.outcome, v.outcome)
			}
			if tc.timeline != nil {
				var types []string
				for _, n := range v.notes {
					types = append(types, n.Type)
				}
				require.Equal(t, tc.timeline, types)
			}
			require.Equal(t, v.applied, len(v.notes) > 0, "a change is on the timeline, and only a change")
			require.Equal(t, strings.HasSuffix(v.outcome, "; order cancelled"), v.cancel != "", "a full refund, and only that, cancels")
		})
	}
}

// TestPaymentRulesAnyOrder delivers every permutation of each event set and
// requires the state an in-order delivery gives. Left out on purpose: an
// authorisation of the wrong amount never followed by a capture, where the
// hold stays or not depending on whether it arrived before a newer failure.
func TestPaymentRulesAnyOrder(t *testing.T) {
	F, A, P, C, R := gateway.KindFailed, gateway.KindAuthorized, gateway.KindPaid, gateway.KindCanceled, gateway.KindRefunded
	sets := [][]gateway.Event{
		{pev("1", A, 1), pev("2", P, 2)},
		{pev("1", F, 1), pev("2", F, 2), pev("3", A, 3), pev("4", P, 4), pev("5", C, 5)},
		{pev("1", A, 1), pev("2", F, 2), pev("3", A, 3)},
		{pev("1", A, 1), pev("2", F, 2), pev("3", F, 3), pev("4", A, 4)},
		{pev("1", A, 1), pev("2", F, 1), pev("3", C, 1)},
		{pev("1", A, 1, amount(7)), pev("2", F, 2), pev("3", P, 3)},
		{pev("1", A, 1, amount(7)), pev("2", P, 2, amount(7)), pev("3", F, 3)},
		{pev("1", A, 1), pev("2", P, 2, cur("EUR")), pev("3", R, 3, amount(100)), pev("4", R, 4, amount(300))},
		{pev("1", P, 1), pev("2", R, 2, amount(100)), pev("3", R, 3, amount(300)), pev("4", C, 4), pev("5", F, 5)},
	}
	for i, set := range sets {
		want := fold(fresh(), set)
		n := 0
		permute(slices.Clone(set), 0, func(delivered []gateway.Event) {
			n++
			got := fold(fresh(), delivered)
			require.Equal(t, want, got, "set %d delivered as %s", i, ids(delivered))
		})
		require.Positive(t, n)
	}
}

func permute(evs []gateway.Event, k int, fn func([]gateway.Event)) {
	if k == len(evs) {
		fn(evs)
		return
	}
	for i := k; i < len(evs); i++ {
		evs[k], evs[i] = evs[i], evs[k]
		permute(evs, k+1, fn)
		evs[k], evs[i] = evs[i], evs[k]
	}
}

func ids(evs []gateway.Event) string {
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "%s:%s ", e.EventID, e.Kind)
	}
	return b.String()
}

// Every event against every state: whatever a gateway sends, in whatever
// order it arrives, the payment moves only as its transition table allows
// (money that arrives for a cancelled order may go through paid to refund
// due in one event) and the order only as its own table allows; a refund
// never leaves more refunded than the event says, and nothing is refunded
// on an order nothing was captured for.
func TestEveryEventInEveryState(t *testing.T) {
	kinds := []gateway.Kind{gateway.KindAuthorized, gateway.KindPaid, gateway.KindFailed, gateway.KindCanceled, gateway.KindRefunded}
	statuses := []order.Status{order.Placed, order.Confirmed, order.OnHold, order.Released, order.Cancelled}
	for _, ps := range order.PaymentStatuses {
		for _, st := range statuses {
			for _, k := range kinds {
				for _, amt := range []int64{1, 500, 1000, 1500} {
					s := fresh()
					s.Status, s.PaymentStatus = st, ps
					if captured(ps) {
						s.PaidMinor, s.PaymentID = 1000, "pay_1"
					}
					if st == order.OnHold {
						s.HoldKind, s.HoldReason = order.HoldReview, "a person looks"
					}
					v := decidePayment(s, pev("e", k, 1, amount(amt), payment("pay_2")))
					n := v.next
					name := fmt.Sprintf("%s/%s + %s %d", ps, st, k, amt)
					viaPaid := st == order.Cancelled && order.Paid.CanMove(n.PaymentStatus) &&
						(ps == order.Voided || ps.CanMove(order.Paid))
					require.True(t, n.PaymentStatus == ps || ps.CanMove(n.PaymentStatus) || viaPaid,
						"%s: payment %s -> %s", name, ps, n.PaymentStatus)
					require.True(t, n.Status == st || st.CanMove(n.Status), "%s: order %s -> %s", name, st, n.Status)
					if k == gateway.KindRefunded && v.applied {
						require.Equal(t, amt, n.RefundedMinor, name)
						if !captured(ps) {
							require.Equal(t, [2]any{ps, st}, [2]any{n.PaymentStatus, n.Status}, "%s: a refund of nothing captured moved the order", name)
						}
					}
					if v.cancel != "" {
						require.NotEqual(t, order.Cancelled, st, "%s: a cancelled order is not cancelled again", name)
						require.Equal(t, order.Refunded, n.PaymentStatus, name)
					}
				}
			}
		}
	}
}
