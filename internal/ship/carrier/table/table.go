// Package table is the built-in carrier: it prices from the shipper's own
// rate data (package rate) and makes tracking numbers itself, so a shop can
// ship with a carrier that has no API, and the demo ships without a network.
// It holds no state: what a booking, void or manifest changes is returned
// for the ship store to persist in its own transaction.
package table

import (
	"context"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/rate"
)

// Serials hands out n consecutive serials of a series ("S10:CP:DE"),
// returning the first; the ship store implements it on a counter row, so
// tracking numbers never repeat across restarts or instances.
type Serials func(ctx context.Context, series string, n int) (first int64, err error)

// Carrier is a table-rate carrier built from rate data.
type Carrier struct {
	data    rate.Carrier
	serials Serials
}

var _ ship.Carrier = (*Carrier)(nil)

// New makes a table-rate carrier of data that draws serials from serials.
func New(data rate.Carrier, serials Serials) *Carrier {
	return &Carrier{data: data, serials: serials}
}

// Code is the carrier's code from its rate data.
func (c *Carrier) Code() string { return c.data.Code }

// Data is the rate data the carrier prices with, for shopping across
// carriers with rate.Shop.
func (c *Carrier) Data() rate.Carrier { return c.data }

// Rate quotes every service that can take the parcels; a malformed request
// is an errs.Invalid naming the field.
func (c *Carrier) Rate(_ context.Context, req ship.RateRequest) ([]rate.Quote, error) {
	quotes, _, err := c.data.Quotes(rateRequest(req.Origin, req.To.Country, req.To.PostalCode, req.Parcels, req.Ready))
	return quotes, err
}

// rateRequest is the rate package's view of a shipment.
func rateRequest(origin, country, postcode string, parcels []rate.Parcel, ready time.Time) rate.Request {
	return rate.Request{Origin: origin, To: rate.Destination{Country: strings.ToUpper(country), PostalCode: postcode},
		Parcels: parcels, Ready: ready}
}

// belongs reports whether a shipment id was made by this carrier.
func (c *Carrier) belongs(id string) bool {
	return strings.HasPrefix(id, c.data.Code+"-") && len(id) > len(c.data.Code)+1
}

// notMine is the error for a shipment id another carrier made.
func (c *Carrier) notMine(path, id string) error {
	return &errs.Error{Kind: errs.NotFound, Message: "carrier " + c.data.Code + " has no shipment " + errs.Clip(id),
		Fields: errs.Fields{{Path: path, Code: errs.CodeUnknown, Message: "not a shipment of " + c.data.Code}}}
}
