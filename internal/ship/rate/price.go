package rate

import (
	"errors"
	"fmt"
	"slices"

	"github.com/waybill/waybill/internal/errs"
)

// Service finds a service of the carrier by code.
func (c *Carrier) Service(code string) (*Service, bool) {
	for i := range c.Services {
		if c.Services[i].Code == code {
			return &c.Services[i], true
		}
	}
	return nil, false
}

// Quote prices req on one of the carrier's services. A request that is
// malformed is an errs.Invalid naming the field; a service that cannot take
// the shipment answers a *Refusal saying why.
func (c *Carrier) Quote(req Request, service string) (Quote, error) {
	if f := req.check(); len(f) > 0 {
		return Quote{}, f.Err()
	}
	s, ok := c.Service(service)
	if !ok {
		return Quote{}, errs.Field("service", errs.CodeUnknown, "carrier %s has no service %q", c.Code, errs.Clip(service))
	}
	return c.quote(s, req)
}

// Quotes prices req on every service of the carrier, returning the services
// that can take it and, for the others, why not.
func (c *Carrier) Quotes(req Request) ([]Quote, []Refusal, error) {
	if f := req.check(); len(f) > 0 {
		return nil, nil, f.Err()
	}
	var quotes []Quote
	var refused []Refusal
	for i := range c.Services {
		q, err := c.quote(&c.Services[i], req)
		var r *Refusal
		switch {
		case errors.As(err, &r):
			refused = append(refused, *r)
		case err != nil:
			return nil, nil, err
		default:
			quotes = append(quotes, q)
		}
	}
	return quotes, refused, nil
}

// quote prices a request already checked on a service.
func (c *Carrier) quote(s *Service, req Request) (Quote, error) {
	if !c.parsed {
		return Quote{}, errs.E(errs.Internal, "carrier %q was not read with ParseCarrier", errs.Clip(c.Code))
	}
	refuse := func(code string, parcel int, format string, args ...any) (Quote, error) {
		return Quote{}, &Refusal{Carrier: c.Code, Service: s.Code, Code: code, Parcel: parcel, Message: fmt.Sprintf(format, args...)}
	}
	o := s.origin(req.Origin)
	if o == nil {
		return refuse(RefusedNoOrigin, -1, "%s does not pick up at %s", s.Name, req.Origin)
	}
	if contains(s.Excluded, req.To) {
		return refuse(RefusedExcluded, -1, "%s does not deliver to %s %s", s.Name, req.To.Country, req.To.PostalCode)
	}
	zone, ok := o.zoneFor(req.To)
	if !ok {
		return refuse(RefusedNoZone, -1, "%s has no zone for %s %s from %s", s.Name, req.To.Country, req.To.PostalCode, o.Warehouse)
	}
	q := Quote{Carrier: c.Code, Service: s.Code, Name: s.Name, Speed: s.Speed, Zone: zone, Currency: c.Currency,
		TransitDays: s.TransitDays[zone], Parcels: make([]ParcelPrice, len(req.Parcels))}
	remote := s.Surcharges.Remote != nil && contains(s.Surcharges.Remote.Areas, req.To)
	for i, p := range req.Parcels {
		side, girth := sizes(p)
		if p.WeightG > s.MaxWeightG {
			return refuse(RefusedTooHeavy, i, "parcel %d weighs %d g, %s takes at most %d g", i+1, p.WeightG, s.Name, s.MaxWeightG)
		}
		if side > s.MaxSideMM || girth > s.MaxGirthMM {
			return refuse(RefusedTooBig, i, "parcel %d measures %d mm on its longest side and %d mm length plus girth, %s takes %d and %d mm",
				i+1, side, girth, s.Name, s.MaxSideMM, s.MaxGirthMM)
		}
		pp := ParcelPrice{ActualG: p.WeightG, DimensionalG: ceilDiv(p.LengthMM*p.WidthMM*p.HeightMM, s.DimDivisor)}
		pp.ChargeableG = max(pp.ActualG, pp.DimensionalG)
		k := slices.IndexFunc(s.Rates, func(b WeightBreak) bool { return b.UpToG >= pp.ChargeableG })
		if k < 0 {
			return refuse(RefusedTooHeavy, i, "parcel %d has a chargeable weight of %d g, beyond %s's rate card", i+1, pp.ChargeableG, s.Name)
		}
		pp.Base = s.Rates[k].Prices[zone]
		if remote {
			pp.Remote = s.Surcharges.Remote.Amount
		}
		if ov := s.Surcharges.Oversize; ov != nil && (side > ov.SideMM || girth > ov.LengthGirthMM) {
			pp.Oversize = ov.Amount
		}
		pp.Fuel = percentBP(pp.Base+pp.Remote+pp.Oversize, s.Surcharges.FuelBP)
		pp.Total = pp.Base + pp.Remote + pp.Oversize + pp.Fuel
		q.Parcels[i] = pp
		q.ChargeableG += pp.ChargeableG
		q.Base += pp.Base
		q.Fuel += pp.Fuel
		q.Remote += pp.Remote
		q.Oversize += pp.Oversize
		q.Total += pp.Total
	}
	if !req.Ready.IsZero() {
		ship, ok := s.shipDate(o, req.Ready)
		if !ok {
			return refuse(RefusedNoPickup, -1, "%s has no pickup at %s within %d days", s.Name, o.Warehouse, scheduleHorizon)
		}
		q.ShipDate, q.DeliveryDate = ship, s.deliveryDate(ship, q.TransitDays)
	}
	return q, nil
}

// sizes are a parcel's longest side and its length plus girth (the longest
// side plus twice each of the other two), the two measures carriers cap.
func sizes(p Parcel) (side, lengthGirth int64) {
	d := []int64{p.LengthMM, p.WidthMM, p.HeightMM}
	slices.Sort(d)
	return d[2], d[2] + 2*(d[0]+d[1])
}

// ceilDiv divides rounding up: carriers round dimensional weight up.
func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// percentBP is amount times bp basis points, rounded half up.
func percentBP(amount, bp int64) int64 { return (amount*bp + 5000) / 10000 }
