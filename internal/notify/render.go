package notify

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/waybill/waybill/internal/order"
)

//go:embed templates/*.tmpl
var templateFiles embed.FS

// Rendered is one confirmation ready to send: what the SMTP sender and the
// SMS provider need, and nothing that ties it to a database.
type Rendered struct {
	OrderNumber string // for the X-Waybill-Order header and logs
	Locale      string // "en" or "zh": the language the texts are in
	Subject     string
	HTML        string
	Text        string
	SMS         string
	Attachments []Attachment // files the e-mail carries (an invoice); none for SMS
}

// Renderer holds the parsed templates so that rendering a message costs no
// parsing. It is safe for concurrent use; Render is pure.
type Renderer struct {
	text   map[string]*texttemplate.Template // subject, text and sms per language
	html   map[string]*htmltemplate.Template // html per language; escapes customer text
	cancel messageTemplates                  // the cancellation notice's (cancellation.go)
	delay  messageTemplates                  // the delay notice's (delay.go)
	// unitsCancelled is the units-cancelled notice's (unitscancelled.go).
	unitsCancelled messageTemplates
	shipped        messageTemplates // the shipped notice's (shipped.go)
	invoice        messageTemplates // the invoice e-mail's (invoice.go)
	// parcel are the tracking notices', by message (parcelnotice.go).
	parcel map[order.Message]messageTemplates
}

