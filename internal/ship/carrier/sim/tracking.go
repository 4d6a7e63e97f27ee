package sim

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// maxTrack is the most tracking numbers one poll may ask for.
const maxTrack = 100

// Event is one tracking event, as a test adds it and Parcelway sends it.
// Nothing in it is checked, so a test can make Parcelway send what a real
// carrier might: an unknown code, a missing id, a reason nobody documented.
type Event struct {
	ID             string    // empty: Parcelway numbers it ("ev_000001")
	TrackingNumber string    // the parcel's number, as booked (or any other)
	Code           string    // one of the codes in the package comment: "DL", "AT", ...
	Reason         string    // for AT and EX: "NH", "DM", ...
	Description    string    // empty: Parcelway's own words for the code and reason
	Location       string    // city or facility
	At             time.Time // when it happened; zero: the simulator's clock
	COD            *Money    // on DL: the cash the driver collected
	Estimate       string    // the new delivery date, YYYY-MM-DD, when the carrier gives one
}

// Money is an amount in minor units of a currency, as on the wire.
type Money struct {
	Amount   int64
	Currency string
}

// AddEvent records an event for its tracking number: polls see it at once
// and the next Push sends it. It returns the event with the id, time and
// description Parcelway gave it.
func (s *Server) AddEvent(e Event) Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addEvent(e)
}

func (s *Server) addEvent(e Event) Event {
	s.eventSeq++
	e.ID = cmp.Or(e.ID, fmt.Sprintf("ev_%06d", s.eventSeq))
	if e.At.IsZero() {
		e.At = s.cfg.Clock.Now()
	}
	e.Description = cmp.Or(e.Description, describe(e.Code, e.Reason))
	s.events[e.TrackingNumber] = append(s.events[e.TrackingNumber], e)
	s.pending = append(s.pending, e)
	return e
}

// codeWords and reasonWords are Parcelway's descriptions of its codes.
var (
	codeWords = map[string]string{"LC": "Shipment information received", "PU": "Picked up", "AR": "Arrived at Parcelway facility",
		"DP": "Departed Parcelway facility", "OD": "Out for delivery", "AT": "Delivery attempted", "PA": "Available for pickup",
		"DL": "Delivered", "EX": "Exception", "RS": "Returned to sender", "LO": "Lost"}
	reasonWords = map[string]string{"NH": "no one home", "RF": "refused by the recipient", "AD": "address problem",
		"DM": "damaged", "DL": "delayed", "CU": "held in customs", "WE": "weather"}
)

func describe(code, reason string) string {
	words := codeWords[code]
	if r := reasonWords[reason]; r != "" && words != "" {
		words += ": " + r
	}
	return words
}

// eventsOf is a number's events oldest first; events at the same instant
// keep the order they were added in.
func (s *Server) eventsOf(trackingNumber string) []wireEvent {
	evs := slices.Clone(s.events[trackingNumber])
	slices.SortStableFunc(evs, func(a, b Event) int { return a.At.Compare(b.At) })
	out := make([]wireEvent, len(evs))
	for i, e := range evs {
		out[i] = e.wire()
	}
	return out
}

func (e Event) wire() wireEvent {
	w := wireEvent{ID: e.ID, TrackingNumber: e.TrackingNumber, Code: e.Code, Reason: e.Reason, Description: e.Description,
		Location: e.Location, OccurredAt: e.At, EstimatedDelivery: e.Estimate}
	if e.COD != nil {
		w.CODCollected = &wireMoney{Amount: e.COD.Amount, Currency: e.COD.Currency}
	}
	return w
}

// track answers a poll: each number's events, in the order asked.
func (s *Server) track(w http.ResponseWriter, r *http.Request) {
	var body trackingRequest
	if !decode(w, r, &body) {
		return
	}
	var bad []wireError
	if len(body.TrackingNumbers) == 0 || len(body.TrackingNumbers) > maxTrack {
		bad = append(bad, wireError{Code: "invalid_count", Field: "tracking_numbers", Message: fmt.Sprintf("a poll asks for 1 to %d tracking numbers", maxTrack)})
	}
	seen := map[string]bool{}
	for i, tn := range body.TrackingNumbers {
		field := fmt.Sprintf("tracking_numbers[%d]", i)
		switch {
		case i >= maxTrack:
		case tn == "":
			bad = append(bad, wireError{Code: "required", Field: field, Message: "a tracking number is required"})
		case len(tn) > 64:
			bad = append(bad, wireError{Code: "too_long", Field: field, Message: "a tracking number is at most 64 characters"})
		case seen[tn]:
			bad = append(bad, wireError{Code: "duplicate", Field: field, Message: tn + " is listed twice"})
		}
		seen[tn] = true
	}
	if len(bad) > 0 {
		writeErrors(w, http.StatusUnprocessableEntity, bad...)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	results := make([]trackingResult, len(body.TrackingNumbers))
	for i, tn := range body.TrackingNumbers {
		results[i] = trackingResult{TrackingNumber: tn, Events: s.eventsOf(tn)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": results})
}
