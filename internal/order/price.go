package order

import (
	"fmt"
	"github.com/waybill/waybill/internal/risk"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// price builds the order from the request with the catalogue's prices,
// refusing unknown or inactive SKUs and lines priced in another currency.
// Coupons are checked and applied here too (coupon_discount.go has the rules).
func (b *batch) price(req PlaceRequest) (Order, error) {
	now := b.tx.Now
	o := Order{
		ID: id.New("ord", now), Number: newNumber(now), Channel: req.Channel, ExternalRef: req.ExternalRef,
		Currency: req.Currency, Customer: Customer(req.Customer), Locale: req.Locale,
		ShippingAddress: req.ShippingAddress, BillingAddress: req.BillingAddress, Coupons: req.Coupons,
		SpecialRequests: req.SpecialRequests, CreatedAt: now, UpdatedAt: now, RiskReasons: []risk.Reason{},
	}
	if o.Coupons == nil {
		o.Coupons = []string{}
	}
	var f errs.Fields
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
			f.Add(fmt.Sprintf("lines[%d].sku", i), errs.CodeFormat, "SKU %q is priced in %s, the order is in %s", l.SKU, p.currency, req.Currency)
			continue
		}
		total := p.price * l.Quantity
		o.Lines = append(o.Lines, Line{LineNo: i, ProductID: p.id, SKU: l.SKU, Name: p.name, Quantity: l.Quantity,
			UnitPriceMinor: p.price, TotalMinor: total})
		o.SubtotalMinor += total
	}
	coupons := b.coupons.check(&f, req, o.SubtotalMinor, len(f) == 0, now)
	if err := f.Err(); err != nil {
		return Order{}, err
	}
	o.applyCoupons(coupons)
	if req.SpecialRequests.GiftWrap {
		o.GiftWrapMinor = b.cfg.GiftWrapFees[req.Currency]
	}
	o.TotalMinor = o.SubtotalMinor - o.DiscountMinor + o.ShippingMinor + o.GiftWrapMinor
	return o, nil
}

// newNumber makes an order number people can read out on the phone:
// "WB-" and eight characters of Crockford base32 (no I, L, O or U), from the
// random part of an id. A clash is refused by the unique key and retried.
func newNumber(now time.Time) string {
	raw := id.New("x", now)
	r := raw[len(raw)-8:]
	return "WB-" + r[:4] + "-" + r[4:]
}
