// Package gateway is the storage-free edge of payment-event intake: it checks
// that an event really comes from a configured payment gateway and turns the
// gateway's JSON into one normalised [Event] the order's payment state
// machine can apply. Nothing here touches the database or the wall clock, so
// the HTTP handler, the tests and the simulation all run the same code.
//
// Two signature schemes are supported, one per configured gateway:
//
//   - Standard Webhooks (https://www.standardwebhooks.com): headers
//     webhook-id, webhook-timestamp and webhook-signature ("v1,<base64>"
//     entries separated by spaces), HMAC-SHA256 over "id.timestamp.body"
//     with the base64 key after the "whsec_" prefix.
//   - Stripe-compatible: header Stripe-Signature "t=<unix>,v1=<hex>,...",
//     HMAC-SHA256 over "t.body" with the secret string itself as the key.
//
// Both accept a timestamp within a tolerance (default five minutes) either
// way of the injected clock, compare in constant time, and accept a previous
// secret as well as the current one while a rotation is under way.
//
// # Waybill's generic event format
//
// Gateways that sign with Standard Webhooks post this body (at most
// [MaxBodyBytes]; unknown members are ignored):
//
//	{
//	  "id": "evt_01J9Z3...",                 // required; the gateway's event id, the deduplication key
//	  "type": "payment.succeeded",           // required; see below
//	  "created_at": "2026-05-01T12:00:00Z",  // required; RFC 3339, when the event happened
//	  "data": {
//	    "order_id": "ord_01J9Z2...",         // required: order_id or order_ref (or both, equal)
//	    "order_ref": "WB-100234",
//	    "amount_minor": 1234,                // required; integer minor units, 0..MaxAmountMinor
//	    "currency": "EUR",                   // required; ISO 4217 (lower case is upper-cased)
//	    "payment_id": "pay_123"              // optional; the gateway's payment id
//	  }
//	}
//
// The types and the [Kind] each becomes:
//
//	payment.authorized -> authorized  (amount_minor: the amount authorised)
//	payment.succeeded  -> paid        (amount_minor: the amount captured)
//	payment.failed     -> failed
//	payment.canceled   -> canceled
//	payment.refunded   -> refunded    (amount_minor: the total refunded so far on
//	                                   the payment, so a late or repeated event
//	                                   never counts a refund twice)
//
// Any other type is refused as invalid: our own format has no events we do
// not act on. Stripe events of types Waybill does not act on are accepted as
// [KindIgnored] so that Stripe stops retrying them.
package gateway
