// Package notify turns an order into the messages a customer receives
// (email and SMS) and hands them to an SMTP server or an SMS provider. It owns
// no storage: Messenger (order.go) is the order stage's Notifier, which its
// durable jobs call; it builds the message view (OrderConfirmation,
// OrderCancellation), Renders it and sends it, retrying on errs.Unavailable
// and giving up on errs.Invalid.
package notify

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/bojanz/currency"

	"github.com/waybill/waybill/internal/errs"
)

// PaymentMethod says how the customer pays, because a cash-on-delivery
// customer must be told to have the amount ready.
type PaymentMethod string

// The payment methods an order can carry.
const (
	Prepaid PaymentMethod = "prepaid"
	COD     PaymentMethod = "cod"
)

// OrderConfirmation is everything a confirmation message shows, as plain
// values, so that rendering needs no database and the job can store it as its
// arguments. Amounts are integer minor units of Currency (cents, fen; yen have
// none); DiscountMinor is the positive amount taken off the subtotal.
type OrderConfirmation struct {
	OrderNumber       string        `json:"order_number"`
	Locale            string        `json:"locale"` // BCP 47 tag; "zh*" gets Chinese, anything else English
	CustomerName      string        `json:"customer_name"`
	Email             string        `json:"email"`
	Phone             string        `json:"phone"` // E.164
	Lines             []Line        `json:"lines"`
	SubtotalMinor     int64         `json:"subtotal_minor"`
	DiscountMinor     int64         `json:"discount_minor"`
	ShippingMinor     int64         `json:"shipping_minor"`
	TotalMinor        int64         `json:"total_minor"`
	Currency          string        `json:"currency"` // ISO 4217
	PaymentMethod     PaymentMethod `json:"payment_method"`
	EstimatedShipDate time.Time     `json:"estimated_ship_date"` // zero when not yet known
	ShippingAddress   []string      `json:"shipping_address"`    // formatted lines, as on a label
	Notices           []Notice      `json:"notices,omitempty"`   // what stock shortage changed, line by line
}

// Notice tells the customer what a stock shortage did to one line, so the
// confirmation they read is the truth about what ships when.
type Notice struct {
	Kind        NoticeKind `json:"kind"`
	Name        string     `json:"name"`
	Quantity    int        `json:"quantity"`               // the units concerned
	Date        time.Time  `json:"date,omitzero"`          // backorder: expected ship date; presale: release date
	AmountMinor int64      `json:"amount_minor,omitempty"` // cancelled: the amount due back; 0 when nothing was paid
}

// NoticeKind is what happened to the short units.
type NoticeKind string

// The notices a shortage policy gives rise to.
const (
	NoticeBackorder NoticeKind = "backorder" // the units ship when stock arrives, expected on Date
	NoticePresale   NoticeKind = "presale"   // the units ship on the release Date
	NoticeSplit     NoticeKind = "split"     // the units follow in a later parcel
	NoticeCancelled NoticeKind = "cancelled" // the units were cancelled; AmountMinor comes back
)

// Line is one ordered product as the customer sees it on the confirmation.
type Line struct {
	SKU            string `json:"sku"`
	Name           string `json:"name"`
	Quantity       int    `json:"quantity"`
	UnitPriceMinor int64  `json:"unit_price_minor"`
	LineTotalMinor int64  `json:"line_total_minor"`
}

// Limits that keep a confirmation sane to render and the SMS within one segment.
const (
	maxOrderNumber = 32
	maxLines       = 500
	maxMinor       = 1_000_000_000_000_000 // 10^15 minor units: sums cannot overflow int64
)

