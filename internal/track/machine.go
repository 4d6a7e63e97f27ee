package track

import (
	"time"

	"github.com/waybill/waybill/internal/ship"
)

// The state machine of a parcel. Carriers send events late, twice and out
// of order, so a parcel's status is not "the last event received" (the bug
// class that moves delivered parcels back to in transit) but the greatest
// event seen, by this order:
//
//  1. class: a label created only before anything else; the ordinary
//     journey; lost; then the final states, delivered and returned to
//     sender, which nothing leaves (not even another final event);
//  2. within a class, the time the event happened;
//  3. at the same time, the step's rank in the usual journey;
//  4. then the event id, so that the answer never depends on arrival.
//
// The greatest of a set does not depend on the order its members arrive
// in, so every arrival order of the same events ends in the same status;
// an event applies (moves the parcel, and has its effects) exactly when it
// is greater than the parcel's current one. The one exception is a carrier
// contradicting itself with two final events: the first to arrive stands,
// because its effects (the order delivered, the stock back) have happened.

// class is the first key of the order.
func class(status string) int {
	switch status {
	case ship.TrackLabelCreated:
		return 0
	case ship.TrackLost:
		return 2
	case ship.TrackDelivered, ship.TrackReturnedToSender:
		return 3
	}
	return 1
}

// rank is the third key: the step's place in the usual journey.
var rank = map[string]int{
	ship.TrackLabelCreated: 0, ship.TrackPickedUp: 1, ship.TrackInTransit: 2, ship.TrackException: 2,
	ship.TrackOutForDelivery: 3, ship.TrackDeliveryAttempted: 4, ship.TrackAvailableForPickup: 5,
	ship.TrackLost: 6, ship.TrackReturnedToSender: 7, ship.TrackDelivered: 8,
}

// Final reports whether status is one nothing moves a parcel out of.
func Final(status string) bool { return class(status) == 3 }

// Step is where a parcel stands: the event that set its status.
type Step struct {
	Status  string
	At      time.Time
	EventID string
}

// Next reports whether event e moves a parcel standing at cur: whether e
// is greater than cur in the order above, and cur is not final.
//
// A step with no event id is Waybill's own (the driver's handover, or a
// parcel first heard of by a carrier's early scan): it stands below every
// carrier event past the label, whatever either clock said, so a carrier
// whose clock runs behind ours is not ignored.
func Next(cur Step, e Step) bool {
	if Final(cur.Status) {
		return false
	}
	if cur.EventID == "" {
		return class(e.Status) > 0 || class(cur.Status) == 0
	}
	if a, b := class(e.Status), class(cur.Status); a != b {
		return a > b
	}
	if !e.At.Equal(cur.At) {
		return e.At.After(cur.At)
	}
	if a, b := rank[e.Status], rank[cur.Status]; a != b {
		return a > b
	}
	return e.EventID > cur.EventID
}
