package gateway

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/bojanz/currency"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/money"
)

// Limits on what a gateway may send. They bound memory and keep absurd values
// out of the order's payment state; the handler should read no more than
// MaxBodyBytes (http.MaxBytesReader) before calling this package.
const (
	MaxBodyBytes   = 256 << 10
	MaxIDLen       = 255
	MaxAmountMinor = money.MaxMinor
)

// Kind is what a payment event means for an order, whatever the gateway
// called it, so the payment state machine has one vocabulary.
type Kind string

// The kinds of payment event. KindIgnored marks a genuine event the order
// flow does not act on; it is acknowledged so the gateway stops retrying.
const (
	KindAuthorized Kind = "authorized"
	KindPaid       Kind = "paid"
	KindFailed     Kind = "failed"
	KindCanceled   Kind = "canceled"
	KindRefunded   Kind = "refunded"
	KindIgnored    Kind = "ignored"
)

// Actionable reports whether events of kind k change an order's payment
// state, and so carry an order reference, an amount and a currency.
func (k Kind) Actionable() bool {
	switch k {
	case KindAuthorized, KindPaid, KindFailed, KindCanceled, KindRefunded:
		return true
	}
	return false
}

// Event is one gateway event in Waybill's terms, whichever gateway and format
// it came from, so the payment state machine and its tests know one shape.
// For KindIgnored only Gateway, EventID, Type, OccurredAt and Raw are set.
type Event struct {
	Gateway     string          // the configured gateway it came from; with EventID, the deduplication key
	EventID     string          // the gateway's event id
	Type        string          // the gateway's own event type, for the order timeline and logs
	Kind        Kind            // what the event means for the order
	OrderRef    string          // the order id or order number the gateway was given
	PaymentID   string          // the gateway's payment id, needed later for refunds; may be empty
	AmountMinor int64           // minor units of Currency; for refunds, the total refunded so far
	Currency    string          // ISO 4217, upper case
	OccurredAt  time.Time       // when the gateway says it happened, UTC; orders out-of-order deliveries
	Raw         json.RawMessage // the body as received, for the audit trail
}

// checkBody refuses bodies no gateway should send before any work is done on them.
func checkBody(body []byte) error {
	var f errs.Fields
	switch {
	case len(body) == 0:
		f.Add("body", errs.CodeRequired, "the event body is empty")
	case len(body) > MaxBodyBytes:
		f.Add("body", errs.CodeTooLong, "the event body must be at most %d bytes, got %d", MaxBodyBytes, len(body))
	}
	return f.Err()
}

// checkID checks an identifier the gateway chose: present, bounded, and
// printable ASCII without spaces, so it is safe in logs, URLs and keys.
func checkID(f *errs.Fields, path, s string) {
	switch {
	case s == "":
		f.Add(path, errs.CodeRequired, "%s is required", path)
	case len(s) > MaxIDLen:
		f.Add(path, errs.CodeTooLong, "%s must be at most %d bytes, got %d", path, MaxIDLen, len(s))
	case !isToken(s):
		f.Add(path, errs.CodeFormat, "%s must be printable ASCII without spaces", path)
	}
}

// checkOptionalID checks an identifier that may be absent.
func checkOptionalID(f *errs.Fields, path, s string) {
	if s != "" {
		checkID(f, path, s)
	}
}

// checkAmount checks an amount in minor units; nil means it was absent.
func checkAmount(f *errs.Fields, path string, v *int64) int64 {
	switch {
	case v == nil:
		f.Add(path, errs.CodeRequired, "%s is required", path)
	case *v < 0 || *v > MaxAmountMinor:
		f.Add(path, errs.CodeOutOfRange, "%s must be between 0 and %d minor units, got %d", path, int64(MaxAmountMinor), *v)
	default:
		return *v
	}
	return 0
}

// checkCurrency checks an ISO 4217 code in either case, as Stripe sends lower
// case, and returns it upper-cased. Only ASCII letters count: Unicode case
// mapping would turn "ınr" into "INR".
func checkCurrency(f *errs.Fields, path, s string) string {
	isLetter := func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }
	c := strings.ToUpper(s) // only used once s is known to be ASCII letters
	switch {
	case s == "":
		f.Add(path, errs.CodeRequired, "%s is required, e.g. EUR", path)
	case len(s) != 3 || strings.ContainsFunc(s, func(r rune) bool { return !isLetter(r) }):
		f.Add(path, errs.CodeFormat, "%s must be three letters (ISO 4217)", path)
	case !currency.IsValid(c):
		f.Add(path, errs.CodeUnknown, "%s: %s is not an ISO 4217 currency", path, c)
	default:
		return c
	}
	return ""
}

// isToken reports whether s is printable ASCII without spaces.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// rawCopy keeps the body apart from the caller's buffer, which an HTTP
// server may reuse once the handler returns.
func rawCopy(body []byte) json.RawMessage {
	return append(json.RawMessage(nil), body...)
}
