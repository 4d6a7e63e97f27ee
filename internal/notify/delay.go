package notify

import (
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// OrderDelay is what a customer is told when units of their order could
// not be picked: which items are delayed and that they follow when stock
// arrives. It says nothing of the warehouse's reasons (a bin found short).
type OrderDelay struct {
	OrderNumber  string        `json:"order_number"`
	Locale       string        `json:"locale"`
	CustomerName string        `json:"customer_name"`
	Items        []DelayedItem `json:"items"`
	AllDelayed   bool          `json:"all_delayed"` // nothing of the order ships before the stock arrives
}

// DelayedItem is one line's delayed units.
type DelayedItem struct {
	SKU   string `json:"sku"`
	Name  string `json:"name"`
	Units int64  `json:"units"`
}

// delayView is a delay notice as its templates see it.
type delayView struct {
	OrderNumber, CustomerName string
	Items                     []DelayedItem // SKU and name cleaned
	Units                     int64         // every delayed unit, for the SMS
	AllDelayed                bool
}

// RenderDelay writes the delay notice in the customer's language; like
// Render it is a pure function of its input, and an inconsistent input is
// errs.Invalid.
func (r *Renderer) RenderDelay(d OrderDelay) (Rendered, error) {
	var f errs.Fields
	if d.OrderNumber == "" || len(d.OrderNumber) > maxOrderNumber || strings.IndexFunc(d.OrderNumber, notPrintableASCII) >= 0 {
		f.Add("order_number", errs.CodeFormat, "an order number of printable ASCII is required")
	}
	if len(d.Items) == 0 {
		f.Add("items", errs.CodeRequired, "at least one delayed item is required")
	} else if len(d.Items) > maxLines {
		f.Add("items", errs.CodeOutOfRange, "at most %d items", maxLines)
	}
	v := delayView{OrderNumber: d.OrderNumber, CustomerName: clean(d.CustomerName), AllDelayed: d.AllDelayed}
	for i, it := range d.Items {
		path := fmt.Sprintf("items[%d]", i)
		if strings.TrimSpace(it.Name) == "" && strings.TrimSpace(it.SKU) == "" {
			f.Add(path+".name", errs.CodeRequired, "an item needs a name or a SKU")
		}
		if it.Units < 1 || it.Units > maxMinor {
			f.Add(path+".units", errs.CodeOutOfRange, "must be at least 1")
		}
		v.Items = append(v.Items, DelayedItem{SKU: clean(it.SKU), Name: clean(it.Name), Units: it.Units})
		v.Units += it.Units
	}
	if err := f.Err(); err != nil {
		return Rendered{}, err
	}
	lang, _ := language(d.Locale)
	return execute(r.delay.text[lang], r.delay.html[lang], v, Rendered{OrderNumber: d.OrderNumber, Locale: lang})
}
