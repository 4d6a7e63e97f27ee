package sim

import (
	"net/http"
	"strings"
	"time"
)

// AddressChange is a parcel's delivery address as a client changed it.
type AddressChange struct {
	TrackingNumber string      `json:"tracking_number"`
	To             wireAddress `json:"to"`
	ChangedAt      time.Time   `json:"changed_at"`
}

type addressBody struct {
	To wireAddress `json:"to"`
}

// changeAddress records a parcel's corrected address (POST
// /v1/tracking/{number}/address, idempotent by key): the parcel must be
// one Parcelway booked, the address complete.
func (s *Server) changeAddress(w http.ResponseWriter, r *http.Request) {
	tn := r.PathValue("number")
	var body addressBody
	if !decode(w, r, &body) {
		return
	}
	var bad []wireError
	add := func(field, code, msg string) { bad = append(bad, wireError{Code: code, Field: field, Message: msg}) }
	a := body.To
	if strings.TrimSpace(a.Name) == "" && strings.TrimSpace(a.Company) == "" {
		add("to.name", "required", "a name or company is required")
	}
	if strings.TrimSpace(a.Street1) == "" {
		add("to.street1", "required", "a street address is required")
	}
	if strings.TrimSpace(a.City) == "" {
		add("to.city", "required", "a city is required")
	}
	if len(a.Country) != 2 {
		add("to.country", "invalid", "a country is its two-letter ISO code")
	}
	if len(bad) > 0 {
		writeErrors(w, http.StatusUnprocessableEntity, bad...)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.booked(tn) {
		writeErrors(w, http.StatusNotFound, wireError{Code: "not_found", Field: "tracking_number", Message: "Parcelway has no parcel " + tn})
		return
	}
	c := AddressChange{TrackingNumber: tn, To: a, ChangedAt: s.cfg.Clock.Now().UTC()}
	s.addresses[tn] = append(s.addresses[tn], c)
	writeJSON(w, http.StatusOK, c)
}

// addressesOf answers GET /v1/tracking/{number}/address: every change of
// the parcel's address, oldest first, so a test reads back over HTTP what
// a client sent.
func (s *Server) addressesOf(w http.ResponseWriter, r *http.Request) {
	tn := r.PathValue("number")
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.booked(tn) {
		writeErrors(w, http.StatusNotFound, wireError{Code: "not_found", Field: "tracking_number", Message: "Parcelway has no parcel " + tn})
		return
	}
	changes := append([]AddressChange{}, s.addresses[tn]...)
	writeJSON(w, http.StatusOK, map[string]any{"tracking_number": tn, "changes": changes})
}

// booked reports whether a parcel of a booked shipment has the number; s.mu is held.
func (s *Server) booked(tn string) bool {
	for _, sh := range s.shipments {
		for _, p := range sh.Parcels {
			if p.TrackingNumber == tn {
				return true
			}
		}
	}
	return false
}
