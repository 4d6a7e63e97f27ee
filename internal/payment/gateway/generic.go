package gateway

import (
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// genericKinds maps the types of Waybill's generic format (see the package
// documentation) to kinds. The format has no other types.
var genericKinds = map[string]Kind{
	"payment.authorized": KindAuthorized,
	"payment.succeeded":  KindPaid,
	"payment.failed":     KindFailed,
	"payment.canceled":   KindCanceled,
	"payment.refunded":   KindRefunded,
}

// genericEvent is the generic format on the wire. Pointers tell an absent
// member from a zero one.
type genericEvent struct {
	ID        string       `json:"id"`
	Type      string       `json:"type"`
	CreatedAt string       `json:"created_at"`
	Data      *genericData `json:"data"`
}

type genericData struct {
	OrderID     string `json:"order_id"`
	OrderRef    string `json:"order_ref"`
	AmountMinor *int64 `json:"amount_minor"`
	Currency    string `json:"currency"`
	PaymentID   string `json:"payment_id"`
}

// ParseGeneric reads an event in Waybill's generic format from the named
// gateway. Call it only on a verified body. Every problem comes back at once
// in an errs.Invalid error, each under its JSON path.
func ParseGeneric(gateway string, body []byte) (Event, error) {
	var in genericEvent
	if err := decode(body, &in); err != nil {
		return Event{}, err
	}
	var f errs.Fields
	checkID(&f, "id", in.ID)
	kind, known := genericKinds[in.Type]
	switch {
	case in.Type == "":
		f.Add("type", errs.CodeRequired, "type is required")
	case !known:
		f.Add("type", errs.CodeUnknown, "type must be one of payment.authorized, payment.succeeded, "+
			"payment.failed, payment.canceled or payment.refunded")
	}
	at := checkCreatedAt(&f, in.CreatedAt)
	ev := Event{Gateway: gateway, EventID: in.ID, Type: in.Type, Kind: kind, OccurredAt: at}
	if d := in.Data; d == nil {
		f.Add("data", errs.CodeRequired, "data is required")
	} else {
		ev.OrderRef = d.OrderID
		switch {
		case d.OrderID == "" && d.OrderRef == "":
			f.Add("data.order_id", errs.CodeRequired, "data.order_id or data.order_ref is required")
		case d.OrderID == "":
			checkID(&f, "data.order_ref", d.OrderRef)
			ev.OrderRef = d.OrderRef
		case d.OrderRef != "" && d.OrderRef != d.OrderID:
			f.Add("data.order_ref", errs.CodeFormat, "data.order_ref and data.order_id name different orders")
		default:
			checkID(&f, "data.order_id", d.OrderID)
		}
		ev.AmountMinor = checkAmount(&f, "data.amount_minor", d.AmountMinor)
		ev.Currency = checkCurrency(&f, "data.currency", d.Currency)
		checkOptionalID(&f, "data.payment_id", d.PaymentID)
		ev.PaymentID = d.PaymentID
	}
	if err := f.Err(); err != nil {
		return Event{}, err
	}
	ev.Raw = rawCopy(body)
	return ev, nil
}

// checkCreatedAt parses an RFC 3339 time and keeps it within years 2000-9999,
// which every gateway's events fall in and every encoder can write.
func checkCreatedAt(f *errs.Fields, s string) time.Time {
	if s == "" {
		f.Add("created_at", errs.CodeRequired, "created_at is required (RFC 3339)")
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		f.Add("created_at", errs.CodeFormat, "created_at must be an RFC 3339 time such as 2026-05-01T12:00:00Z")
		return time.Time{}
	}
	if t = t.UTC(); t.Year() < 2000 || t.Year() > 9999 {
		f.Add("created_at", errs.CodeOutOfRange, "created_at must be between the years 2000 and 9999")
		return time.Time{}
	}
	return t
}
