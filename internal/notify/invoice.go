package notify

import (
	"context"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// Attachment is a file sent with an e-mail: the invoice as a PDF.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// OrderInvoice is the e-mail that carries a packed order's invoice, for a
// customer who asked for it by e-mail rather than in the parcel.
type OrderInvoice struct {
	OrderNumber   string `json:"order_number"`
	Locale        string `json:"locale"`
	CustomerName  string `json:"customer_name"`
	InvoiceNumber string `json:"invoice_number"`
}

// invoiceView is the e-mail as its templates see it.
type invoiceView struct{ OrderNumber, CustomerName, InvoiceNumber string }

// RenderInvoice writes the invoice e-mail in the customer's language; the
// caller attaches the PDF. Like Render it is a pure function of its input.
func (r *Renderer) RenderInvoice(i OrderInvoice) (Rendered, error) {
	var f errs.Fields
	if i.OrderNumber == "" || len(i.OrderNumber) > maxOrderNumber || strings.IndexFunc(i.OrderNumber, notPrintableASCII) >= 0 {
		f.Add("order_number", errs.CodeFormat, "an order number of printable ASCII is required")
	}
	if i.InvoiceNumber == "" || len(i.InvoiceNumber) > maxOrderNumber || strings.IndexFunc(i.InvoiceNumber, notPrintableASCII) >= 0 {
		f.Add("invoice_number", errs.CodeFormat, "an invoice number of printable ASCII is required")
	}
	if err := f.Err(); err != nil {
		return Rendered{}, err
	}
	lang, _ := language(i.Locale)
	v := invoiceView{OrderNumber: i.OrderNumber, CustomerName: clean(i.CustomerName), InvoiceNumber: i.InvoiceNumber}
	return execute(r.invoice.text[lang], r.invoice.html[lang], v, Rendered{OrderNumber: i.OrderNumber, Locale: lang})
}

// MailInvoice e-mails a packed order's invoice (number, PDF) to its
// customer: the pack stage's InvoiceMailer. Without an e-mail sender it
// sends nothing: the invoice then goes in the parcel.
func (m Messenger) MailInvoice(ctx context.Context, o order.Order, number string, pdf []byte, key string) error {
	if m.Email == nil {
		return nil
	}
	r, err := m.Renderer.RenderInvoice(OrderInvoice{OrderNumber: o.Number, Locale: o.Locale, CustomerName: o.Customer.Name,
		InvoiceNumber: number})
	if err != nil {
		return err
	}
	r.Attachments = []Attachment{{Name: number + ".pdf", ContentType: "application/pdf", Data: pdf}}
	return m.Email.Send(ctx, o.Customer.Email, r, key)
}
