package rate

import (
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// MaxParcels bounds one shipment; a pallet of cartons is a freight booking,
// not a parcel shipment.
const MaxParcels = 500

// Parcel is a packed carton as rating sees it: its weight and outer sizes.
type Parcel struct {
	WeightG  int64 `json:"weight_g"`
	LengthMM int64 `json:"length_mm"`
	WidthMM  int64 `json:"width_mm"`
	HeightMM int64 `json:"height_mm"`
}

// Request is one shipment to price: from a warehouse to a destination, the
// parcels, and when it is ready to leave (zero: price only, no dates).
type Request struct {
	Origin  string      `json:"origin"`
	To      Destination `json:"to"`
	Parcels []Parcel    `json:"parcels"`
	Ready   time.Time   `json:"ready"`
}

// ParcelPrice is what one parcel costs and why, so a packer or an auditor
// can see that the dimensional weight, not the scale, set the price.
type ParcelPrice struct {
	ActualG      int64 `json:"actual_g"`
	DimensionalG int64 `json:"dimensional_g"`
	ChargeableG  int64 `json:"chargeable_g"`
	Base         int64 `json:"base"`
	Fuel         int64 `json:"fuel"`
	Remote       int64 `json:"remote"`
	Oversize     int64 `json:"oversize"`
	Total        int64 `json:"total"`
}

// Quote is the price of a shipment on one service, with its breakdown and,
// when the request said when it is ready, its ship and delivery dates. It is
// what the ship stage keeps with the shipment.
type Quote struct {
	Carrier      string        `json:"carrier"`
	Service      string        `json:"service"`
	Name         string        `json:"name"`
	Speed        string        `json:"speed"`
	Zone         string        `json:"zone"`
	Currency     string        `json:"currency"`
	Parcels      []ParcelPrice `json:"parcels"`
	ChargeableG  int64         `json:"chargeable_g"`
	Base         int64         `json:"base"`
	Fuel         int64         `json:"fuel"`
	Remote       int64         `json:"remote"`
	Oversize     int64         `json:"oversize"`
	Total        int64         `json:"total"`
	TransitDays  int           `json:"transit_days"`
	ShipDate     Date          `json:"ship_date"`
	DeliveryDate Date          `json:"delivery_date"`
}

// check reports what is wrong with a request, field by field.
func (r Request) check() errs.Fields {
	var f errs.Fields
	if r.Origin == "" {
		f.Add("origin", errs.CodeRequired, "the origin warehouse is required")
	}
	if !countryPattern.MatchString(r.To.Country) {
		f.Add("to.country", errs.CodeFormat, "a country is two capital letters (ISO 3166-1), not %q", errs.Clip(r.To.Country))
	}
	if len(r.To.PostalCode) > 20 {
		f.Add("to.postal_code", errs.CodeTooLong, "a postcode is at most 20 characters")
	}
	switch {
	case len(r.Parcels) == 0:
		f.Add("parcels", errs.CodeRequired, "a shipment has at least one parcel")
	case len(r.Parcels) > MaxParcels:
		f.Add("parcels", errs.CodeTooLong, "a shipment has at most %d parcels", MaxParcels)
	}
	for i, p := range r.Parcels {
		if i >= MaxParcels {
			break
		}
		checkRange(&f, fmt.Sprintf("parcels[%d].weight_g", i), p.WeightG, 1, maxWeightG)
		checkRange(&f, fmt.Sprintf("parcels[%d].length_mm", i), p.LengthMM, 1, maxSideMM)
		checkRange(&f, fmt.Sprintf("parcels[%d].width_mm", i), p.WidthMM, 1, maxSideMM)
		checkRange(&f, fmt.Sprintf("parcels[%d].height_mm", i), p.HeightMM, 1, maxSideMM)
	}
	return f
}
