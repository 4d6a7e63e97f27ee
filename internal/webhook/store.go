package webhook

import (
	"net"
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
)

// Store keeps endpoints, deliveries and their attempts, and sends them.
type Store struct {
	db     *db.DB
	cfg    Config
	clk    clock.Clock
	client *http.Client
}

// Sender is the actor of what deliveries change (an endpoint disabled for
// failing), in the audit log.
var Sender = actor.Actor{ID: "webhook", Name: "webhook delivery", Role: actor.Admin, RemoteAddr: "local"}

// NewStore returns a store over d with cfg's settings.
func NewStore(d *db.DB, cfg Config) *Store {
	cfg = cfg.withDefaults()
	clk := cfg.Clock
	if clk == nil {
		clk = d.Clock()
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: cfg.control}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would connect on our behalf, past the address check
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	client := &http.Client{Transport: transport, Timeout: cfg.Timeout,
		// A redirect is an answer, not an instruction: following it would
		// send the signed event somewhere nobody subscribed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Store{db: d, cfg: cfg, clk: clk, client: client}
}

func (s *Store) now() time.Time { return s.clk.Now().UTC().Truncate(time.Microsecond) }
