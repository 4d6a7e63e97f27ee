package ship

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/ship/rate"
)

// Carrier is an outside party that carries parcels, as the ship stage needs
// it: quotes, booking a shipment for its tracking numbers, cancelling one,
// and the end-of-day close. The built-in table carrier and HTTP clients of
// external carriers implement it, so shipping code never knows which it has.
//
// Errors say what the packer or the operator can do: errs.Invalid when the
// request is wrong, with the carrier's field named in Fields when it names
// one ("to.postal_code", "parcels[1].weight_g", paths into the request's
// JSON form); errs.Conflict when the carrier's state refuses it (a reused
// idempotency key with another body, voiding a manifested shipment);
// errs.NotFound for an unknown shipment; errs.Unavailable when the carrier
// cannot be reached or keeps failing after retries, so the booking can be
// tried again later with the same idempotency key.
type Carrier interface {
	// Code is the carrier's code in rate data and on shipments ("rheinpost").
	Code() string
	// Rate prices the parcels on every service that can take them; services
	// that cannot are left out.
	Rate(ctx context.Context, req RateRequest) ([]rate.Quote, error)
	// Create books a shipment. The same IdempotencyKey and request always
	// give the same shipment, however often it is retried.
	Create(ctx context.Context, req CreateRequest) (Created, error)
	// Void cancels a booked shipment before it is handed over.
	Void(ctx context.Context, req VoidRequest) error
	// Manifest closes the day for an origin: the listed shipments are handed
	// over on one manifest.
	Manifest(ctx context.Context, req ManifestRequest) (Manifest, error)
}

// RateRequest asks what a shipment would cost and when it would arrive.
type RateRequest struct {
	Origin  string          `json:"origin"` // warehouse code, as in the carrier's rate data
	From    address.Address `json:"from"`
	To      address.Address `json:"to"`
	Parcels []rate.Parcel   `json:"parcels"`
	Ready   time.Time       `json:"ready"` // when the parcels can leave; zero gives quotes without dates
}

// CreateRequest books one shipment of one or more parcels on a service. The
// idempotency key is what makes a retry after a timeout safe: the carrier
// answers the first booking instead of making a second.
type CreateRequest struct {
	IdempotencyKey string          `json:"idempotency_key"`
	Service        string          `json:"service"`
	Origin         string          `json:"origin"`
	From           address.Address `json:"from"`
	To             address.Address `json:"to"`
	Parcels        []CreateParcel  `json:"parcels"`
	OrderRef       string          `json:"order_ref"` // printed on the carrier's paperwork
	ShipDate       rate.Date       `json:"ship_date"` // zero: the carrier's next pickup
}

// CreateParcel is one carton to book: its reference (the parcel's SSCC-style
// id), weight, outer sizes and declared value for insurance and customs.
type CreateParcel struct {
	Reference     string `json:"reference"`
	WeightG       int64  `json:"weight_g"`
	LengthMM      int64  `json:"length_mm"`
	WidthMM       int64  `json:"width_mm"`
	HeightMM      int64  `json:"height_mm"`
	DeclaredValue int64  `json:"declared_value"` // minor units of Currency
	Currency      string `json:"currency"`
}

// Created is a booked shipment: the carrier's id for it, and per parcel (in
// request order) the tracking number and the routing code printed on the
// label for the carrier's sorting.
type Created struct {
	ShipmentID string          `json:"shipment_id"`
	Service    string          `json:"service"`
	Parcels    []CreatedParcel `json:"parcels"`
	Total      int64           `json:"total"` // what the carrier charges, in Currency's minor units
	Currency   string          `json:"currency"`
}

// CreatedParcel is what a label needs from the carrier for one parcel.
type CreatedParcel struct {
	Reference      string `json:"reference"`
	TrackingNumber string `json:"tracking_number"`
	RoutingCode    string `json:"routing_code"`
}

// VoidRequest cancels a booked shipment.
type VoidRequest struct {
	IdempotencyKey string `json:"idempotency_key"`
	ShipmentID     string `json:"shipment_id"`
}

// ManifestRequest closes the day at an origin for the listed shipments,
// which the ship stage has staged for the carrier's pickup.
type ManifestRequest struct {
	IdempotencyKey string             `json:"idempotency_key"`
	Origin         string             `json:"origin"`
	Date           rate.Date          `json:"date"`
	Shipments      []ManifestShipment `json:"shipments"`
}

// ManifestShipment is one shipment on a manifest, with its parcels'
// tracking numbers so the driver's scans can be checked against it.
type ManifestShipment struct {
	ShipmentID      string   `json:"shipment_id"`
	TrackingNumbers []string `json:"tracking_numbers"`
}

// Manifest is the carrier's acknowledgement of the day's handover: its id
// for the manifest, and what it lists.
type Manifest struct {
	ID        string             `json:"id"`
	Carrier   string             `json:"carrier"`
	Origin    string             `json:"origin"`
	Date      rate.Date          `json:"date"`
	Shipments []ManifestShipment `json:"shipments"`
	Parcels   int                `json:"parcels"`
}
