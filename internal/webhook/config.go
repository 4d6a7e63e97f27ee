package webhook

import (
	"context"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/job"
)

// Resolver looks up a host's addresses; *net.Resolver is one. Tests give
// their own so that checking a URL at creation needs no DNS.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Config is the operator's say over outbound webhooks. The zero value is the
// production default: HTTPS only, no private or loopback targets.
type Config struct {
	// AllowHTTP admits http:// endpoints (a lab, a receiver on the same host).
	AllowHTTP bool
	// AllowPrivate admits loopback, private, link-local and other
	// non-public targets, at creation and at connect time.
	AllowPrivate bool
	// Timeout bounds one attempt, connect to last byte read (default 10 s).
	Timeout time.Duration
	// Backoff is the delay after the n-th failed attempt before the next
	// (default job.Exponential(time.Minute, 12h): 1, 2, 4 … minutes up to
	// half a day, with jitter).
	Backoff func(attempt int) time.Duration
	// MaxAttempts bounds the attempts of one delivery, replays included
	// (default 20: about six days with the default back-off).
	MaxAttempts int
	// DisableAfter disables an endpoint whose attempts have all failed for
	// this long (default 5 days).
	DisableAfter time.Duration
	// Retention is how long finished deliveries (delivered or failed) and
	// their log are kept (default 30 days); Purge deletes older ones.
	Retention time.Duration
	// PollInterval is how often the dispatcher looks for new events (default 1 s).
	PollInterval time.Duration
	// Batch caps the events one dispatch takes (default 200).
	Batch int
	// Resolver checks endpoint hosts at creation (default net.DefaultResolver).
	Resolver Resolver
	// Clock stamps attempts and schedules; nil uses the database's.
	Clock clock.Clock
	// Log receives auto-disables and dispatch failures; nil discards.
	Log *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Backoff == nil {
		c.Backoff = job.Exponential(time.Minute, 12*time.Hour, nil)
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 20
	}
	if c.DisableAfter <= 0 {
		c.DisableAfter = 5 * 24 * time.Hour
	}
	if c.Retention <= 0 {
		c.Retention = 30 * 24 * time.Hour
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	if c.Batch <= 0 {
		c.Batch = 200
	}
	if c.Resolver == nil {
		c.Resolver = net.DefaultResolver
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return c
}
