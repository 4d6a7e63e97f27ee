package gateway

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
)

// Scheme names how a gateway signs its events, and so which body format it
// posts: Standard Webhooks with Waybill's generic format, or Stripe's own.
type Scheme string

// The supported schemes.
const (
	SchemeStandard Scheme = "standard"
	SchemeStripe   Scheme = "stripe"
)

// DefaultTolerance is how far a signature timestamp may be from the clock,
// either way, when Config.Tolerance is zero: five minutes, as both Standard
// Webhooks and Stripe recommend against replays.
const DefaultTolerance = 5 * time.Minute

// Why a signature was refused. Each is the cause of an errs.Unauthorized
// error, so logs and metrics can tell the checks apart with errors.Is.
var (
	ErrMissingHeader       = errors.New("signature header missing")
	ErrMalformedHeader     = errors.New("signature header malformed")
	ErrStaleTimestamp      = errors.New("signature timestamp too old")
	ErrFutureTimestamp     = errors.New("signature timestamp too far in the future")
	ErrNoMatchingSignature = errors.New("no matching signature")
)

// Config is one payment gateway as the operator set it up: its name, how it
// signs and its secret, plus the previous secret while a rotation runs.
type Config struct {
	Gateway        string        // the name events are recorded under, e.g. "stripe" or "acme-pay"
	Scheme         Scheme        // SchemeStandard or SchemeStripe
	Secret         string        // Standard: "whsec_" + base64 of 24-64 bytes; Stripe: the endpoint secret as given
	PreviousSecret string        // also accepted while the gateway moves to Secret; empty otherwise
	Tolerance      time.Duration // zero means DefaultTolerance
}

// Verifier checks and parses the events of one configured gateway, so the
// HTTP handler needs one call per request.
type Verifier struct {
	gateway   string
	scheme    Scheme
	keys      [][]byte // current first
	tolerance time.Duration
	clock     clock.Clock
}

// New checks cfg and returns its verifier. It refuses a short or undecodable
// secret at start-up rather than failing every event later.
func New(cfg Config, clk clock.Clock) (*Verifier, error) {
	var f errs.Fields
	if cfg.Gateway == "" || len(cfg.Gateway) > 64 || !isToken(cfg.Gateway) {
		f.Add("gateway", errs.CodeFormat, "gateway must be 1-64 printable ASCII characters without spaces")
	}
	if cfg.Tolerance < 0 || cfg.Tolerance > 24*time.Hour {
		f.Add("tolerance", errs.CodeOutOfRange, "tolerance must be between 0 (default) and 24h, got %s", cfg.Tolerance)
	}
	if clk == nil {
		f.Add("clock", errs.CodeRequired, "a clock is required")
	}
	var keyOf func(string) ([]byte, error)
	switch cfg.Scheme {
	case SchemeStandard:
		keyOf = standardKey
	case SchemeStripe:
		keyOf = stripeKey
	default:
		f.Add("scheme", errs.CodeUnknown, "scheme must be %q or %q, got %q", SchemeStandard, SchemeStripe, cfg.Scheme)
	}
	v := &Verifier{gateway: cfg.Gateway, scheme: cfg.Scheme, clock: clk,
		tolerance: cmp.Or(cfg.Tolerance, DefaultTolerance)}
	secrets := []struct{ path, secret string }{{"secret", cfg.Secret}, {"previous_secret", cfg.PreviousSecret}}
	for _, s := range secrets {
		if keyOf == nil || (s.secret == "" && s.path == "previous_secret") {
			continue
		}
		key, err := keyOf(s.secret)
		if err != nil {
			f.Add(s.path, errs.CodeFormat, "%s: %v", s.path, err)
			continue
		}
		v.keys = append(v.keys, key)
	}
	if err := f.Err(); err != nil {
		return nil, fmt.Errorf("payment gateway %q: %w", cfg.Gateway, err)
	}
	return v, nil
}

// Gateway returns the configured name, which the handler routes by.
func (v *Verifier) Gateway() string { return v.gateway }

// Verify checks that body was signed by the gateway within the tolerance.
// It returns nil, an errs.Unauthorized error whose cause says which check
// failed, or an errs.Invalid error for an empty or oversized body.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	if err := checkBody(body); err != nil {
		return err
	}
	if v.scheme == SchemeStripe {
		return v.verifyStripe(h, body)
	}
	return v.verifyStandard(h, body)
}

// Receive verifies body and parses it in the gateway's format: the one call
// the HTTP handler makes before applying the event.
func (v *Verifier) Receive(h http.Header, body []byte) (Event, error) {
	if err := v.Verify(h, body); err != nil {
		return Event{}, err
	}
	if v.scheme == SchemeStripe {
		return ParseStripe(v.gateway, body)
	}
	return ParseGeneric(v.gateway, body)
}

// checkTimestamp refuses a signature timestamp (Unix seconds) outside the
// tolerance of the clock. It works in whole seconds, so no value overflows.
func (v *Verifier) checkTimestamp(label string, ts int64) error {
	now := v.clock.Now().Unix()
	tol := int64(v.tolerance / time.Second)
	switch {
	case ts < now-tol:
		return refuse(ErrStaleTimestamp, "%s is %ds old; the tolerance is %s", label, now-ts, v.tolerance)
	case ts > now+tol:
		return refuse(ErrFutureTimestamp, "%s is %ds ahead of our clock; the tolerance is %s", label, ts-now, v.tolerance)
	}
	return nil
}

// refuse builds the Unauthorized error for a failed check; the message says
// what failed and never what the right signature would have been.
func refuse(cause error, format string, args ...any) error {
	return errs.Wrap(errs.Unauthorized, cause, "payment event refused: "+fmt.Sprintf(format, args...))
}

// oneHeader returns the single value of header name, refusing a missing,
// repeated or oversized one: a gateway sends each exactly once.
func oneHeader(h http.Header, name string, limit int) (string, error) {
	vals := h.Values(name)
	switch {
	case len(vals) == 0 || vals[0] == "":
		return "", refuse(ErrMissingHeader, "missing %s header", name)
	case len(vals) > 1:
		return "", refuse(ErrMalformedHeader, "%s header sent %d times", name, len(vals))
	case len(vals[0]) > limit:
		return "", refuse(ErrMalformedHeader, "%s header longer than %d bytes", name, limit)
	}
	return vals[0], nil
}

// parseUnix parses a Unix timestamp in seconds as gateways write it: decimal
// digits, no sign, no leading zero, at most 12 digits (year 33658).
func parseUnix(s string) (int64, bool) {
	if s == "" || len(s) > 12 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}
