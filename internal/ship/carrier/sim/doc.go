// Package sim is Parcelway, a simulated external carrier: an http.Handler
// speaking the carrier-style wire format below, with its own API key, error
// bodies, idempotent bookings, end-of-day manifests, tracking events (polled
// or pushed by signed webhooks), and a plan of injected faults (slow
// answers, 5xx, 429, broken JSON, webhooks delivered twice or out of order).
// Tests run it with httptest.NewServer and drive it through the real client,
// so every retry and error path of the ship stage is exercised over real
// HTTP. It keeps its state in memory: it is the third party, not part of
// Waybill.
//
// # Wire format (Parcelway API v1)
//
// Every request carries "X-Api-Key: <key>"; a missing or wrong key is 401
// with an application/problem+json body. Bodies are JSON, at most 1 MiB.
// Amounts are integers in the minor units of "currency"; weights in grams,
// sizes in millimetres, dates YYYY-MM-DD, instants RFC 3339.
//
//	POST /v1/rates                  {"origin","to":{"country","postal_code"},"parcels":[{"weight_g","length_mm","width_mm","height_mm"}],"ready_at"}
//	                                200 {"rates":[{"service","service_name","speed","zone","currency","amount","breakdown":{"base","fuel","remote","oversize"},"chargeable_weight_g","transit_days","ship_date","estimated_delivery"}]}
//	POST /v1/shipments              Idempotency-Key required; {"service","origin","reference","ship_date","from":{address},"to":{address},"parcels":[{"reference","weight_g",...,"declared_value":{"amount","currency"}}]}
//	                                201 shipment; the same key and body again answers the first response (Idempotent-Replayed: true), the same key with another body 409
//	GET  /v1/shipments/{id}         200 shipment, 404 unknown
//	POST /v1/shipments/{id}/void    200 shipment with status "voided"; 409 once manifested
//	POST /v1/manifests              {"origin","date","shipment_ids":[...]}: 201 {"id","origin","date","shipments":[{"id","tracking_numbers"}],"parcel_count"}
//	POST /v1/tracking               {"tracking_numbers":[...]}, 1 to 100, none twice: 200 {"results":[{"tracking_number","events":[event...]}]},
//	                                one result per number in request order, its events oldest first; a number Parcelway does not know has "events":[]
//	POST /v1/tracking/{number}/address  Idempotency-Key required; {"to":{address}}: the parcel's corrected delivery address,
//	                                200 {"tracking_number","to":{address},"changed_at"}; 404 a parcel Parcelway did not book, 422 an incomplete address
//	GET  /v1/tracking/{number}/address  200 {"tracking_number","changes":[{"tracking_number","to","changed_at"}...]}, oldest first
//
// An address is {"name","company","street1","street2","city","state","postal_code","country"};
// a shipment is {"id","status","service","reference","created_at","charge":{"amount","currency"},"parcels":[{"reference","tracking_number","sort_code"}]}.
// Errors other than 401 are {"errors":[{"code","field","message"}]}: 400 for
// a body that is no JSON or lacks the Idempotency-Key, 422 for invalid
// fields (codes such as invalid_postcode, too_heavy, unknown_service,
// invalid_count), 404, 409, 413; 429 and 503 may carry Retry-After (seconds).
//
// # Tracking events
//
// An event is {"id","tracking_number","code","reason","description","location","occurred_at","cod_collected":{"amount","currency"},"estimated_delivery"}.
// Its id is unique across Parcelway and never changes, however often the
// event is sent. "reason", "location", "cod_collected" and
// "estimated_delivery" (YYYY-MM-DD, the new date of a delayed parcel) may be
// absent.
// The codes:
//
//	LC  label created: shipment information received (one per parcel when it is booked)
//	PU  picked up from the shipper
//	AR  arrived at a Parcelway facility (in transit)
//	DP  departed a Parcelway facility (in transit)
//	OD  out for delivery
//	AT  delivery attempted; reason NH no one home, RF refused, AD address problem
//	PA  available for pickup at a Parcelway point
//	DL  delivered; "cod_collected" when the driver collected cash on delivery
//	EX  exception; reason DM damaged, DL delayed, CU held in customs, WE weather, AD address problem
//	RS  returned to sender
//	LO  lost
//
// Reasons are open-ended: Parcelway may add codes, with their words in
// "description".
//
// # Webhooks
//
// Parcelway posts new events to the account's webhook URL in batches:
//
//	POST <webhook URL>              Parcelway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the webhook secret>
//	                                {"id":"wh_...","type":"tracking.updated","created_at","events":[event...]}
//
// A 2xx answer acknowledges the batch; otherwise its events are sent again
// in a later batch (with a new batch id; the events keep theirs). A batch
// may arrive more than once and its events in any order, so a receiver
// deduplicates by event id and orders by occurred_at. More than one v1
// signature may be present while a secret is being rolled; other schemes
// are to be ignored.
package sim
