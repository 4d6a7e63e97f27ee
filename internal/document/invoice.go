package document

import (
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/money"
)

// Invoice is what a packing slip and a commercial invoice print: the same
// order seen by the packer checking the parcel and by customs. Amounts are
// integer minor units of Currency, as everywhere in Waybill.
type Invoice struct {
	Number      string    // the invoice number; the caller owns the numbering. Required on the invoice
	OrderNumber string    // required; the slip carries it as Code 128 for the pack station's scanner
	Date        time.Time // the order's (or the invoice's) date
	Currency    string    // ISO 4217, e.g. "EUR"
	Seller      Party
	Buyer       Party
	ShipTo      address.Address
	Lines       []Line
	Taxes       []Tax // as the caller worked them out; may be none
	Shipping    int64 // the shipping charge, minor units; 0 prints no line
}

// Party is a seller or a buyer: an address and what customs asks for.
type Party struct {
	Address address.Address
	Phone   string
	Email   string
	TaxID   string // VAT, EORI or USCC number; printed when given
}

// Line is one product of the order.
type Line struct {
	SKU       string
	Name      string
	HSCode    string // the customs tariff code, 6 to 10 digits (dots allowed); optional
	Origin    string // country of origin, ISO 3166-1 alpha-2; optional
	Quantity  int
	UnitPrice int64 // minor units
}

// Tax is one tax line, given by the caller: Waybill does not compute tax
// here, it prints what the order was charged.
type Tax struct {
	Name        string // "VAT", "增值税"
	RateBasisPt int    // the rate in hundredths of a percent: 2000 is 20 %
	Amount      int64  // minor units
}

// Limits of what a slip or an invoice prints.
const (
	MaxInvoiceLines = 5000
	MaxTaxes        = 20
	MaxQuantity     = 1_000_000
)

// totals are an invoice's sums, checked against overflow.
type totals struct {
	lines    []int64 // each line's total
	subtotal int64
	tax      int64
	total    int64
}

// check refuses an invoice that cannot be printed, naming the field, and
// returns its sums.
func (inv Invoice) check(needNumber bool) (totals, error) {
	var f errs.Fields
	var t totals
	if needNumber && strings.TrimSpace(inv.Number) == "" {
		f.Add("number", errs.CodeRequired, "an invoice number is required")
	}
	switch {
	case strings.TrimSpace(inv.OrderNumber) == "":
		f.Add("order_number", errs.CodeRequired, "an order number is required")
	case len(inv.OrderNumber) > 40 || strings.IndexFunc(inv.OrderNumber, func(r rune) bool { return r < 0x20 || r > 0x7e }) >= 0:
		f.Add("order_number", errs.CodeFormat, "order_number %q must be at most 40 printable ASCII characters, for its Code 128", errs.Clip(inv.OrderNumber))
	}
	if !money.IsCurrency(inv.Currency) {
		f.Add("currency", errs.CodeUnknown, "currency %q is not an ISO 4217 code in use", errs.Clip(inv.Currency))
	}
	switch {
	case len(inv.Lines) == 0:
		f.Add("lines", errs.CodeRequired, "at least one line is required")
	case len(inv.Lines) > MaxInvoiceLines:
		f.Add("lines", errs.CodeTooLong, "at most %d lines, got %d", MaxInvoiceLines, len(inv.Lines))
	}
	if len(inv.Taxes) > MaxTaxes {
		f.Add("taxes", errs.CodeTooLong, "at most %d tax lines, got %d", MaxTaxes, len(inv.Taxes))
	}
	if len(f) > 0 {
		return t, f.Err()
	}
	add := func(path string, sum *int64, v int64) {
		if *sum > money.MaxMinor-v {
			f.Add(path, errs.CodeOutOfRange, "the total would pass %d minor units", money.MaxMinor)
			return
		}
		*sum += v
	}
	for i, l := range inv.Lines {
		at := "lines[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(l.Name) == "" && strings.TrimSpace(l.SKU) == "" {
			f.Add(at+".name", errs.CodeRequired, "a line needs a name or a SKU")
		}
		if l.Quantity < 1 || l.Quantity > MaxQuantity {
			f.Add(at+".quantity", errs.CodeOutOfRange, "quantity must be 1..%d, got %d", MaxQuantity, l.Quantity)
			continue
		}
		if l.UnitPrice < 0 || l.UnitPrice > money.MaxMinor/int64(l.Quantity) {
			f.Add(at+".unit_price", errs.CodeOutOfRange, "unit_price must be 0..%d minor units for %d of them", money.MaxMinor/int64(l.Quantity), l.Quantity)
			continue
		}
		if l.HSCode != "" && !validHSCode(l.HSCode) {
			f.Add(at+".hs_code", errs.CodeFormat, "hs_code %q must be 6 to 10 digits, dots allowed", errs.Clip(l.HSCode))
		}
		if l.Origin != "" {
			if _, ok := address.CountryName(l.Origin); !ok {
				f.Add(at+".origin", errs.CodeUnknown, "origin %q is not an ISO 3166-1 alpha-2 country code", errs.Clip(l.Origin))
			}
		}
		lt := l.UnitPrice * int64(l.Quantity)
		t.lines = append(t.lines, lt)
		add(at+".unit_price", &t.subtotal, lt)
	}
	if inv.Shipping < 0 || inv.Shipping > money.MaxMinor {
		f.Add("shipping", errs.CodeOutOfRange, "shipping must be 0..%d minor units", money.MaxMinor)
	}
	for i, x := range inv.Taxes {
		at := "taxes[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(x.Name) == "" {
			f.Add(at+".name", errs.CodeRequired, "a tax line needs a name")
		}
		if x.RateBasisPt < 0 || x.RateBasisPt > 100_000 {
			f.Add(at+".rate_basis_pt", errs.CodeOutOfRange, "rate_basis_pt must be 0..100000, got %d", x.RateBasisPt)
		}
		if x.Amount < 0 || x.Amount > money.MaxMinor {
			f.Add(at+".amount", errs.CodeOutOfRange, "amount must be 0..%d minor units", money.MaxMinor)
			continue
		}
		add(at+".amount", &t.tax, x.Amount)
	}
	if len(f) == 0 {
		t.total = t.subtotal
		add("shipping", &t.total, inv.Shipping)
		add("taxes", &t.total, t.tax)
	}
	return t, f.Err()
}

// validHSCode accepts a Harmonized System code as customs forms write it:
// 6 to 10 digits, grouped by dots or not ("6109.10", "610910").
func validHSCode(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			digits++
		case s[i] == '.' && i > 0 && i < len(s)-1 && s[i-1] != '.':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 10
}

// amount writes minor units as a number without the currency code, for a
// column whose header names the currency.
func amount(minor int64, currency string) string {
	return strings.TrimSuffix(money.Format(minor, currency), " "+currency)
}

// rate writes basis points as a percentage: 2000 is "20%", 1250 "12.5%".
func rate(bp int) string {
	s := strconv.Itoa(bp/100) + "." + strconv.Itoa(bp%100/10) + strconv.Itoa(bp%10)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}
