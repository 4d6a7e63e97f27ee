package notify

import (
	"context"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/order"
)

// EmailSender is what Messenger needs of an e-mail sender (SMTPSender).
type EmailSender interface {
	Send(ctx context.Context, to string, msg Rendered, idempotencyKey string) error
}

// Messenger is the order.Notifier that renders an order confirmation in the
// order's language and sends it by e-mail and SMS, whichever are set.
// Delivery is at least once: a retry after a failed SMS sends the e-mail
// again under the same idempotency key (and Message-ID).
type Messenger struct {
	Renderer *Renderer
	Email    EmailSender // nil: no e-mail
	SMS      SMSProvider // nil: no SMS
}

// Confirm implements order.Notifier.
func (m Messenger) Confirm(ctx context.Context, o order.Order, key string) error {
	r, err := m.Renderer.Render(confirmationOf(o))
	if err != nil {
		return err
	}
	return m.send(ctx, o, r, key)
}

// Cancelled implements order.Notifier. The customer learns whether the order
// went unpaid (cancelled, with nothing paid, once its payment window had
// closed) and what is refunded, not the internal reason.
func (m Messenger) Cancelled(ctx context.Context, o order.Order, key string) error {
	c := OrderCancellation{OrderNumber: o.Number, Locale: o.Locale, CustomerName: o.Customer.Name,
		Currency: o.Currency, Unpaid: o.PaidMinor == 0 && o.PaymentDueAt != nil && !o.UpdatedAt.Before(*o.PaymentDueAt)}
	if o.PaymentStatus == order.RefundDue {
		c.RefundMinor = max(0, o.PaidMinor-o.RefundedMinor)
	}
	r, err := m.Renderer.RenderCancellation(c)
	if err != nil {
		return err
	}
	return m.send(ctx, o, r, key)
}

// send delivers a rendered message by e-mail and SMS, whichever are set.
func (m Messenger) send(ctx context.Context, o order.Order, r Rendered, key string) error {
	if m.Email != nil {
		if err := m.Email.Send(ctx, o.Customer.Email, r, key+":email"); err != nil {
			return err
		}
	}
	if m.SMS != nil {
		if _, err := m.SMS.SendSMS(ctx, o.Customer.Phone, r.SMS, key+":sms"); err != nil {
			return err
		}
	}
	return nil
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
