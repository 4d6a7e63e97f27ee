package ship

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/address"
)

// Tracker is the tracking half of a carrier adapter: the carrier's events
// for the parcels it carries, pushed to Waybill by webhook or fetched by
// polling, each normalised to one of the TrackingStatuses. A carrier that
// pushes is not polled (Polls false); one without webhooks answers Webhook
// with errs.NotFound. The track stage uses it; the adapters implement it
// next to Carrier, so an operator configures one adapter per carrier.
type Tracker interface {
	// Code is the carrier's code, as Carrier.Code.
	Code() string
	// Webhook checks one webhook delivery's signature against the
	// carrier's secret (errs.Unauthorized when it does not match or is
	// stale) and parses its events (errs.Invalid naming the field when the
	// body is malformed). Nothing is kept: the same delivery parses again to
	// the same events, which the track stage deduplicates by EventID.
	Webhook(header http.Header, body []byte) ([]TrackingEvent, error)
	// Polls reports whether the carrier is to be polled (it sends no
	// webhooks, or they are not trusted to arrive).
	Polls() bool
	// Track fetches the events the carrier has for up to MaxTrack tracking
	// numbers at once, oldest first; a number the carrier does not know
	// has none. errs.Unavailable when the carrier cannot be reached.
	Track(ctx context.Context, trackingNumbers []string) ([]TrackingEvent, error)
}

// AddressChanger is the optional half of a carrier adapter that tells the
// carrier a parcel's corrected delivery address while it is on its way.
// The track stage asks a Tracker for it; a carrier without the call is
// told nothing, and the case says so.
type AddressChanger interface {
	// ChangeAddress sends the parcel's new address; the same change sent
	// again under its idempotency key is made once. errs.Invalid names a
	// field the carrier refused, errs.NotFound a number it does not know,
	// errs.Unavailable a carrier that cannot be reached.
	ChangeAddress(ctx context.Context, req AddressChange) error
}

// AddressChange is one corrected address for one parcel.
type AddressChange struct {
	TrackingNumber string
	Address        address.Address
	// IdempotencyKey is the same for every retry of one change (the
	// track stage's job id), so a change back to an earlier address is
	// a new change, not a replay; empty, one is derived from the number
	// and the address.
	IdempotencyKey string
}

// MaxTrack is the most tracking numbers one Track call asks for.
const MaxTrack = 100

// The normalised tracking statuses every carrier's events map to.
const (
	TrackLabelCreated       = "label_created"
	TrackPickedUp           = "picked_up"
	TrackInTransit          = "in_transit"
	TrackOutForDelivery     = "out_for_delivery"
	TrackDeliveryAttempted  = "delivery_attempted"
	TrackAvailableForPickup = "available_for_pickup"
	TrackDelivered          = "delivered"
	TrackException          = "exception"
	TrackReturnedToSender   = "returned_to_sender"
	TrackLost               = "lost"
)

// TrackingStatuses lists the normalised statuses in the order a parcel
// usually goes through them.
var TrackingStatuses = []string{TrackLabelCreated, TrackPickedUp, TrackInTransit, TrackOutForDelivery,
	TrackDeliveryAttempted, TrackAvailableForPickup, TrackDelivered, TrackException, TrackReturnedToSender, TrackLost}

// The reasons an exception or a failed attempt carries, normalised; a
// carrier's own reason that maps to none of them is kept as ReasonOther
// with its words in Description.
const (
	ReasonNoOneHome = "no_one_home"
	ReasonAddress   = "address"
	ReasonRefused   = "refused"
	ReasonDamaged   = "damaged"
	ReasonDelayed   = "delayed"
	ReasonCustoms   = "customs"
	ReasonWeather   = "weather"
	ReasonOther     = "other"
)

// TrackingReasons lists the normalised reasons.
var TrackingReasons = []string{ReasonNoOneHome, ReasonAddress, ReasonRefused, ReasonDamaged, ReasonDelayed, ReasonCustoms,
	ReasonWeather, ReasonOther}

// TrackingEvent is one carrier event for one parcel, normalised, with the
// carrier's own form kept for the parcel's history.
type TrackingEvent struct {
	// EventID is the carrier's id for the event, unique per parcel at
	// least: a repeated delivery of it for the same parcel is the same
	// event.
	EventID        string    `json:"event_id"`
	TrackingNumber string    `json:"tracking_number"`
	Status         string    `json:"status"`           // one of TrackingStatuses
	Reason         string    `json:"reason,omitempty"` // for exceptions and failed attempts: one of TrackingReasons
	Description    string    `json:"description,omitempty"`
	Location       string    `json:"location,omitempty"` // city or facility, as the carrier names it
	OccurredAt     time.Time `json:"occurred_at"`
	// CODCollected is the cash the driver collected on a delivered
	// cash-on-delivery parcel, in minor units of CODCurrency.
	CODCollected int64  `json:"cod_collected,omitempty"`
	CODCurrency  string `json:"cod_currency,omitempty"`
	// EstimatedDelivery is the date (YYYY-MM-DD) the carrier now expects
	// to deliver on, when the event gives one (a delay, a missed sort).
	EstimatedDelivery string `json:"estimated_delivery,omitempty"`
	// Raw is the carrier's event as it arrived.
	Raw json.RawMessage `json:"raw,omitempty"`
}

// Trackers are the carriers that can be tracked, by code: the external
// carriers whose adapters implement Tracker.
func (s *Store) Trackers() map[string]Tracker {
	out := map[string]Tracker{}
	for code, c := range s.external {
		if t, ok := c.(Tracker); ok {
			out[code] = t
		}
	}
	return out
}
