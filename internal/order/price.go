package order

import (
	"fmt"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/risk"
)

// price builds the order from the request with the catalogue's prices,
// refusing unknown or inactive SKUs and lines priced in another currency.
// Coupons are checked and applied here too, by the coupon stage's rules.
func (b *batch) price(req PlaceRequest) (Order, error) {
	now := b.tx.Now
	o := Order{
		ID: id.New("ord", now), Channel: req.Channel, ExternalRef: req.ExternalRef,
		Currency: req.Currency, Customer: Customer(req.Customer), Locale: req.Locale,
		ShippingAddress: req.ShippingAddress, BillingAddress: req.BillingAddress, Coupons: req.Coupons,
		SpecialRequests: req.SpecialRequests, CreatedAt: now, UpdatedAt: now, RiskReasons: []risk.Reason{},
	}
	if o.Coupons == nil {
		o.Coupons = []string{}
	}
	var f, wrongCurrency errs.Fields
	priced := map[string]bool{} // the currencies of lines not in the order's
	for i, l := range req.Lines {
		p, ok := b.products[l.SKU]
		switch {
		case !ok:
			f.Add(fmt.Sprintf("lines[%d].sku", i), errs.CodeUnknown, "no product with SKU %q", l.SKU)
			continue
		case !p.active:
			f.Add(fmt.Sprintf("lines[%d].sku", i), errs.CodeUnknown, "SKU %q is no longer sold", l.SKU)
			continue
		case p.currency != req.Currency:
			wrongCurrency.Add(fmt.Sprintf("lines[%d].sku", i), errs.CodeFormat, "SKU %q is priced in %s, the order is in %s", l.SKU, p.currency, req.Currency)
			priced[p.currency] = true
			continue
		}
		total := p.price * l.Quantity
		o.Lines = append(o.Lines, Line{LineNo: i, ProductID: p.id, SKU: l.SKU, Name: p.name, Quantity: l.Quantity,
			UnitPriceMinor: p.price, TotalMinor: total})
		o.SubtotalMinor += total
	}
	f = append(f, currencyProblems(req.Currency, wrongCurrency, priced, len(req.Lines))...)
	gross := make([]int64, len(o.Lines))
	for i, l := range o.Lines {
		gross[i] = l.TotalMinor
	}
	discounts := b.coupons.Price(&f, couponUse(req), req.Currency, gross, len(f) == 0, now)
	if err := f.Err(); err != nil {
		return Order{}, err
	}
	for i, d := range discounts {
		o.Lines[i].DiscountMinor = d
		o.Lines[i].TotalMinor = gross[i] - d
		o.DiscountMinor += d
	}
	if req.SpecialRequests.GiftWrap {
		o.GiftWrapMinor = b.cfg.GiftWrapFees[req.Currency]
	}
	o.TotalMinor = o.SubtotalMinor - o.DiscountMinor + o.ShippingMinor + o.GiftWrapMinor
	if o.TotalMinor > money.MaxMinor { // no payment event could ever settle it
		f.Add("lines", errs.CodeOutOfRange, "the order's total, %s, is more than a payment can carry (%s)",
			money.Format(o.TotalMinor, o.Currency), money.Format(money.MaxMinor, o.Currency))
		return Order{}, f.Err()
	}
	var err error
	o.Number, err = b.numbers.next(b.ctx, b.tx) // only an accepted order takes one
	return o, err
}

// currencyProblems blames the order's currency, once, when every line is
// priced in one other currency (the order is in the wrong one); otherwise
// it blames the lines that differ.
func currencyProblems(currency string, wrong errs.Fields, priced map[string]bool, lines int) errs.Fields {
	if len(wrong) < lines || len(priced) != 1 {
		return wrong
	}
	var f errs.Fields
	for c := range priced {
		f.Add("currency", errs.CodeUnknown, "the order is in %s but its products are priced in %s", currency, c)
	}
	return f
}
