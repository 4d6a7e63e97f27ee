package payment

import (
	"github.com/danielgtaylor/huma/v2"
)

// Event is Waybill's generic payment event as the OpenAPI document shows
// it: what a gateway signing with Standard Webhooks posts to
// /v1/payment-events/{gateway}. The handler reads the raw bytes (the
// signature covers them) and gateway.ParseGeneric checks them, naming every
// bad field; this type only documents the format and must say the same.
type Event struct {
	ID        string    `json:"id" minLength:"1" maxLength:"255" doc:"The gateway's event id: the deduplication key (a repeated id gets the first outcome back)"`
	Type      string    `json:"type" enum:"payment.authorized,payment.succeeded,payment.failed,payment.canceled,payment.refunded" doc:"payment.authorized: the amount authorised; payment.succeeded: the amount captured; payment.refunded: the total refunded so far on the payment (so a late or repeated event never counts twice)"`
	CreatedAt string    `json:"created_at" format:"date-time" doc:"When it happened, RFC 3339; events are applied in this order whatever order they arrive in"`
	Data      EventData `json:"data"`
}

// EventData names the order and the money of an Event.
type EventData struct {
	OrderID     string `json:"order_id,omitempty" maxLength:"255" doc:"The order's id (ord_…); order_id or order_ref is required (both must name the same order)"`
	OrderRef    string `json:"order_ref,omitempty" maxLength:"255" doc:"The order's number (WB-…), when the gateway only knows that"`
	AmountMinor int64  `json:"amount_minor" minimum:"0" maximum:"1000000000000" doc:"Integer minor units (cents): 1234 is 12.34 EUR"`
	Currency    string `json:"currency" minLength:"3" maxLength:"3" doc:"ISO 4217; must be the order's"`
	PaymentID   string `json:"payment_id,omitempty" maxLength:"255" doc:"The gateway's payment id, kept on the order"`
}

// eventExamples are one body per type, ready to sign and post.
var eventExamples = map[string]*huma.Example{
	"succeeded": {Summary: "Captured: the order is paid", Value: Event{ID: "evt_1001", Type: "payment.succeeded",
		CreatedAt: "2026-05-01T12:00:00Z", Data: EventData{OrderID: "ord_01J9Z2ABCDEF", AmountMinor: 5798, Currency: "USD", PaymentID: "pay_123"}}},
	"authorized": {Summary: "Authorised, not captured yet", Value: Event{ID: "evt_1000", Type: "payment.authorized",
		CreatedAt: "2026-05-01T11:59:00Z", Data: EventData{OrderRef: "WB-100234", AmountMinor: 5798, Currency: "USD"}}},
	"failed": {Summary: "The payment failed (the customer may try again)", Value: Event{ID: "evt_1002", Type: "payment.failed",
		CreatedAt: "2026-05-01T12:00:00Z", Data: EventData{OrderID: "ord_01J9Z2ABCDEF", AmountMinor: 5798, Currency: "USD"}}},
	"canceled": {Summary: "The authorisation was cancelled", Value: Event{ID: "evt_1003", Type: "payment.canceled",
		CreatedAt: "2026-05-01T12:05:00Z", Data: EventData{OrderID: "ord_01J9Z2ABCDEF", AmountMinor: 0, Currency: "USD"}}},
	"refunded": {Summary: "Refunded in full: the order is cancelled, its fulfilments too", Value: Event{ID: "evt_1004", Type: "payment.refunded",
		CreatedAt: "2026-05-02T09:00:00Z", Data: EventData{OrderID: "ord_01J9Z2ABCDEF", AmountMinor: 5798, Currency: "USD"}}},
}

// signingHowTo is how a gateway signs a delivery, for the operation's
// description (and so /docs).
const signingHowTo = "Sign with Standard Webhooks: send headers webhook-id (the event id), webhook-timestamp (Unix " +
	"seconds, within 5 minutes of our clock) and webhook-signature `v1,<base64 of HMAC-SHA256>`, the HMAC keyed with " +
	"the base64-decoded part of the gateway's secret after `whsec_`, over `<webhook-id>.<webhook-timestamp>.<body>`. " +
	"Configure the gateway with `--gateways name=standard:whsec_...`. README.md shows a shell example."
