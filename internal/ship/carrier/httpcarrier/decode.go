package httpcarrier

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/rate"
)

// Limits on what a carrier's answer may hold before it reaches a label or
// a database column.
const (
	maxID      = 128
	maxEntries = 10000
)

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("%w: trailing data", errUnexpected)
	}
	return nil
}

// decodeRates reads a rates answer into quotes of carrier code.
func decodeRates(code string, data []byte) ([]rate.Quote, error) {
	var body struct {
		Rates *[]wireRate `json:"rates"`
	}
	if err := decodeStrict(data, &body); err != nil {
		return nil, err
	}
	if body.Rates == nil || len(*body.Rates) > maxEntries {
		return nil, fmt.Errorf("%w: no rates list", errUnexpected)
	}
	out := make([]rate.Quote, 0, len(*body.Rates))
	for _, r := range *body.Rates {
		if r.Service == "" || len(r.Service) > maxID || len(r.Currency) != 3 || r.Amount < 0 || r.TransitDays < 0 {
			return nil, fmt.Errorf("%w: a rate without service, currency or amount", errUnexpected)
		}
		q := rate.Quote{Carrier: code, Service: r.Service, Name: r.ServiceName, Speed: r.Speed, Zone: r.Zone, Currency: r.Currency,
			Total: r.Amount, ChargeableG: r.ChargeableWeightG, TransitDays: r.TransitDays,
			Base: r.Breakdown["base"], Fuel: r.Breakdown["fuel"], Remote: r.Breakdown["remote"], Oversize: r.Breakdown["oversize"]}
		if err := q.ShipDate.UnmarshalText([]byte(r.ShipDate)); err != nil {
			return nil, fmt.Errorf("%w: ship_date: %v", errUnexpected, err)
		}
		if err := q.DeliveryDate.UnmarshalText([]byte(r.EstimatedDelivery)); err != nil {
			return nil, fmt.Errorf("%w: estimated_delivery: %v", errUnexpected, err)
		}
		out = append(out, q)
	}
	return out, nil
}

// decodeCreated reads a booked shipment, which must label every parcel of
// the request, in order.
func decodeCreated(req ship.CreateRequest, data []byte) (ship.Created, error) {
	var s wireShipment
	if err := decodeStrict(data, &s); err != nil {
		return ship.Created{}, err
	}
	if s.ID == "" || len(s.ID) > maxID || len(s.Parcels) != len(req.Parcels) {
		return ship.Created{}, fmt.Errorf("%w: a shipment without id or with %d labels for %d parcels", errUnexpected, len(s.Parcels), len(req.Parcels))
	}
	out := ship.Created{ShipmentID: s.ID, Service: s.Service, Total: s.Charge.Amount, Currency: s.Charge.Currency,
		Parcels: make([]ship.CreatedParcel, len(s.Parcels))}
	for i, p := range s.Parcels {
		if p.TrackingNumber == "" || len(p.TrackingNumber) > maxID || len(p.SortCode) > maxID || p.Reference != req.Parcels[i].Reference {
			return ship.Created{}, fmt.Errorf("%w: label %d has no tracking number or another parcel's reference", errUnexpected, i)
		}
		out.Parcels[i] = ship.CreatedParcel{Reference: p.Reference, TrackingNumber: p.TrackingNumber, RoutingCode: p.SortCode}
	}
	return out, nil
}

// decodeManifest reads a closed manifest.
func decodeManifest(code string, data []byte) (ship.Manifest, error) {
	var m wireManifest
	if err := decodeStrict(data, &m); err != nil {
		return ship.Manifest{}, err
	}
	if m.ID == "" || len(m.ID) > maxID || len(m.Shipments) > maxEntries {
		return ship.Manifest{}, fmt.Errorf("%w: a manifest without id", errUnexpected)
	}
	out := ship.Manifest{ID: m.ID, Carrier: code, Origin: m.Origin}
	if err := out.Date.UnmarshalText([]byte(m.Date)); err != nil {
		return ship.Manifest{}, fmt.Errorf("%w: date: %v", errUnexpected, err)
	}
	for _, s := range m.Shipments {
		if s.ID == "" || len(s.ID) > maxID {
			return ship.Manifest{}, fmt.Errorf("%w: a manifest entry without id", errUnexpected)
		}
		out.Shipments = append(out.Shipments, ship.ManifestShipment{ShipmentID: s.ID, TrackingNumbers: s.TrackingNumbers})
		out.Parcels += len(s.TrackingNumbers)
	}
	return out, nil
}

// decodeErrors reads Parcelway's error body (or an RFC 9457 problem) into
// field errors under Waybill's field names and a message for the whole.
// A body that is neither gives no fields and no message.
func decodeErrors(data []byte) ([]errs.FieldError, string) {
	var body struct {
		Errors []struct {
			Code    string `json:"code"`
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"errors"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
	}
	if json.Unmarshal(data, &body) != nil {
		return nil, ""
	}
	var fields []errs.FieldError
	message := clip(body.Detail, 200)
	for i, e := range body.Errors {
		if i == 50 {
			break
		}
		if message == "" {
			message = clip(e.Message, 200)
		}
		if e.Field != "" {
			fields = append(fields, errs.FieldError{Path: clip(waybillField(e.Field), 100), Code: clip(e.Code, 50), Message: clip(e.Message, 200)})
		}
	}
	return fields, message
}

// clip shortens carrier text to n bytes on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
