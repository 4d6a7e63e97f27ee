package notify

import (
	"fmt"
	"strings"

	"github.com/bojanz/currency"

	"github.com/waybill/waybill/internal/errs"
)

// OrderUnitsCancelled is what a customer is told when units of their order
// could not be supplied and the product's shortage policy cancelled them
// after the order was placed (a short pick that no other warehouse could
// cover): which items, and what comes back or is no longer collected.
type OrderUnitsCancelled struct {
	OrderNumber  string          `json:"order_number"`
	Locale       string          `json:"locale"`
	CustomerName string          `json:"customer_name"`
	Currency     string          `json:"currency"`
	Items        []CancelledItem `json:"items"`
	RefundMinor  int64           `json:"refund_minor"` // paid and due back for the cancelled units; 0 for COD
	COD          bool            `json:"cod"`          // cash on delivery: the courier collects the new total
	TotalMinor   int64           `json:"total_minor"`  // the order's total now
	AllCancelled bool            `json:"all_cancelled"`
}

// CancelledItem is one line's cancelled units.
type CancelledItem struct {
	SKU   string `json:"sku"`
	Name  string `json:"name"`
	Units int64  `json:"units"`
}

// unitsCancelledView is the notice as its templates see it.
type unitsCancelledView struct {
	OrderNumber, CustomerName string
	Items                     []CancelledItem
	Units                     int64
	Refund, SMSRefund, Total  string // Refund empty when nothing is refunded
	COD, AllCancelled         bool
}

// RenderUnitsCancelled writes the units-cancelled notice in the customer's
// language; like Render it is a pure function of its input.
func (r *Renderer) RenderUnitsCancelled(c OrderUnitsCancelled) (Rendered, error) {
	var f errs.Fields
	if c.OrderNumber == "" || len(c.OrderNumber) > maxOrderNumber || strings.IndexFunc(c.OrderNumber, notPrintableASCII) >= 0 {
		f.Add("order_number", errs.CodeFormat, "an order number of printable ASCII is required")
	}
	if !currency.IsValid(c.Currency) {
		f.Add("currency", errs.CodeUnknown, "%q is not an ISO 4217 currency", c.Currency)
	}
	checkAmount(&f, "refund_minor", c.RefundMinor)
	checkAmount(&f, "total_minor", c.TotalMinor)
	if len(c.Items) == 0 {
		f.Add("items", errs.CodeRequired, "at least one cancelled item is required")
	} else if len(c.Items) > maxLines {
		f.Add("items", errs.CodeOutOfRange, "at most %d items", maxLines)
	}
	v := unitsCancelledView{OrderNumber: c.OrderNumber, CustomerName: clean(c.CustomerName), COD: c.COD, AllCancelled: c.AllCancelled}
	for i, it := range c.Items {
		path := fmt.Sprintf("items[%d]", i)
		if strings.TrimSpace(it.Name) == "" && strings.TrimSpace(it.SKU) == "" {
			f.Add(path+".name", errs.CodeRequired, "an item needs a name or a SKU")
		}
		if it.Units < 1 || it.Units > maxMinor {
			f.Add(path+".units", errs.CodeOutOfRange, "must be at least 1")
		}
		v.Items = append(v.Items, CancelledItem{SKU: clean(it.SKU), Name: clean(it.Name), Units: it.Units})
		v.Units += it.Units
	}
	if err := f.Err(); err != nil {
		return Rendered{}, err
	}
	lang, loc := language(c.Locale)
	m := newMoney(loc, c.Currency)
	var err error
	if v.Total, err = m.format(c.TotalMinor); err != nil {
		return Rendered{}, err
	}
	if c.RefundMinor > 0 {
		if v.Refund, err = m.format(c.RefundMinor); err != nil {
			return Rendered{}, err
		}
		if v.SMSRefund, err = m.code(c.RefundMinor); err != nil {
			return Rendered{}, err
		}
	}
	return execute(r.unitsCancelled.text[lang], r.unitsCancelled.html[lang], v, Rendered{OrderNumber: c.OrderNumber, Locale: lang})
}
