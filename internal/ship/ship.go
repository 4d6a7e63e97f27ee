// Package ship is stage 5's first half, dispatch: a packed fulfilment is
// rate-shopped across the carriers (the cheapest service that keeps the
// order's promise, else the fastest), booked with the chosen carrier for
// its tracking numbers, labelled, staged in the carrier's lane, listed on
// the end-of-day manifest and handed to the driver against it: then the
// fulfilment is shipped, its units leave the ledger and the customer is
// told. Carriers are outside parties behind the Carrier interface (this
// package owns it): table carriers whose rates are data (ship/carrier/table,
// stored here) and external ones over HTTP (ship/carrier/httpcarrier).
package ship

import (
	"context"
	"encoding/json"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship/rate"
)

// The states of a shipment: booked and labelled, on a manifest, handed to
// the driver; voided (with the carrier) before that.
const (
	StatusLabelled   = "labelled"
	StatusManifested = "manifested"
	StatusHandedOver = "handed_over"
	StatusVoided     = "voided"
)

// Config is what the stage is given: how to make a table carrier of stored
// rate data (table.New: the adapters import this package, so the wiring
// hands the constructor in), and the external carriers (HTTP clients of
// carriers not kept as rate tables).
type Config struct {
	Table    func(data rate.Carrier, serials Serials) Carrier
	External []Carrier
}

// Serials hands out n consecutive serials of a series, returning the
// first: what a table carrier numbers its parcels from.
type Serials = func(ctx context.Context, series string, n int) (first int64, err error)

// Store is the ship stage over the database.
type Store struct {
	db         *db.DB
	table      func(rate.Carrier, Serials) Carrier
	external   map[string]Carrier
	handedOver []HandedOver
}

// HandedOver is a later stage's hook, run in the handover's transaction
// for each shipment whose parcels the driver all took: the tracking stage
// starts following its parcels there.
type HandedOver func(ctx context.Context, tx *db.Tx, shipmentID string) error

// OnHandedOver adds hooks run for every shipment handed over. It is
// called once, when the stages are wired, before the store serves.
func (s *Store) OnHandedOver(hooks ...HandedOver) { s.handedOver = append(s.handedOver, hooks...) }

// NewStore returns the ship stage over d.
func NewStore(d *db.DB, cfg Config) *Store {
	s := &Store{db: d, table: cfg.Table, external: map[string]Carrier{}}
	for _, c := range cfg.External {
		s.external[c.Code()] = c
	}
	return s
}

// Shipment is a packed fulfilment booked with a carrier.
type Shipment struct {
	ID                string           `json:"id" doc:"shp_…"`
	FulfilmentID      string           `json:"fulfilment_id"`
	Warehouse         string           `json:"warehouse"`
	Carrier           string           `json:"carrier"`
	Service           string           `json:"service"`
	CarrierShipmentID string           `json:"carrier_shipment_id"`
	Status            string           `json:"status" enum:"labelled,manifested,handed_over,voided"`
	PriceMinor        int64            `json:"price_minor"`
	Currency          string           `json:"currency"`
	ShipDate          string           `json:"ship_date"`
	DeliveryDate      string           `json:"delivery_date" doc:"The carrier's estimate"`
	Choice            rate.Choice      `json:"choice" doc:"The rate shopping: the service chosen and why, the alternatives, the services that could not take it"`
	Parcels           []ShipmentParcel `json:"parcels" nullable:"false"`
	ManifestID        string           `json:"manifest_id,omitempty"`
	CreatedAt         time.Time        `json:"created_at"`
	HandedOverAt      *time.Time       `json:"handed_over_at,omitempty"`
}

// ShipmentParcel is one parcel of a shipment with its tracking number.
type ShipmentParcel struct {
	ParcelID       string     `json:"parcel_id"`
	SSCC           string     `json:"sscc"`
	Seq            int        `json:"seq"`
	TrackingNumber string     `json:"tracking_number"`
	RoutingCode    string     `json:"routing_code"`
	WeightG        int64      `json:"weight_g"`
	Lane           string     `json:"lane,omitempty"`
	StagedAt       *time.Time `json:"staged_at,omitempty"`
	HandedOverAt   *time.Time `json:"handed_over_at,omitempty"`
}

// choiceJSON is how a choice is stored.
func choiceJSON(c rate.Choice) (string, error) {
	b, err := json.Marshal(c)
	return string(b), err
}
