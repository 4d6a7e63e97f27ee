package httpcarrier

import (
	"cmp"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
)

// Bounds on what one carrier event may carry into Waybill.
const (
	maxDescription = 500
	maxLocation    = 200
	maxCOD         = 100_000_000_000 // minor units: a billion in a currency with cents
)

// trackingStatus maps each Parcelway event code to its normalised status.
var trackingStatus = map[string]string{
	"LC": ship.TrackLabelCreated,
	"PU": ship.TrackPickedUp,
	"AR": ship.TrackInTransit,
	"DP": ship.TrackInTransit,
	"OD": ship.TrackOutForDelivery,
	"AT": ship.TrackDeliveryAttempted,
	"PA": ship.TrackAvailableForPickup,
	"DL": ship.TrackDelivered,
	"EX": ship.TrackException,
	"RS": ship.TrackReturnedToSender,
	"LO": ship.TrackLost,
}

// trackingReason maps Parcelway's reason codes of attempts and exceptions;
// a code not listed is ship.ReasonOther.
var trackingReason = map[string]string{
	"NH": ship.ReasonNoOneHome,
	"RF": ship.ReasonRefused,
	"AD": ship.ReasonAddress,
	"DM": ship.ReasonDamaged,
	"DL": ship.ReasonDelayed,
	"CU": ship.ReasonCustoms,
	"WE": ship.ReasonWeather,
}

// wireEvent is one Parcelway tracking event as this client reads it. The
// instant is a string so a bad one is reported under its own name.
type wireEvent struct {
	ID             string `json:"id"`
	TrackingNumber string `json:"tracking_number"`
	Code           string `json:"code"`
	Reason         string `json:"reason"`
	Description    string `json:"description"`
	Location       string `json:"location"`
	OccurredAt     string `json:"occurred_at"`
	// EstimatedDelivery is Parcelway's new delivery date, YYYY-MM-DD.
	EstimatedDelivery string `json:"estimated_delivery"`
	CODCollected      *struct {
		Amount   *int64 `json:"amount"`
		Currency string `json:"currency"`
	} `json:"cod_collected"`
}

// toEvent checks one event found at path ("events[3]") and normalises it;
// raw is its JSON, kept on the event. Every problem is a field under path.
func toEvent(path string, raw json.RawMessage) (ship.TrackingEvent, errs.Fields) {
	var w wireEvent
	if f := decodeAt(path, raw, &w); len(f) > 0 {
		return ship.TrackingEvent{}, f
	}
	var f errs.Fields
	checkToken(&f, path+".id", w.ID)
	checkToken(&f, path+".tracking_number", w.TrackingNumber)
	ev := ship.TrackingEvent{EventID: w.ID, TrackingNumber: w.TrackingNumber, Description: clip(w.Description, maxDescription),
		Location: clip(w.Location, maxLocation), Raw: raw}
	switch ev.Status = trackingStatus[w.Code]; {
	case w.Code == "":
		f.Add(path+".code", errs.CodeRequired, "%s.code is required", path)
	case ev.Status == "":
		f.Add(path+".code", errs.CodeUnknown, "%s.code %q is no Parcelway event code Waybill knows", path, errs.Clip(w.Code))
	case ev.Status == ship.TrackDeliveryAttempted || ev.Status == ship.TrackException:
		ev.Reason = trackingReason[w.Reason]
		if ev.Reason == "" {
			ev.Reason = ship.ReasonOther
			if w.Reason != "" { // Parcelway's own reason, kept in words
				ev.Description = clip(strings.TrimSpace(errs.Clip(w.Reason)+": "+w.Description), maxDescription)
			}
		}
	}
	at, err := time.Parse(time.RFC3339, w.OccurredAt)
	switch {
	case w.OccurredAt == "":
		f.Add(path+".occurred_at", errs.CodeRequired, "%s.occurred_at is required", path)
	case err != nil:
		f.Add(path+".occurred_at", errs.CodeFormat, "%s.occurred_at must be an RFC 3339 instant", path)
	default:
		ev.OccurredAt = at.UTC()
	}
	if w.EstimatedDelivery != "" {
		if _, err := time.Parse(time.DateOnly, w.EstimatedDelivery); err != nil {
			f.Add(path+".estimated_delivery", errs.CodeFormat, "%s.estimated_delivery must be a date, YYYY-MM-DD", path)
		} else {
			ev.EstimatedDelivery = w.EstimatedDelivery
		}
	}
	if w.CODCollected != nil {
		ev.CODCollected, ev.CODCurrency = checkCOD(&f, path+".cod_collected", w.Code, w.CODCollected.Amount, w.CODCollected.Currency)
	}
	return ev, f
}

// checkCOD checks the cash collected on a delivery: only a DL carries it,
// a positive amount in a currency of three capital letters.
func checkCOD(f *errs.Fields, path, code string, amount *int64, currency string) (int64, string) {
	switch {
	case code != "DL":
		f.Add(path, errs.CodeUnexpected, "%s is only on a DL (delivered) event", path)
	case amount == nil:
		f.Add(path+".amount", errs.CodeRequired, "%s.amount is required", path)
	case *amount <= 0 || *amount > maxCOD:
		f.Add(path+".amount", errs.CodeOutOfRange, "%s.amount must be between 1 and %d minor units", path, int64(maxCOD))
	case len(currency) != 3 || strings.ContainsFunc(currency, func(r rune) bool { return r < 'A' || r > 'Z' }):
		f.Add(path+".currency", errs.CodeFormat, "%s.currency must be three capital letters (ISO 4217)", path)
	default:
		return *amount, currency
	}
	return 0, ""
}

// checkToken checks an identifier the carrier chose: present, bounded,
// printable ASCII without spaces, so it is safe in logs, URLs and keys.
func checkToken(f *errs.Fields, path, s string) {
	switch {
	case s == "":
		f.Add(path, errs.CodeRequired, "%s is required", path)
	case len(s) > maxID:
		f.Add(path, errs.CodeTooLong, "%s must be at most %d bytes", path, maxID)
	case strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r > '~' }):
		f.Add(path, errs.CodeFormat, "%s must be printable ASCII without spaces", path)
	}
}

// decodeAt reads JSON into v and reports a failure as a field under path,
// the JSON path of data within the whole body ("" for the body itself).
// The offending value is not echoed: it may be as long as the body.
func decodeAt(path string, data []byte, v any) errs.Fields {
	err := json.Unmarshal(data, v)
	var f errs.Fields
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
	case errors.As(err, &typeErr) && typeErr.Field != "":
		field := strings.TrimPrefix(path+"."+typeErr.Field, ".")
		f.Add(field, errs.CodeType, "%s has the wrong JSON type", field)
	case errors.As(err, &typeErr):
		f.Add(cmp.Or(path, "body"), errs.CodeType, "%s must be a JSON object", cmp.Or(path, "the body"))
	default:
		f.Add(cmp.Or(path, "body"), errs.CodeFormat, "%s is not valid JSON", cmp.Or(path, "the body"))
	}
	return f
}

// oldestFirst orders events by when they happened; events of the same
// instant keep the carrier's order.
func oldestFirst(evs []ship.TrackingEvent) {
	slices.SortStableFunc(evs, func(a, b ship.TrackingEvent) int { return a.OccurredAt.Compare(b.OccurredAt) })
}
