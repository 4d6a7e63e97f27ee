// Package httpcarrier is the ship stage's client for an external carrier
// speaking the Parcelway wire format (see package sim for the format): it
// implements ship.Carrier over HTTP with a timeout per call, bounded retries
// that reuse the booking's idempotency key, and errors mapped to the kinds
// the packer and the operator act on; and ship.Tracker, checking the
// carrier's signed webhooks and polling its tracking endpoint, with every
// Parcelway event code mapped to Waybill's normalised statuses.
package httpcarrier

import (
	"cmp"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/ship"
)

// MaxResponse is the largest answer read from a carrier; a larger one is
// treated as a broken answer, never buffered whole.
const MaxResponse = 1 << 20

// Secret is a credential: an API key or a webhook secret. It prints and
// logs as "[redacted]", so a config dump or a log line with the client in
// it never shows it.
type Secret string

// String hides the key.
func (Secret) String() string { return "[redacted]" }

// LogValue hides the key from slog.
func (Secret) LogValue() slog.Value { return slog.StringValue("[redacted]") }

// Config sets up a client for one carrier account.
type Config struct {
	Code          string        // the carrier's code in Waybill ("parcelway"); required
	BaseURL       string        // "https://api.parcelway.example"; required
	APIKey        Secret        // sent as X-Api-Key; required
	Timeout       time.Duration // per attempt; default 10s
	MaxAttempts   int           // attempts per call, retries included; default 4
	Backoff       time.Duration // wait before the first retry, doubling after; default 250ms
	MaxBackoff    time.Duration // cap on one wait, also on a Retry-After; default 10s
	HTTPClient    *http.Client  // default: a client with no timeout of its own (Timeout rules)
	Logger        *slog.Logger  // retries are logged at warn level; default: discarded
	MaxRetryAfter time.Duration // a Retry-After longer than this gives up at once; default 30s

	WebhookSecret Secret      // checks the Parcelway-Signature of webhooks; empty: webhooks are refused (errs.NotFound)
	Polls         bool        // the track stage is to poll this carrier (Tracker.Polls)
	Clock         clock.Clock // judges a webhook signature's age; default: the real clock
}

// Client is an external carrier reached over HTTP.
type Client struct {
	cfg  Config
	base *url.URL
}

var (
	_ ship.Carrier = (*Client)(nil)
	_ ship.Tracker = (*Client)(nil)
)

// New checks cfg, fills its defaults and returns the client.
func New(cfg Config) (*Client, error) {
	if cfg.Code == "" || cfg.APIKey == "" {
		return nil, errors.New("httpcarrier: a carrier code and an API key are required")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, errors.New("httpcarrier: the base URL must be an absolute http(s) URL")
	}
	cfg.Timeout = cmp.Or(cfg.Timeout, 10*time.Second)
	cfg.MaxAttempts = cmp.Or(cfg.MaxAttempts, 4)
	cfg.Backoff = cmp.Or(cfg.Backoff, 250*time.Millisecond)
	cfg.MaxBackoff = cmp.Or(cfg.MaxBackoff, 10*time.Second)
	cfg.MaxRetryAfter = cmp.Or(cfg.MaxRetryAfter, 30*time.Second)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	return &Client{cfg: cfg, base: base}, nil
}

// Code is the carrier's code in Waybill.
func (c *Client) Code() string { return c.cfg.Code }

// Polls reports whether the track stage is to poll the carrier, as
// configured: Parcelway sends webhooks, but an account may not have them set
// up, or an operator may not trust them to arrive.
func (c *Client) Polls() bool { return c.cfg.Polls }
