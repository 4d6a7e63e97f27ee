// Package webhook sends Waybill's order events to the systems that
// subscribe to them: endpoints (a URL, the event types wanted, a secret the
// server issues), one delivery per (event, endpoint) made by a dispatcher
// that reads the changes feed (order.ReadFeed) with a cursor of its own, and
// attempts run as durable jobs, signed with Standard Webhooks, retried with
// exponential back-off, logged, replayable. An endpoint that keeps failing
// for DisableAfter is disabled, and says so.
//
// The events come from the feed rather than from a hook in order, so the
// order stage does not know webhooks exist, and a delivery is made exactly
// once per event however often the dispatcher runs or restarts.
package webhook
