package console

import (
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment"
)

// orderView is the order page's data, every value already in words and
// money formatted for the person's locale.
type orderView struct {
	O                       order.Order
	Status, Payment, Placed string
	Method, PaymentDue      string
	Lines                   []orderLineRow
	Totals                  []orderAmount
	Ship, Bill              []string // the addresses, one line each
	Risk                    []riskRow
	Sourcing                *sourcingView
	Fulfilments             []fulfilmentRow
	Tracking                orderTracking // the shipped fulfilments' parcels (ordertracking.go)
	Timeline                []eventRow
	Payments                []paymentRow
	SeePayments             bool // the role may read payment events
	CanCancel, CanAddress   bool // the role may, and the order's state allows it
}

type orderLineRow struct {
	SKU, Name, Quantity, Unit, Total string
	Marks                            []string
}

type orderAmount struct{ Label, Amount string }

type riskRow struct{ Name, Text, Action, Weight string }

type paymentRow struct{ Type, Amount, Outcome, At string }

func buildOrderView(locale string, o order.Order, events []order.Event, names map[string]string, payments []payment.Received) orderView {
	cur := func(minor int64) string { return money.Format(minor, o.Currency) }
	v := orderView{O: o, Status: word(locale, "status.", string(o.Status)), Payment: word(locale, "payment.", string(o.PaymentStatus)),
		Placed: stamp(o.CreatedAt), Method: word(locale, "order.method.", o.PaymentMethod),
		Ship: addressLines(o.ShippingAddress)}
	if o.PaymentDueAt != nil && o.PaymentStatus == order.AwaitingPayment {
		v.PaymentDue = stamp(*o.PaymentDueAt)
	}
	if o.BillingAddress != nil && *o.BillingAddress != o.ShippingAddress {
		v.Bill = addressLines(*o.BillingAddress)
	}
	for _, l := range o.Lines {
		row := orderLineRow{SKU: l.SKU, Name: l.Name, Quantity: fmt.Sprint(l.Quantity), Unit: cur(l.UnitPriceMinor), Total: cur(l.TotalMinor)}
		if l.ShortQuantity > 0 {
			row.Marks = append(row.Marks, fmt.Sprintf(text(locale, "order.mark.short"), l.ShortQuantity,
				word(locale, "order.policy.", policyOf(l))))
		}
		if l.CancelledQuantity > 0 {
			row.Marks = append(row.Marks, fmt.Sprintf(text(locale, "order.mark.cancelled"), l.CancelledQuantity))
		}
		v.Lines = append(v.Lines, row)
	}
	v.Totals = orderTotals(locale, o, cur)
	for _, r := range o.RiskReasons {
		v.Risk = append(v.Risk, riskRow{Name: r.Name, Text: r.Text, Action: word(locale, "order.risk_action.", string(r.Action)),
			Weight: fmt.Sprint(r.Weight)})
	}
	v.Sourcing = buildSourcing(locale, o)
	v.Fulfilments = fulfilmentRows(locale, o)
	v.Timeline = timelineRows(locale, events, names)
	for _, p := range payments {
		v.Payments = append(v.Payments, paymentRow{Type: p.Type, Amount: money.Format(p.AmountMinor, p.Currency),
			Outcome: p.Outcome, At: stamp(p.ReceivedAt)})
	}
	return v
}

// policyOf is the shortage policy a short line is under: hold without one.
func policyOf(l order.Line) string {
	if l.ShortPolicy == "" {
		return order.PolicyHold
	}
	return l.ShortPolicy
}

// orderTotals lists what the customer pays, then where the money stands;
// an amount that is zero and says nothing is left out.
func orderTotals(locale string, o order.Order, cur func(int64) string) []orderAmount {
	out := []orderAmount{{text(locale, "order.subtotal"), cur(o.SubtotalMinor)}}
	if o.DiscountMinor != 0 {
		label := text(locale, "order.discount")
		if len(o.Coupons) > 0 {
			label += " (" + strings.Join(o.Coupons, ", ") + ")"
		}
		out = append(out, orderAmount{label, cur(-o.DiscountMinor)})
	}
	if o.GiftWrapMinor != 0 {
		out = append(out, orderAmount{text(locale, "order.gift_wrap"), cur(o.GiftWrapMinor)})
	}
	out = append(out, orderAmount{text(locale, "order.shipping"), cur(o.ShippingMinor)},
		orderAmount{text(locale, "order.total"), cur(o.TotalMinor)})
	for _, x := range []struct {
		key   string
		minor int64
	}{{"order.paid", o.PaidMinor}, {"order.refunded", o.RefundedMinor}, {"order.refund_due", o.RefundDueMinor}} {
		if x.minor != 0 {
			out = append(out, orderAmount{text(locale, x.key), cur(x.minor)})
		}
	}
	return out
}

// addressLines writes an address as a label reads, one line each, the
// empty fields left out.
func addressLines(a address.Address) []string {
	var out []string
	add := func(parts ...string) {
		var kept []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				kept = append(kept, p)
			}
		}
		if len(kept) > 0 {
			out = append(out, strings.Join(kept, " "))
		}
	}
	add(a.Name)
	add(a.Company)
	add(a.Line1)
	add(a.Line2)
	add(a.District)
	rest := strings.TrimSpace(a.Region + " " + a.PostalCode)
	if a.City != "" && rest != "" {
		add(a.City+",", rest)
	} else {
		add(a.City, rest)
	}
	add(a.Country)
	return out
}

// addressValues are the fields of the address form, prefilled with the
// order's shipping address.
func addressValues(o order.Order) map[string]string {
	a := o.ShippingAddress
	return map[string]string{"line1": a.Line1, "line2": a.Line2, "city": a.City, "region": a.Region,
		"postal_code": a.PostalCode, "country": a.Country}
}
