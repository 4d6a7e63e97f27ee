// Package track is stage 5's second half: following every parcel from the
// driver's handover to the customer's door, and closing the order. Carrier
// events arrive by webhook or by polling, through the carrier adapters'
// ship.Tracker; each is kept once (a carrier's event id is its identity)
// and moves its parcel forward only (Next): a late or repeated event never
// moves a delivered parcel back or erases its history. What a move means is
// acted on in the same transaction: the order's timeline and outbound
// events, tracking notices to the customer, exception cases for customer
// service, delivery of the fulfilment and the order, and the order's
// completion when the confirmation period passes without a problem.
package track

import (
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
)

// Store is the tracking stage over the database.
type Store struct {
	db       *db.DB
	trackers map[string]ship.Tracker
	group    group // Ingest's transactions, shared by concurrent calls
}

// New returns the tracking stage over d, following the carriers in
// trackers (by code); events of other carriers come in over the API in
// Waybill's own normalised form.
func New(d *db.DB, trackers map[string]ship.Tracker) *Store {
	if trackers == nil {
		trackers = map[string]ship.Tracker{}
	}
	return &Store{db: d, trackers: trackers}
}

// Parcel is a parcel's tracking as the stage keeps it.
type Parcel struct {
	ParcelID       string     `json:"parcel_id" doc:"pcl_…"`
	ShipmentID     string     `json:"shipment_id"`
	FulfilmentID   string     `json:"fulfilment_id"`
	Carrier        string     `json:"carrier"`
	TrackingNumber string     `json:"tracking_number"`
	Status         string     `json:"status" enum:"label_created,picked_up,in_transit,out_for_delivery,delivery_attempted,available_for_pickup,delivered,exception,returned_to_sender,lost"`
	Reason         string     `json:"reason,omitempty"`
	Location       string     `json:"location,omitempty"`
	StatusAt       time.Time  `json:"status_at" doc:"When the event that set the status happened"`
	LastEventAt    time.Time  `json:"last_event_at" doc:"The latest event of any kind: the silence clock"`
	PromisedDate   string     `json:"promised_date" doc:"The delivery date the carrier's service promised (YYYY-MM-DD)"`
	EstimatedDate  string     `json:"estimated_date,omitempty" doc:"The date the carrier now expects to deliver on (YYYY-MM-DD), from its newest event that gave one"`
	DeliveredAt    *time.Time `json:"delivered_at,omitempty"`
	CODCollected   *int64     `json:"cod_collected_minor,omitempty" doc:"Cash the driver collected, in minor units"`
	CODCurrency    string     `json:"cod_currency,omitempty"`
	PublicPath     string     `json:"public_path" doc:"The parcel's public tracking page (no login), to send the customer: /track/<token>"`
	Token          string     `json:"-"`
	statusEvent    string     // the event that set the status: the tie-break of Next
	estimateAt     time.Time  // when the event that gave EstimatedDate happened
}

// Carrier is the actor a carrier's events are recorded as.
func Carrier(code string) actor.Actor {
	return actor.Actor{ID: "carrier:" + code, Name: "carrier " + code, Role: actor.Integration, RemoteAddr: "carrier"}
}
