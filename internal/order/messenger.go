package order

import (
	"context"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/notify"
)

// EmailSender is what Messenger needs of an e-mail sender (notify.SMTPSender).
type EmailSender interface {
	Send(ctx context.Context, to string, msg notify.Rendered, idempotencyKey string) error
}

// Messenger is the Notifier that renders an order confirmation in the
// order's language and sends it by e-mail and SMS, whichever are set.
// Delivery is at least once: a retry after a failed SMS sends the e-mail
// again under the same idempotency key (and Message-ID).
type Messenger struct {
	Renderer *notify.Renderer
	Email    EmailSender        // nil: no e-mail
	SMS      notify.SMSProvider // nil: no SMS
}

// Confirm implements Notifier.
func (m Messenger) Confirm(ctx context.Context, o Order, key string) error {
	r, err := m.Renderer.Render(confirmation(o))
	if err != nil {
		return err
	}
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

// confirmation is the message view of an order. The estimated ship date is
// the day after the order was placed until review and allocation (the next
// issue) compute it from the warehouse's cut-off and stock.
func confirmation(o Order) notify.OrderConfirmation {
	c := notify.OrderConfirmation{
		OrderNumber: o.Number, Locale: o.Locale, CustomerName: o.Customer.Name, Email: o.Customer.Email,
		Phone: o.Customer.Phone, SubtotalMinor: o.SubtotalMinor, DiscountMinor: o.DiscountMinor,
		ShippingMinor: o.ShippingMinor, TotalMinor: o.TotalMinor, Currency: o.Currency,
		PaymentMethod:     notify.PaymentMethod(o.PaymentMethod),
		EstimatedShipDate: o.CreatedAt.Add(24 * time.Hour).Truncate(24 * time.Hour),
	}
	for _, l := range o.Lines {
		c.Lines = append(c.Lines, notify.Line{SKU: l.SKU, Name: l.Name, Quantity: int(l.Quantity),
			UnitPriceMinor: l.UnitPriceMinor, LineTotalMinor: l.TotalMinor})
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
