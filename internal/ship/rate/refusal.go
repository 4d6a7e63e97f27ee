package rate

import "fmt"

// Why a service cannot take a shipment. Shop never offers a refused service;
// it reports the code so the packer knows why a familiar service is missing.
const (
	RefusedNoOrigin      = "no_origin"      // the service does not pick up at this warehouse
	RefusedExcluded      = "excluded"       // the contract excludes the destination
	RefusedNoZone        = "no_zone"        // the destination is in none of the origin's zones
	RefusedTooHeavy      = "too_heavy"      // a parcel is over the weight limit or beyond the rate card
	RefusedTooBig        = "too_big"        // a parcel is over the size limits
	RefusedNoPickup      = "no_pickup"      // no pickup day within the schedule horizon
	RefusedOtherCurrency = "other_currency" // priced in a currency the shopping cannot compare
)

// Refusal says why one service cannot take a shipment. It is an error so
// that Carrier.Quote can return it; Parcel is the 0-based parcel at fault,
// -1 when the whole shipment is.
type Refusal struct {
	Carrier string `json:"carrier"`
	Service string `json:"service"`
	Code    string `json:"code"`
	Parcel  int    `json:"parcel"`
	Message string `json:"message"`
}

// Error is the refusal's message, written for the packer.
func (r *Refusal) Error() string { return r.Message }

// Field is the path in a shipment request ("to.postal_code",
// "parcels[1].weight_g") of what made the service refuse it, so a carrier
// answering a booking with a refusal can point the packer at the field.
func (r *Refusal) Field() string {
	switch r.Code {
	case RefusedNoOrigin:
		return "origin"
	case RefusedExcluded, RefusedNoZone:
		return "to.postal_code"
	case RefusedTooHeavy:
		return fmt.Sprintf("parcels[%d].weight_g", max(r.Parcel, 0))
	case RefusedTooBig:
		return fmt.Sprintf("parcels[%d].length_mm", max(r.Parcel, 0))
	}
	return "service"
}