// NewRenderer parses the embedded English and Chinese templates once, at start,
// so that a broken template stops the binary instead of a customer's message.
func NewRenderer() (*Renderer, error) {
	r := &Renderer{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	for _, lang := range []string{"en", "zh"} {
		t, err := texttemplate.New(lang).Option("missingkey=error").
			ParseFS(templateFiles, "templates/"+lang+".txt.tmpl")
		if err != nil {
			return nil, fmt.Errorf("parse %s text templates: %w", lang, err)
		}
		h, err := htmltemplate.New(lang).Option("missingkey=error").
			ParseFS(templateFiles, "templates/"+lang+".html.tmpl")
		if err != nil {
			return nil, fmt.Errorf("parse %s html template: %w", lang, err)
		}
		for _, name := range []string{"subject", "text", "sms"} {
			if t.Lookup(name) == nil {
				return nil, fmt.Errorf("%s text templates lack %q", lang, name)
			}
		}
		if h.Lookup("html") == nil {
			return nil, fmt.Errorf("%s html template lacks \"html\"", lang)
		}
		r.text[lang], r.html[lang] = t, h
	}
	var err error
	if r.cancel, err = parseMessageTemplates("cancel", "cancellation"); err != nil {
		return nil, err
	}
	if r.delay, err = parseMessageTemplates("delay", "delay"); err != nil {
		return nil, err
	}
	if r.unitsCancelled, err = parseMessageTemplates("unitscancelled", "units-cancelled"); err != nil {
		return nil, err
	}
	if r.shipped, err = parseMessageTemplates("shipped", "shipped"); err != nil {
		return nil, err
	}
	if r.invoice, err = parseMessageTemplates("invoice", "invoice"); err != nil {
		return nil, err
	}
	if r.parcel, err = parseParcelTemplates(); err != nil {
		return nil, err
	}
	// html/template finds contextual-escaping mistakes only when it first
	// executes; do that here rather than in a customer's message.
	for _, lang := range []string{"en", "zh"} {
		if _, err := r.Render(probe(lang)); err != nil {
			return nil, fmt.Errorf("templates fail on a sample order: %w", err)
		}
		probe := OrderCancellation{OrderNumber: "PROBE-1", Locale: lang, Currency: "USD", RefundMinor: 100}
		if _, err := r.RenderCancellation(probe); err != nil {
			return nil, fmt.Errorf("cancellation templates fail on a sample: %w", err)
		}
		delay := OrderDelay{OrderNumber: "PROBE-1", Locale: lang, CustomerName: "Probe",
			Items: []DelayedItem{{SKU: "P-1", Name: "Probe", Units: 1}}}
		if _, err := r.RenderDelay(delay); err != nil {
			return nil, fmt.Errorf("delay templates fail on a sample: %w", err)
		}
		items := []CancelledItem{{SKU: "P-1", Name: "Probe", Units: 1}}
		for _, u := range []OrderUnitsCancelled{
			{OrderNumber: "PROBE-1", Locale: lang, Currency: "USD", RefundMinor: 100, TotalMinor: 100, Items: items},
			{OrderNumber: "PROBE-1", Locale: lang, Currency: "USD", COD: true, TotalMinor: 100, Items: items},
		} {
			if _, err := r.RenderUnitsCancelled(u); err != nil {
				return nil, fmt.Errorf("units-cancelled templates fail on a sample: %w", err)
			}
		}
		shipped := OrderShipped{OrderNumber: "PROBE-1", Locale: lang, Parcels: []ShippedParcel{{Carrier: "Probe", TrackingNumber: "PR1",
			URL: "https://example.com/t/PR1"}}}
		if _, err := r.RenderShipped(shipped); err != nil {
			return nil, fmt.Errorf("shipped templates fail on a sample: %w", err)
		}
		if _, err := r.RenderInvoice(OrderInvoice{OrderNumber: "PROBE-1", Locale: lang, InvoiceNumber: "INV-1"}); err != nil {
			return nil, fmt.Errorf("invoice templates fail on a sample: %w", err)
		}
		if err := r.probeParcel(lang); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// probe is a small valid confirmation for checking the templates at start.
func probe(lang string) OrderConfirmation {
	return OrderConfirmation{
		OrderNumber: "PROBE-1", Locale: lang, CustomerName: "Probe", Currency: "USD", PaymentMethod: COD,
		Lines:         []Line{{SKU: "P-1", Name: "Probe", Quantity: 1, UnitPriceMinor: 100, LineTotalMinor: 100}},
		SubtotalMinor: 100, DiscountMinor: 10, ShippingMinor: 5, TotalMinor: 95,
		EstimatedShipDate: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), ShippingAddress: []string{"1 Probe St"},
	}
}

// Render writes the subject, HTML and text bodies and the SMS for c in the
// customer's language. It is a pure function of c: the same confirmation
// always renders byte for byte the same, so a retried job sends what the
// first attempt would have. An inconsistent confirmation is errs.Invalid.
func (r *Renderer) Render(c OrderConfirmation) (Rendered, error) {
	if err := c.validate(); err != nil {
		return Rendered{}, err
	}
	lang, loc := language(c.Locale)
	v, err := newView(c, lang, loc)
	if err != nil {
		return Rendered{}, err
	}
	return execute(r.text[lang], r.html[lang], v, Rendered{OrderNumber: c.OrderNumber, Locale: lang})
}

// execute runs a message's templates ("subject", "text" and "sms" in text,
// "html" in html) on view v into out, and tidies the results: one-line
// subject and SMS, a text body ending in one newline.
func execute(text *texttemplate.Template, html *htmltemplate.Template, v any, out Rendered) (Rendered, error) {
	for _, part := range []struct {
		name string
		dst  *string
	}{{"subject", &out.Subject}, {"text", &out.Text}, {"sms", &out.SMS}} {
		var b bytes.Buffer
		if err := text.ExecuteTemplate(&b, part.name, v); err != nil {
			return Rendered{}, fmt.Errorf("render %s %s: %w", out.Locale, part.name, err)
		}
		*part.dst = b.String()
	}
	var b bytes.Buffer
	if err := html.ExecuteTemplate(&b, "html", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s html: %w", out.Locale, err)
	}
	out.HTML = b.String()
	out.Subject = strings.Join(strings.Fields(out.Subject), " ")
	out.SMS = strings.Join(strings.Fields(out.SMS), " ")
	out.Text = strings.TrimSpace(out.Text) + "\n"
	return out, nil
}
