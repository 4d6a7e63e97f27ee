package notify

import (
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/bojanz/currency"

	"github.com/waybill/waybill/internal/errs"
)

// OrderCancellation is what a customer is told when their order is
// cancelled: not the internal reason (a risk rule, a reviewer's note), only
// whether it went unpaid and what comes back to them.
type OrderCancellation struct {
	OrderNumber  string `json:"order_number"`
	Locale       string `json:"locale"`
	CustomerName string `json:"customer_name"`
	Currency     string `json:"currency"`
	Unpaid       bool   `json:"unpaid"`       // cancelled because the payment never came
	RefundMinor  int64  `json:"refund_minor"` // paid and to be refunded; 0 when nothing was paid
}

// messageTemplates are one notice's templates per language: "subject",
// "text" and "sms" in templates/<file>.<lang>.txt.tmpl, "html" in
// templates/<file>.<lang>.html.tmpl.
type messageTemplates struct {
	text map[string]*texttemplate.Template
	html map[string]*htmltemplate.Template
}

// parseMessageTemplates parses the templates of the notice named file; what
// names it in errors.
func parseMessageTemplates(file, what string) (messageTemplates, error) {
	t := messageTemplates{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	for _, lang := range []string{"en", "zh"} {
		tx, err := texttemplate.New(lang).Option("missingkey=error").ParseFS(templateFiles, "templates/"+file+"."+lang+".txt.tmpl")
		if err != nil {
			return t, fmt.Errorf("parse %s %s templates: %w", lang, what, err)
		}
		h, err := htmltemplate.New(lang).Option("missingkey=error").ParseFS(templateFiles, "templates/"+file+"."+lang+".html.tmpl")
		if err != nil {
			return t, fmt.Errorf("parse %s %s html: %w", lang, what, err)
		}
		t.text[lang], t.html[lang] = tx, h
	}
	return t, nil
}

// cancelView is a cancellation formatted for its language.
type cancelView struct {
	OrderNumber, CustomerName string
	Unpaid                    bool
	Refund, SMSRefund         string // empty when nothing is refunded
}

// RenderCancellation writes the cancellation notice in the customer's
// language; like Render it is a pure function of its input.
func (r *Renderer) RenderCancellation(c OrderCancellation) (Rendered, error) {
	var f errs.Fields
	if c.OrderNumber == "" || len(c.OrderNumber) > maxOrderNumber || strings.IndexFunc(c.OrderNumber, notPrintableASCII) >= 0 {
		f.Add("order_number", errs.CodeFormat, "an order number of printable ASCII is required")
	}
	if !currency.IsValid(c.Currency) {
		f.Add("currency", errs.CodeUnknown, "%q is not an ISO 4217 currency", c.Currency)
	}
	checkAmount(&f, "refund_minor", c.RefundMinor)
	if err := f.Err(); err != nil {
		return Rendered{}, err
	}
	lang, loc := language(c.Locale)
	v := cancelView{OrderNumber: c.OrderNumber, CustomerName: clean(c.CustomerName), Unpaid: c.Unpaid}
	if c.RefundMinor > 0 {
		m := newMoney(loc, c.Currency)
		var err error
		if v.Refund, err = m.format(c.RefundMinor); err != nil {
			return Rendered{}, err
		}
		if v.SMSRefund, err = m.code(c.RefundMinor); err != nil {
			return Rendered{}, err
		}
	}
	return execute(r.cancel.text[lang], r.cancel.html[lang], v, Rendered{OrderNumber: c.OrderNumber, Locale: lang})
}
