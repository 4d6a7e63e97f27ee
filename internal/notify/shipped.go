package notify

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
)

// OrderShipped is what a customer is told when parcels of their order left
// with a carrier: the carrier, each tracking number and, when the shop has
// a tracking page, its link.
type OrderShipped struct {
	OrderNumber  string          `json:"order_number"`
	Locale       string          `json:"locale"`
	CustomerName string          `json:"customer_name"`
	Parcels      []ShippedParcel `json:"parcels"`
	AllShipped   bool            `json:"all_shipped"` // nothing of the order is left to ship
}

// ShippedParcel is one tracking number of a shipped order.
type ShippedParcel struct {
	Carrier        string `json:"carrier"`
	TrackingNumber string `json:"tracking_number"`
	URL            string `json:"url,omitempty"`
}

// shippedView is the notice as its templates see it.
type shippedView struct {
	OrderNumber, CustomerName string
	Parcels                   []ShippedParcel
	AllShipped                bool
	First                     ShippedParcel // the SMS names one, and counts the rest
	More                      int
}

// RenderShipped writes the shipped notice in the customer's language; like
// Render it is a pure function of its input.
func (r *Renderer) RenderShipped(s OrderShipped) (Rendered, error) {
	var f errs.Fields
	if s.OrderNumber == "" || len(s.OrderNumber) > maxOrderNumber || strings.IndexFunc(s.OrderNumber, notPrintableASCII) >= 0 {
		f.Add("order_number", errs.CodeFormat, "an order number of printable ASCII is required")
	}
	if len(s.Parcels) == 0 {
		f.Add("parcels", errs.CodeRequired, "at least one shipped parcel is required")
	} else if len(s.Parcels) > maxLines {
		f.Add("parcels", errs.CodeOutOfRange, "at most %d parcels", maxLines)
	}
	v := shippedView{OrderNumber: s.OrderNumber, CustomerName: clean(s.CustomerName), AllShipped: s.AllShipped}
	for i, p := range s.Parcels {
		if p.TrackingNumber == "" || len(p.TrackingNumber) > 64 || strings.IndexFunc(p.TrackingNumber, notPrintableASCII) >= 0 {
			f.Add(fmt.Sprintf("parcels[%d].tracking_number", i), errs.CodeFormat, "a tracking number of printable ASCII is required")
		}
		if u, err := url.Parse(p.URL); p.URL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http")) {
			f.Add(fmt.Sprintf("parcels[%d].url", i), errs.CodeFormat, "a tracking link must be an http(s) URL")
		}
		v.Parcels = append(v.Parcels, ShippedParcel{Carrier: clean(p.Carrier), TrackingNumber: p.TrackingNumber, URL: p.URL})
	}
	if err := f.Err(); err != nil {
		return Rendered{}, err
	}
	v.First, v.More = v.Parcels[0], len(v.Parcels)-1
	lang, _ := language(s.Locale)
	return execute(r.shipped.text[lang], r.shipped.html[lang], v, Rendered{OrderNumber: s.OrderNumber, Locale: lang})
}

// shippedOf is the shipped notice of an order as it stands: every parcel
// of its shipped fulfilments, linked by trackingURL ("{tracking}" replaced,
// escaped; none when empty).
func shippedOf(o order.Order, trackingURL string) OrderShipped {
	s := OrderShipped{OrderNumber: o.Number, Locale: o.Locale, CustomerName: o.Customer.Name, AllShipped: o.Status == order.Shipped}
	for _, f := range o.Fulfilments {
		if f.Status != fulfilment.Shipped {
			continue
		}
		for _, t := range f.TrackingNumbers {
			p := ShippedParcel{Carrier: f.Carrier, TrackingNumber: t}
			if trackingURL != "" {
				p.URL = strings.ReplaceAll(trackingURL, "{tracking}", url.PathEscape(t))
			}
			s.Parcels = append(s.Parcels, p)
		}
	}
	return s
}
