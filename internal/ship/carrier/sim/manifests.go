package sim

import (
	"fmt"
	"net/http"
	"time"
)

// manifest closes the day for the listed shipments: all must be booked and
// none voided; one already manifested makes the whole close a conflict.
func (s *Server) manifest(w http.ResponseWriter, r *http.Request) {
	var body manifestRequest
	if !decode(w, r, &body) {
		return
	}
	var bad []wireError
	if body.Origin == "" {
		bad = append(bad, wireError{Code: "required", Field: "origin", Message: "an origin location is required"})
	}
	if _, err := time.Parse(time.DateOnly, body.Date); err != nil {
		bad = append(bad, wireError{Code: "invalid_date", Field: "date", Message: "a date is YYYY-MM-DD"})
	}
	if len(body.ShipmentIDs) == 0 || len(body.ShipmentIDs) > 10000 {
		bad = append(bad, wireError{Code: "invalid_count", Field: "shipment_ids", Message: "a manifest lists 1 to 10000 shipments"})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	for i, id := range body.ShipmentIDs {
		field := fmt.Sprintf("shipment_ids[%d]", i)
		sh, ok := s.shipments[id]
		switch {
		case !ok:
			bad = append(bad, wireError{Code: "shipment_not_found", Field: field, Message: "no shipment " + id})
		case seen[id]:
			bad = append(bad, wireError{Code: "duplicate", Field: field, Message: id + " is listed twice"})
		case sh.Status == "voided":
			bad = append(bad, wireError{Code: "shipment_voided", Field: field, Message: id + " was voided"})
		case sh.Status == "manifested":
			writeErrors(w, http.StatusConflict, wireError{Code: "already_manifested", Field: field, Message: id + " is on manifest " + sh.Manifest})
			return
		case sh.Origin != body.Origin:
			bad = append(bad, wireError{Code: "wrong_origin", Field: field, Message: id + " leaves from " + sh.Origin})
		}
		seen[id] = true
	}
	if len(bad) > 0 {
		writeErrors(w, http.StatusUnprocessableEntity, bad...)
		return
	}
	m := &manifestBody{ID: fmt.Sprintf("mf_%06d", len(s.manifests)+1), Origin: body.Origin, Date: body.Date}
	for _, id := range body.ShipmentIDs {
		sh := s.shipments[id]
		sh.Status, sh.Manifest = "manifested", m.ID
		e := manifestEntry{ID: id}
		for _, p := range sh.Parcels {
			e.TrackingNumbers = append(e.TrackingNumbers, p.TrackingNumber)
		}
		m.Shipments = append(m.Shipments, e)
		m.ParcelCount += len(e.TrackingNumbers)
	}
	s.manifests[m.ID] = m
	writeJSON(w, http.StatusCreated, m)
}
