package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/bojanz/currency"
)

// view is what the templates see: every amount and date already formatted
// for the customer's language, every customer-controlled string cleaned. The
// templates only lay text out; they make no decisions about money or time.
type view struct {
	OrderNumber  string
	CustomerName string
	Lines        []lineView
	Subtotal     string
	Discount     string // empty when there is no discount
	Shipping     string // empty when shipping is free
	Total        string
	COD          bool
	ShipDate     string // long form for email; empty when not yet known
	Address      []string

	SMSTotal    string // GSM-safe in English: currency code, plain spaces
	SMSShipDate string // short form; empty when not yet known

	Notices []string // one sentence per shortage notice, in the message's language
}

type lineView struct {
	SKU       string
	Name      string
	Quantity  int
	UnitPrice string
	LineTotal string
}

// newView formats c for lang ("en" or "zh") with money in the given locale.
// c must have passed validate, so the currency is known.
func newView(c OrderConfirmation, lang string, loc currency.Locale) (view, error) {
	m := newMoney(loc, c.Currency)
	v := view{
		OrderNumber:  c.OrderNumber,
		CustomerName: clean(c.CustomerName),
		COD:          c.PaymentMethod == COD,
	}
	var err error
	amount := func(minor int64) string {
		s, e := m.format(minor)
		if err == nil {
			err = e
		}
		return s
	}
	for _, l := range c.Lines {
		v.Lines = append(v.Lines, lineView{
			SKU: clean(l.SKU), Name: clean(l.Name), Quantity: l.Quantity,
			UnitPrice: amount(l.UnitPriceMinor), LineTotal: amount(l.LineTotalMinor),
		})
	}
	v.Subtotal, v.Total = amount(c.SubtotalMinor), amount(c.TotalMinor)
	if c.DiscountMinor != 0 {
		v.Discount = amount(-c.DiscountMinor)
	}
	if c.ShippingMinor != 0 {
		v.Shipping = amount(c.ShippingMinor)
	}
	for _, a := range c.ShippingAddress {
		if a = clean(a); a != "" {
			v.Address = append(v.Address, a)
		}
	}
	v.SMSTotal = v.Total
	if lang == "en" {
		s, e := m.code(c.TotalMinor)
		if v.SMSTotal = s; err == nil {
			err = e
		}
	}
	if !c.EstimatedShipDate.IsZero() {
		v.ShipDate, v.SMSShipDate = formatDate(c.EstimatedShipDate, lang)
	}
	for _, n := range c.Notices {
		amount, e := m.format(n.AmountMinor)
		if err == nil {
			err = e
		}
		v.Notices = append(v.Notices, noticeText(n, lang, amount))
	}
	return v, err
}

// noticeText is the sentence that tells the customer what a shortage did
// to a line.
func noticeText(n Notice, lang, amount string) string {
	name := clean(n.Name)
	date, _ := formatDate(n.Date, lang)
	if lang == "zh" {
		switch n.Kind {
		case NoticeBackorder:
			return fmt.Sprintf("%s 有 %d 件暂时缺货，我们会在到货后发出，预计 %s 发货。", name, n.Quantity, date)
		case NoticePresale:
			return fmt.Sprintf("%s 有 %d 件为预售商品，将于 %s 发售后发货。", name, n.Quantity, date)
		case NoticeSplit:
			return fmt.Sprintf("%s 有 %d 件暂时缺货，将在到货后另行发出。", name, n.Quantity)
		default:
			if n.AmountMinor == 0 {
				return fmt.Sprintf("%s 有 %d 件因缺货已取消，不会向您收取费用。", name, n.Quantity)
			}
			return fmt.Sprintf("%s 有 %d 件因缺货已取消，%s 将退还给您。", name, n.Quantity, amount)
		}
	}
	switch n.Kind {
	case NoticeBackorder:
		return fmt.Sprintf("%d × %s are on backorder; we expect to ship them on %s.", n.Quantity, name, date)
	case NoticePresale:
		return fmt.Sprintf("%d × %s are a pre-order; they ship on the release date, %s.", n.Quantity, name, date)
	case NoticeSplit:
		return fmt.Sprintf("%d × %s are not in stock yet; they will follow in a separate parcel.", n.Quantity, name)
	default:
		if n.AmountMinor == 0 {
			return fmt.Sprintf("%d × %s could not be supplied and were cancelled; you will not be charged for them.", n.Quantity, name)
		}
		return fmt.Sprintf("%d × %s could not be supplied and were cancelled; %s will be refunded.", n.Quantity, name, amount)
	}
}

// money formats integer minor units with bojanz/currency, which knows each
// currency's digits (JPY 0, USD 2, KWD 3) and each locale's symbols and
// grouping; no float is ever involved.
type money struct {
	bySymbol, byCode *currency.Formatter
	currency         string
}

func newMoney(loc currency.Locale, code string) money {
	byCode := currency.NewFormatter(loc)
	byCode.CurrencyDisplay = currency.DisplayCode
	return money{bySymbol: currency.NewFormatter(loc), byCode: byCode, currency: code}
}

func (m money) format(minor int64) (string, error) {
	a, err := currency.NewAmountFromInt64(minor, m.currency)
	if err != nil {
		return "", fmt.Errorf("format amount: %w", err)
	}
	return m.bySymbol.Format(a), nil
}

// code formats with the ISO code ("USD 12.50") and ordinary spaces: symbols
// such as € or ₹ and the no-break space are outside the GSM 7-bit alphabet
// and would turn a 160-character SMS into a 70-character one.
func (m money) code(minor int64) (string, error) {
	a, err := currency.NewAmountFromInt64(minor, m.currency)
	if err != nil {
		return "", fmt.Errorf("format amount: %w", err)
	}
	return strings.ReplaceAll(m.byCode.Format(a), "\u00a0", " "), nil
}

// formatDate writes the ship date, in the time's own location, in a long form
// for email and a short one for SMS. English uses day-month-year with the
// month spelled out, which readers on both sides of the Atlantic parse alike.
func formatDate(t time.Time, lang string) (long, short string) {
	if lang == "zh" {
		weekdays := [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}
		return fmt.Sprintf("%d年%d月%d日（%s）", t.Year(), t.Month(), t.Day(), weekdays[t.Weekday()]),
			fmt.Sprintf("%d月%d日", t.Month(), t.Day())
	}
	return t.Format("Monday, 2 January 2006"), t.Format("2 Jan 2006")
}