// validate reports every problem with c at once, as field errors, so a bug in
// the caller is found in one round and never reaches a customer as wrong sums.
func (c OrderConfirmation) validate() error {
	var f errs.Fields
	switch {
	case c.OrderNumber == "":
		f.Add("order_number", errs.CodeRequired, "an order number is required")
	case len(c.OrderNumber) > maxOrderNumber:
		f.Add("order_number", errs.CodeTooLong, "at most %d characters", maxOrderNumber)
	case strings.IndexFunc(c.OrderNumber, notPrintableASCII) >= 0:
		f.Add("order_number", errs.CodeFormat, "printable ASCII without spaces only")
	}
	if !currency.IsValid(c.Currency) {
		f.Add("currency", errs.CodeUnknown, "%q is not an ISO 4217 currency", c.Currency)
	}
	if c.PaymentMethod != Prepaid && c.PaymentMethod != COD {
		f.Add("payment_method", errs.CodeUnknown, "must be prepaid or cod")
	}
	if len(c.Lines) == 0 {
		f.Add("lines", errs.CodeRequired, "at least one line is required")
	} else if len(c.Lines) > maxLines {
		f.Add("lines", errs.CodeOutOfRange, "at most %d lines", maxLines)
	}
	for i, n := range c.Notices {
		path := fmt.Sprintf("notices[%d]", i)
		switch n.Kind {
		case NoticeBackorder, NoticePresale, NoticeSplit, NoticeCancelled:
		default:
			f.Add(path+".kind", errs.CodeUnknown, "%q is not a notice kind", errs.Clip(string(n.Kind)))
		}
		if n.Quantity < 1 {
			f.Add(path+".quantity", errs.CodeOutOfRange, "must be at least 1")
		}
		checkAmount(&f, path+".amount_minor", n.AmountMinor)
	}
	var sum int64
	for i, l := range c.Lines {
		var lf errs.Fields
		if strings.TrimSpace(l.Name) == "" && strings.TrimSpace(l.SKU) == "" {
			lf.Add("name", errs.CodeRequired, "a line needs a name or a SKU")
		}
		if l.Quantity < 1 {
			lf.Add("quantity", errs.CodeOutOfRange, "must be at least 1")
		}
		checkAmount(&lf, "unit_price_minor", l.UnitPriceMinor)
		checkAmount(&lf, "line_total_minor", l.LineTotalMinor)
		f.Merge("lines["+strconv.Itoa(i)+"]", lf)
		sum += l.LineTotalMinor
	}
	for _, a := range []struct {
		path string
		v    int64
	}{{"subtotal_minor", c.SubtotalMinor}, {"discount_minor", c.DiscountMinor},
		{"shipping_minor", c.ShippingMinor}, {"total_minor", c.TotalMinor}} {
		checkAmount(&f, a.path, a.v)
	}
	if len(f) == 0 && sum != c.SubtotalMinor {
		f.Add("subtotal_minor", errs.CodeOutOfRange, "is %d but the lines add up to %d", c.SubtotalMinor, sum)
	}
	if len(f) == 0 && c.SubtotalMinor-c.DiscountMinor+c.ShippingMinor != c.TotalMinor {
		f.Add("total_minor", errs.CodeOutOfRange, "must equal subtotal - discount + shipping")
	}
	return f.Err()
}

func checkAmount(f *errs.Fields, path string, v int64) {
	if v < 0 || v > maxMinor {
		f.Add(path, errs.CodeOutOfRange, "must be between 0 and %d minor units", int64(maxMinor))
	}
}

func notPrintableASCII(r rune) bool { return r <= ' ' || r > '~' }

// language picks the template language for a BCP 47 tag ("zh-TW", "en_GB",
// "fr") and the locale money is formatted in. Simplified Chinese serves every
// zh variant; every other language falls back to English, keeping English
// number formats so that digits and symbols match the words around them.
func language(tag string) (lang string, money currency.Locale) {
	tag = strings.ReplaceAll(strings.TrimSpace(tag), "_", "-")
	base, _, _ := strings.Cut(strings.ToLower(tag), "-")
	switch base {
	case "zh":
		return "zh", currency.NewLocale(tag)
	case "en":
		return "en", currency.NewLocale(tag)
	}
	return "en", currency.NewLocale("en")
}

// clean makes customer-controlled text safe to place in a line of plain text:
// control characters (line breaks included) become spaces and runs of space
// collapse, so a name cannot forge extra lines in the text part.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)), " ")
}
