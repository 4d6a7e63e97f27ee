package table

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/rate"
)

// Create books a shipment: it prices the parcels on the service (refusing,
// field by field, what the service cannot take), draws one serial per
// parcel and returns the tracking and routing codes. It draws new serials
// on every call: the ship store keeps the answer under the request's
// idempotency key, which is what makes a retry return the same numbers.
func (c *Carrier) Create(ctx context.Context, req ship.CreateRequest) (ship.Created, error) {
	q, err := c.price(req)
	if err != nil {
		return ship.Created{}, err
	}
	if c.serials == nil {
		return ship.Created{}, errs.E(errs.Internal, "table carrier %s has no serial source: use Book, or New with Serials", c.data.Code)
	}
	s, _ := c.data.Service(req.Service)
	series := seriesOf(s.TrackingPrefix, req.From.Country)
	first, err := c.serials(ctx, series, len(req.Parcels))
	if err != nil {
		return ship.Created{}, fmt.Errorf("drawing %d serials of %s: %w", len(req.Parcels), series, err)
	}
	return c.book(req, q, s.TrackingPrefix, first)
}

// Book is Create with the first serial given, for a store that draws serials
// in its own transaction: the same request and serial always give the same
// booking.
func (c *Carrier) Book(req ship.CreateRequest, firstSerial int64) (ship.Created, error) {
	q, err := c.price(req)
	if err != nil {
		return ship.Created{}, err
	}
	s, _ := c.data.Service(req.Service)
	return c.book(req, q, s.TrackingPrefix, firstSerial)
}

// Series names the serial counter a booking draws from: one per S10
// service prefix and origin country ("S10:CP:DE"), the scope in which S10
// numbers must be unique, shared by every table carrier so two of them
// never print the same number.
func (c *Carrier) Series(req ship.CreateRequest) (string, error) {
	s, ok := c.data.Service(req.Service)
	if !ok {
		return "", errs.Field("service", errs.CodeUnknown, "carrier %s has no service %q", c.data.Code, errs.Clip(req.Service))
	}
	return seriesOf(s.TrackingPrefix, req.From.Country), nil
}

func seriesOf(prefix, country string) string {
	return "S10:" + prefix + ":" + strings.ToUpper(country)
}

// price checks a booking and prices it on its service.
func (c *Carrier) price(req ship.CreateRequest) (rate.Quote, error) {
	var f errs.Fields
	if req.IdempotencyKey == "" || len(req.IdempotencyKey) > 255 {
		f.Add("idempotency_key", errs.CodeRequired, "a booking carries an idempotency key of 1 to 255 bytes")
	}
	if !twoLetters(strings.ToUpper(req.From.Country)) {
		f.Add("from.country", errs.CodeFormat, "the sender's country is two letters (ISO 3166-1)")
	}
	if len(req.OrderRef) > 64 {
		f.Add("order_ref", errs.CodeTooLong, "an order reference is at most 64 bytes")
	}
	parcels := make([]rate.Parcel, len(req.Parcels))
	for i, p := range req.Parcels {
		parcels[i] = rate.Parcel{WeightG: p.WeightG, LengthMM: p.LengthMM, WidthMM: p.WidthMM, HeightMM: p.HeightMM}
		if p.Reference == "" || len(p.Reference) > 64 {
			f.Add(fmt.Sprintf("parcels[%d].reference", i), errs.CodeRequired, "a parcel carries a reference of 1 to 64 bytes")
		}
	}
	if len(f) > 0 {
		return rate.Quote{}, f.Err()
	}
	q, err := c.data.Quote(rateRequest(req.Origin, req.To.Country, req.To.PostalCode, parcels, time.Time{}), req.Service)
	var refusal *rate.Refusal
	if errors.As(err, &refusal) {
		return rate.Quote{}, errs.Field(refusal.Field(), refusal.Code, "%s", refusal.Message)
	}
	return q, err
}

// book assigns tracking numbers from first onwards.
func (c *Carrier) book(req ship.CreateRequest, q rate.Quote, prefix string, first int64) (ship.Created, error) {
	out := ship.Created{Service: req.Service, Total: q.Total, Currency: q.Currency, Parcels: make([]ship.CreatedParcel, len(req.Parcels))}
	routing := RoutingCode(q.Zone, req.To.Country, req.To.PostalCode)
	for i, p := range req.Parcels {
		tn, err := S10(prefix, first+int64(i), strings.ToUpper(req.From.Country))
		if err != nil {
			return ship.Created{}, err
		}
		out.Parcels[i] = ship.CreatedParcel{Reference: p.Reference, TrackingNumber: tn, RoutingCode: routing}
	}
	out.ShipmentID = c.data.Code + "-" + out.Parcels[0].TrackingNumber
	return out, nil
}

// RoutingCode is the sort code printed on the label: the zone, then the
// destination country and the first three characters of its postcode
// ("NEAR-DE605"), which is how a hub's sorters split parcels by lane.
func RoutingCode(zone, country, postcode string) string {
	pc := rate.NormalizePostcode(postcode)
	if len(pc) > 3 {
		pc = pc[:3]
	}
	return zone + "-" + strings.ToUpper(country) + pc
}
