package sim

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship/rate"
)

// maxParcels is Parcelway's limit on one shipment.
const maxParcels = 50

// create books a shipment; idempotent wraps it.
func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var body createBody
	if !decode(w, r, &body) {
		return
	}
	if bad := checkCreate(body); len(bad) > 0 {
		writeErrors(w, http.StatusUnprocessableEntity, bad...)
		return
	}
	if _, ok := s.cfg.Data.Service(body.Service); !ok {
		writeErrors(w, http.StatusUnprocessableEntity, wireError{Code: "unknown_service", Field: "service",
			Message: fmt.Sprintf("Parcelway has no service %q", errs.Clip(body.Service))})
		return
	}
	req := rate.Request{Origin: body.Origin, To: rate.Destination{Country: body.To.Country, PostalCode: body.To.PostalCode},
		Parcels: rateParcels(body.Parcels)}
	q, err := s.cfg.Data.Quote(req, body.Service)
	if err != nil {
		writeErrors(w, http.StatusUnprocessableEntity, fieldErrors(err)...)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	sh := &shipment{ID: fmt.Sprintf("shp_%06d", s.seq), Status: "booked", Service: body.Service, Origin: body.Origin,
		Reference: body.Reference, CreatedAt: s.cfg.Clock.Now(), Charge: wireMoney{Amount: q.Total, Currency: q.Currency}}
	pc := rate.NormalizePostcode(body.To.PostalCode)
	if len(pc) > 3 {
		pc = pc[:3]
	}
	for i, p := range body.Parcels {
		serial := s.seq*100 + i
		sh.Parcels = append(sh.Parcels, wireLabel{Reference: p.Reference, TrackingNumber: trackingNumber(serial),
			SortCode: fmt.Sprintf("%s/%s%s", q.Zone, strings.ToUpper(body.To.Country), pc)})
	}
	s.shipments[sh.ID] = sh
	s.order = append(s.order, sh.ID)
	for _, p := range sh.Parcels {
		s.addEvent(Event{TrackingNumber: p.TrackingNumber, Code: "LC", Location: body.From.City})
	}
	writeJSON(w, http.StatusCreated, sh)
}

// checkCreate is Parcelway's own check of a booking, field by field.
func checkCreate(b createBody) []wireError {
	var out []wireError
	add := func(field, code, msg string) { out = append(out, wireError{Code: code, Field: field, Message: msg}) }
	if b.Service == "" {
		add("service", "required", "a service is required")
	}
	if b.Origin == "" {
		add("origin", "required", "an origin location is required")
	}
	if len(b.Reference) > 64 {
		add("reference", "too_long", "a reference is at most 64 characters")
	}
	for _, side := range []struct {
		name string
		a    wireAddress
	}{{"from", b.From}, {"to", b.To}} {
		if strings.TrimSpace(side.a.Name) == "" && strings.TrimSpace(side.a.Company) == "" {
			add(side.name+".name", "required", "a name or company is required")
		}
		if strings.TrimSpace(side.a.Street1) == "" {
			add(side.name+".street1", "required", "a street address is required")
		}
		if len(side.a.Country) != 2 || strings.ToUpper(side.a.Country) != side.a.Country {
			add(side.name+".country", "invalid_country", "a country is two capital letters")
		}
	}
	if strings.TrimSpace(b.To.PostalCode) == "" {
		add("to.postal_code", "invalid_postcode", "a postcode is required")
	}
	if len(b.Parcels) == 0 || len(b.Parcels) > maxParcels {
		add("parcels", "invalid_count", fmt.Sprintf("a shipment has 1 to %d parcels", maxParcels))
	}
	for i, p := range b.Parcels {
		if i >= maxParcels {
			break
		}
		if p.WeightG <= 0 {
			add(fmt.Sprintf("parcels[%d].weight_g", i), "invalid_weight", "a weight is a positive number of grams")
		}
		if p.LengthMM <= 0 || p.WidthMM <= 0 || p.HeightMM <= 0 || p.LengthMM > 10000 || p.WidthMM > 10000 || p.HeightMM > 10000 {
			add(fmt.Sprintf("parcels[%d].length_mm", i), "invalid_dimensions", "sizes are 1 to 10000 mm")
		}
		if p.DeclaredValue != nil && (p.DeclaredValue.Amount < 0 || len(p.DeclaredValue.Currency) != 3) {
			add(fmt.Sprintf("parcels[%d].declared_value", i), "invalid_amount", "a declared value is a non-negative amount in a currency")
		}
	}
	return out
}

// trackingNumber is Parcelway's format: PW, ten digits and a Luhn digit.
func trackingNumber(serial int) string {
	digits := fmt.Sprintf("%010d", serial)
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-i)%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return "PW" + digits + string(rune('0'+(10-sum%10)%10))
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, ok := s.shipments[r.PathValue("id")]
	if !ok {
		writeErrors(w, http.StatusNotFound, wireError{Code: "shipment_not_found", Message: "no shipment " + errs.Clip(r.PathValue("id"))})
		return
	}
	writeJSON(w, http.StatusOK, sh)
}

// void cancels a booked shipment; voiding twice is harmless, voiding after
// the manifest is too late.
func (s *Server) void(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, ok := s.shipments[r.PathValue("id")]
	switch {
	case !ok:
		writeErrors(w, http.StatusNotFound, wireError{Code: "shipment_not_found", Message: "no shipment " + errs.Clip(r.PathValue("id"))})
	case sh.Status == "manifested":
		writeErrors(w, http.StatusConflict, wireError{Code: "already_manifested", Message: "shipment " + sh.ID + " is on manifest " + sh.Manifest})
	default:
		sh.Status = "voided"
		writeJSON(w, http.StatusOK, sh)
	}
}

// Shipments lists the shipments Parcelway holds, in booking order, so a
// test can count them.
func (s *Server) Shipments() []Shipment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Shipment, 0, len(s.order))
	for _, id := range s.order {
		sh := s.shipments[id]
		var tns []string
		for _, p := range sh.Parcels {
			tns = append(tns, p.TrackingNumber)
		}
		out = append(out, Shipment{ID: sh.ID, Status: sh.Status, Reference: sh.Reference, TrackingNumbers: tns})
	}
	return out
}

// Shipment is a test's view of one of Parcelway's shipments.
type Shipment struct {
	ID              string
	Status          string
	Reference       string
	TrackingNumbers []string
}
