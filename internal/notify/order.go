package notify

import (
	"context"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// EmailSender is what Messenger needs of an e-mail sender (SMTPSender).
type EmailSender interface {
	Send(ctx context.Context, to string, msg Rendered, idempotencyKey string) error
}

// Messenger is the order.Notifier: it renders an order's message in the
// order's language and sends it on one channel, by e-mail or SMS, whichever
// the job asks for. Each channel is its own job, so a retry of one never sends
// the other again; each job's key is the sender's idempotency key (and the
// e-mail's Message-ID).
type Messenger struct {
	Renderer *Renderer
	Email    EmailSender // nil: no e-mail
	SMS      SMSProvider // nil: no SMS
	// TrackingURL links a tracking number in the shipped notice: "{tracking}"
	// is replaced by it. Empty: the notice gives the numbers without links.
	TrackingURL string
	// Parcels tells where a parcel stands, for the tracking notices and the
	// links to Waybill's public tracking pages; nil: no tracking notices.
	Parcels ParcelFacts
	// PublicURL is the address customers reach Waybill's public pages at
	// (https://track.example.com); when set with Parcels, the shipped
	// notice links each parcel to its page there instead of TrackingURL.
	PublicURL string
}

// Sends implements order.Notifier.
func (m Messenger) Sends(ch order.Channel) bool {
	switch ch {
	case order.EmailChannel:
		return m.Email != nil
	case order.SMSChannel:
		return m.SMS != nil
	}
	return false
}

// Notify implements order.Notifier.
func (m Messenger) Notify(ctx context.Context, o order.Order, msg order.Message, ch order.Channel, key string) error {
	if !m.Sends(ch) {
		return errs.E(errs.Invalid, "no sender for channel %q", errs.Clip(string(ch)))
	}
	if msg == order.DelayMessage && len(delayOf(o).Items) == 0 {
		return nil // the stock arrived before the notice went: nothing is delayed any more
	}
	var r Rendered
	var err error
	if msg == order.ShippedMessage { // linked to the parcels' pages, which it reads
		var s OrderShipped
		if s, err = m.shippedLinked(ctx, o); err == nil {
			r, err = m.Renderer.RenderShipped(s)
		}
	} else {
		r, err = m.render(o, msg)
	}
	if err != nil {
		return err
	}
	if ch == order.EmailChannel {
		return m.Email.Send(ctx, o.Customer.Email, r, key)
	}
	_, err = m.SMS.SendSMS(ctx, o.Customer.Phone, r.SMS, key)
	return err
}

// render writes message msg about o. A cancellation tells the customer
// whether the order went unpaid (cancelled, with nothing paid, once its
// payment window had closed) and what is refunded, not the internal reason.
func (m Messenger) render(o order.Order, msg order.Message) (Rendered, error) {
	switch msg {
	case order.ConfirmationMessage:
		return m.Renderer.Render(confirmationOf(o))
	case order.CancellationMessage:
		c := OrderCancellation{OrderNumber: o.Number, Locale: o.Locale, CustomerName: o.Customer.Name,
			Currency: o.Currency, Unpaid: o.PaidMinor == 0 && o.PaymentDueAt != nil && !o.UpdatedAt.Before(*o.PaymentDueAt)}
		if o.PaymentStatus == order.RefundDue {
			c.RefundMinor = max(0, o.PaidMinor-o.RefundedMinor)
		}
		return m.Renderer.RenderCancellation(c)
	case order.DelayMessage:
		return m.Renderer.RenderDelay(delayOf(o))
	case order.UnitsCancelledMessage:
		return m.Renderer.RenderUnitsCancelled(unitsCancelledOf(o))
	case order.ShippedMessage:
		return m.Renderer.RenderShipped(shippedOf(o, m.TrackingURL))
	}
	return Rendered{}, errs.E(errs.Invalid, "%q is not a customer message", errs.Clip(string(msg)))
}

// delayOf is the delay notice of an order as it stands: every line still
// short, and whether anything of the order ships before the stock arrives.
func delayOf(o order.Order) OrderDelay {
	d := OrderDelay{OrderNumber: o.Number, Locale: o.Locale, CustomerName: o.Customer.Name, AllDelayed: true}
	for _, l := range o.Lines {
		if l.ShortQuantity > 0 {
			d.Items = append(d.Items, DelayedItem{SKU: l.SKU, Name: l.Name, Units: l.ShortQuantity})
		}
		if l.Quantity-l.CancelledQuantity > l.ShortQuantity {
			d.AllDelayed = false
		}
	}
	return d
}

// unitsCancelledOf is the units-cancelled notice of an order as it stands:
// every line's cancelled units and what is due back for them.
func unitsCancelledOf(o order.Order) OrderUnitsCancelled {
	u := OrderUnitsCancelled{OrderNumber: o.Number, Locale: o.Locale, CustomerName: o.Customer.Name, Currency: o.Currency,
		COD: o.PaymentMethod == "cod", TotalMinor: o.TotalMinor, AllCancelled: true}
	for _, l := range o.Lines {
		if l.CancelledQuantity > 0 {
			u.Items = append(u.Items, CancelledItem{SKU: l.SKU, Name: l.Name, Units: l.CancelledQuantity})
		}
		if l.Quantity > l.CancelledQuantity {
			u.AllCancelled = false
		}
	}
	if !u.COD {
		u.RefundMinor = o.RefundDueMinor
	}
	return u
}

// confirmationOf is the message view of an order: its estimated ship date is
// the sourcing plan's (warehouse cut-offs, backorder lead times, presale
// release dates), and each line a shortage policy changed gets a notice.
func confirmationOf(o order.Order) OrderConfirmation {
	c := OrderConfirmation{
		OrderNumber: o.Number, Locale: o.Locale, CustomerName: o.Customer.Name, Email: o.Customer.Email,
		Phone: o.Customer.Phone, SubtotalMinor: o.SubtotalMinor, DiscountMinor: o.DiscountMinor,
		ShippingMinor: o.ShippingMinor, TotalMinor: o.TotalMinor, Currency: o.Currency,
		PaymentMethod: PaymentMethod(o.PaymentMethod),
	}
	shipsOn, err := time.Parse(time.DateOnly, o.ShipsOn)
	if err == nil {
		c.EstimatedShipDate = shipsOn
	}
	for _, l := range o.Lines {
		c.Lines = append(c.Lines, Line{SKU: l.SKU, Name: l.Name, Quantity: int(l.Quantity),
			UnitPriceMinor: l.UnitPriceMinor, LineTotalMinor: l.TotalMinor})
		if n, ok := notice(l, c.EstimatedShipDate, o.PaymentMethod == "cod"); ok {
			c.Notices = append(c.Notices, n)
		}
	}
	a := o.ShippingAddress
	for _, line := range []string{a.Name, a.Company, a.Line1, a.Line2, a.District,
		strings.TrimSpace(a.PostalCode + " " + a.City), a.Region, a.Country} {
		if strings.TrimSpace(line) != "" {
			c.ShippingAddress = append(c.ShippingAddress, line)
		}
	}
	return c
}

// notice says what the line's shortage policy did, if anything.
func notice(l order.Line, shipsOn time.Time, cod bool) (Notice, bool) {
	n := Notice{Name: l.Name, Quantity: int(l.ShortQuantity), Date: shipsOn}
	switch {
	case l.CancelledQuantity > 0:
		n.Kind, n.Quantity, n.Date = NoticeCancelled, int(l.CancelledQuantity), time.Time{}
		if !cod {
			n.AmountMinor = l.CancelledMinor() // paid at checkout, so due back
		}
	case l.ShortQuantity == 0:
		return n, false
	case l.ShortPolicy == order.PolicyBackorder:
		n.Kind = NoticeBackorder
	case l.ShortPolicy == order.PolicyPresale:
		n.Kind = NoticePresale
	case l.ShortPolicy == order.PolicySplit:
		n.Kind, n.Date = NoticeSplit, time.Time{}
	default:
		return n, false // held for a person, who tells the customer what comes next
	}
	return n, true
}
