package gateway

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// stripeKinds maps the Stripe event types Waybill acts on to kinds, with the
// object member that holds the amount that kind is about. Every other type
// is acknowledged and ignored.
var stripeKinds = map[string]struct {
	kind   Kind
	amount string
}{
	"payment_intent.amount_capturable_updated": {KindAuthorized, "amount_capturable"},
	"payment_intent.succeeded":                 {KindPaid, "amount_received"},
	"payment_intent.payment_failed":            {KindFailed, "amount"},
	"payment_intent.canceled":                  {KindCanceled, "amount"},
	"charge.refunded":                          {KindRefunded, "amount_refunded"},
}

// stripeEvent is the part of a Stripe event envelope Waybill reads; the
// object is decoded only for the types acted on, as others have other shapes.
type stripeEvent struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Created *int64 `json:"created"`
	Data    *struct {
		Object json.RawMessage `json:"object"`
	} `json:"data"`
}

// stripeObject covers the PaymentIntent and the Charge members Waybill uses.
type stripeObject struct {
	ID               string  `json:"id"`
	Amount           *int64  `json:"amount"`
	AmountCapturable *int64  `json:"amount_capturable"`
	AmountReceived   *int64  `json:"amount_received"`
	AmountRefunded   *int64  `json:"amount_refunded"`
	Currency         string  `json:"currency"`
	PaymentIntent    *string `json:"payment_intent"` // on a Charge; null when charged directly
	Metadata         *struct {
		OrderID string `json:"order_id"`
	} `json:"metadata"`
}

// The range of a plausible event time in Unix seconds: years 2000 to 9999.
const (
	minUnix = 946_684_800
	maxUnix = 253_402_300_799
)

// ParseStripe reads a Stripe event from the named gateway, usually
// "stripe". Call it only on a verified body. The order is found in the object's metadata.order_id, which
// Waybill sets when it creates the PaymentIntent; for charge.refunded it must
// be on the Charge, and the payment id is the Charge's payment_intent.
func ParseStripe(gateway string, body []byte) (Event, error) {
	var in stripeEvent
	if err := decode(body, &in); err != nil {
		return Event{}, err
	}
	var f errs.Fields
	checkID(&f, "id", in.ID)
	checkID(&f, "type", in.Type)
	var at time.Time
	switch {
	case in.Created == nil:
		f.Add("created", errs.CodeRequired, "created is required (Unix seconds)")
	case *in.Created < minUnix || *in.Created > maxUnix:
		f.Add("created", errs.CodeOutOfRange, "created must be Unix seconds between the years 2000 and 9999")
	default:
		at = time.Unix(*in.Created, 0).UTC()
	}
	ev := Event{Gateway: gateway, EventID: in.ID, Type: in.Type, Kind: KindIgnored, OccurredAt: at}
	if m, acted := stripeKinds[in.Type]; acted {
		ev.Kind = m.kind
		stripeObjectFields(&f, &ev, in, m.amount)
	}
	if err := f.Err(); err != nil {
		return Event{}, err
	}
	ev.Raw = rawCopy(body)
	return ev, nil
}

// stripeObjectFields fills the order, payment and amount of ev from the
// event's object, reporting problems under data.object.
func stripeObjectFields(f *errs.Fields, ev *Event, in stripeEvent, amountMember string) {
	if in.Data == nil || len(in.Data.Object) == 0 || bytes.Equal(in.Data.Object, []byte("null")) {
		f.Add("data.object", errs.CodeRequired, "data.object is required for %s", in.Type)
		return
	}
	var obj stripeObject
	if bad := decodeAt("data.object", in.Data.Object, &obj); len(bad) > 0 {
		*f = append(*f, bad...)
		return
	}
	checkID(f, "data.object.id", obj.ID)
	ev.PaymentID = obj.ID
	if obj.PaymentIntent != nil && *obj.PaymentIntent != "" {
		checkID(f, "data.object.payment_intent", *obj.PaymentIntent)
		ev.PaymentID = *obj.PaymentIntent
	}
	if obj.Metadata == nil {
		f.Add("data.object.metadata.order_id", errs.CodeRequired, "data.object.metadata.order_id is required")
	} else {
		checkID(f, "data.object.metadata.order_id", obj.Metadata.OrderID)
		ev.OrderRef = obj.Metadata.OrderID
	}
	amount := map[string]*int64{
		"amount":            obj.Amount,
		"amount_capturable": obj.AmountCapturable,
		"amount_received":   obj.AmountReceived,
		"amount_refunded":   obj.AmountRefunded,
	}[amountMember]
	ev.AmountMinor = checkAmount(f, "data.object."+amountMember, amount)
	ev.Currency = checkCurrency(f, "data.object.currency", obj.Currency)
}
