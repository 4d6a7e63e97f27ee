package notify

import (
	"context"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// ParcelFacts tells the messenger where a parcel of an order stands, for
// its tracking notices and links; the tracking stage is the real one
// (track.Store). It is declared here, by its user, so that notify needs
// nothing of how parcels are followed.
type ParcelFacts interface {
	// ParcelFact is the parcel of order orderID with this tracking number;
	// errs.NotFound when the order has no such parcel followed.
	ParcelFact(ctx context.Context, orderID, trackingNumber string) (ParcelFact, error)
}

// ParcelFact is what a notice may say of a parcel: nothing about the
// customer, only the parcel's way to them.
type ParcelFact struct {
	Carrier        string
	TrackingNumber string
	Status         string // the normalised tracking status (ship.TrackingStatuses)
	Reason         string // the normalised reason of an exception or failed attempt
	Location       string // where it is, as the carrier names it (a pickup point)
	PromisedDate   string // YYYY-MM-DD; empty when no date was promised
	NewEstimate    string // YYYY-MM-DD: the carrier's new date for a late parcel; empty when it gave none
	Token          string // the parcel's public page is PublicURL + "/track/" + Token
	Settled        bool   // delivered, returned or lost: a notice about its way is moot
}

// NotifyParcel implements order.ParcelNotifier: a tracking notice about
// one parcel of o, on ch. A parcel that was delivered (or came back)
// before the job ran gets no notice: the customer has it, or has been
// told otherwise.
func (m Messenger) NotifyParcel(ctx context.Context, o order.Order, msg order.Message, ch order.Channel, key, trackingNumber string) error {
	if !m.Sends(ch) {
		return errs.E(errs.Invalid, "no sender for channel %q", errs.Clip(string(ch)))
	}
	if m.Parcels == nil {
		return errs.E(errs.Invalid, "the messenger knows nothing of parcels: no tracking notice can be written")
	}
	f, err := m.Parcels.ParcelFact(ctx, o.ID, trackingNumber)
	if errs.Is(err, errs.NotFound) { // no retry finds it: the notice can never go
		return errs.E(errs.Invalid, "order %s has no tracked parcel %s", o.Number, errs.Clip(trackingNumber))
	}
	if err != nil {
		return err
	}
	if f.Settled {
		return nil
	}
	n := ParcelNotice{Message: msg, OrderNumber: o.Number, Locale: o.Locale, CustomerName: o.Customer.Name,
		Carrier: f.Carrier, TrackingNumber: f.TrackingNumber, Reason: f.Reason, Location: f.Location, URL: m.pageURL(f.Token)}
	n.PromisedDate, _ = time.Parse(time.DateOnly, f.PromisedDate)
	n.NewEstimate, _ = time.Parse(time.DateOnly, f.NewEstimate)
	r, err := m.Renderer.RenderParcel(n)
	if err != nil {
		return err
	}
	if ch == order.EmailChannel {
		return m.Email.Send(ctx, o.Customer.Email, r, key)
	}
	_, err = m.SMS.SendSMS(ctx, o.Customer.Phone, r.SMS, key)
	return err
}

// pageURL is the address of a parcel's public tracking page, empty when
// no public address is configured or the parcel has no token.
func (m Messenger) pageURL(token string) string {
	if m.PublicURL == "" || token == "" {
		return ""
	}
	return strings.TrimRight(m.PublicURL, "/") + "/track/" + token
}

// shippedLinked is the shipped notice of o with each parcel linked to its
// public tracking page, when Waybill has one to offer; otherwise (or for
// a parcel not followed) the TrackingURL link stands.
func (m Messenger) shippedLinked(ctx context.Context, o order.Order) (OrderShipped, error) {
	s := shippedOf(o, m.TrackingURL)
	if m.Parcels == nil || m.PublicURL == "" {
		return s, nil
	}
	for i, p := range s.Parcels {
		f, err := m.Parcels.ParcelFact(ctx, o.ID, p.TrackingNumber)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return s, err
		}
		if u := m.pageURL(f.Token); u != "" {
			s.Parcels[i].URL = u
		}
	}
	return s, nil
}
