package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bojanz/currency"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/console"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment/gateway"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/httpcarrier"
	"github.com/waybill/waybill/internal/webhook"
)

// ServeCmd runs the HTTP API.
type ServeCmd struct {
	Addr  string        `name:"addr" env:"WAYBILL_ADDR" default:"127.0.0.1:8080" help:"Listen address."`
	Grace time.Duration `name:"shutdown-grace" env:"WAYBILL_SHUTDOWN_GRACE" default:"15s" help:"How long in-flight requests may finish on shutdown."`
	// PublicURL is where customers reach this server's public pages.
	PublicURL string `name:"public-url" env:"WAYBILL_PUBLIC_URL" help:"The address customers reach this server's public tracking pages at (https://track.example.com); the shipped and tracking notices link each parcel's page /track/{token} there. Empty: no links to them."`
}

// Run serves until ctx ends.
func (c *ServeCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	log := cfg.logger(m.Stderr)
	svc, err := cfg.services()
	if err != nil {
		return err
	}
	if svc.publicURL, err = publicURL(c.PublicURL); err != nil {
		return err
	}
	ln, err := listen(c.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	d, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	return serve(ctx, m, log, d, svc, ln, c.Grace)
}

// listen binds addr before any other work, so a port already taken fails
// the command at once with the address named, not after minutes of
// migrating or loading.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s (is another waybill running there? choose another address with --addr): %w", addr, err)
	}
	return ln, nil
}

// publicURL checks --public-url: empty, or an absolute http(s) address
// without query or fragment, returned without its trailing slash.
func publicURL(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--public-url must be an http(s) address such as https://track.example.com, got %q", raw)
	}
	return strings.TrimRight(raw, "/"), nil
}

// services builds the outside parties from the configuration, before any
// database work, so a bad setting fails the command at once.
func (cfg *Config) services() (services, error) {
	gateways, err := cfg.gateways()
	if err != nil {
		return services{}, err
	}
	notifier, err := cfg.notifier()
	if cfg.MergeWindow < 0 || cfg.MergeWindow > 7*24*time.Hour {
		return services{}, fmt.Errorf("--merge-window must be between 0 and 168h, got %s", cfg.MergeWindow)
	}
	if err != nil {
		return services{}, err
	}
	fees, err := parseFees(cfg.GiftWrapFee)
	if err != nil {
		return services{}, fmt.Errorf("--gift-wrap-fee: %w", err)
	}
	if cfg.WebhookDisableAfter < time.Hour || cfg.WebhookDisableAfter > 90*24*time.Hour {
		return services{}, fmt.Errorf("--webhook-disable-after must be between 1h and 2160h, got %s", cfg.WebhookDisableAfter)
	}
	if cfg.SessionIdle < time.Minute || cfg.SessionIdle > 12*time.Hour {
		return services{}, fmt.Errorf("--session-idle must be between 1m and 12h, got %s", cfg.SessionIdle)
	}
	proxies, err := httpapi.ParseProxies(cfg.TrustedProxies)
	if err != nil {
		return services{}, fmt.Errorf("--trusted-proxies: %w", err)
	}
	webhooks := webhook.Config{AllowHTTP: cfg.WebhookAllowHTTP, AllowPrivate: cfg.WebhookAllowPrivate,
		DisableAfter: cfg.WebhookDisableAfter}
	carriers, err := cfg.carriers()
	if err != nil {
		return services{}, err
	}
	return services{gateways: gateways, notifier: notifier, mergeWindow: cfg.MergeWindow, giftWrapFees: fees,
		metricsToken: cfg.MetricsToken, webhooks: webhooks, sessionIdle: cfg.SessionIdle, trustedProxies: proxies,
		carriers: carriers}, nil
}

// carriers builds the external carrier, when one is configured: a
// Parcelway-style JSON API at --carrier-url with its key from
// WAYBILL_CARRIER_KEY (set it in the environment, not on the command line,
// where the process list shows it), tracked by its webhooks (signed with
// WAYBILL_CARRIER_WEBHOOK_SECRET) or by polling (--carrier-polls).
func (cfg *Config) carriers() ([]ship.Carrier, error) {
	if cfg.CarrierURL == "" {
		return nil, nil
	}
	c, err := httpcarrier.New(httpcarrier.Config{Code: cfg.CarrierCode, BaseURL: cfg.CarrierURL, APIKey: httpcarrier.Secret(cfg.CarrierKey),
		WebhookSecret: httpcarrier.Secret(cfg.CarrierHook), Polls: cfg.CarrierPolls})
	if err != nil {
		return nil, fmt.Errorf("--carrier-url: %w", err)
	}
	return []ship.Carrier{c}, nil
}

// parseFees reads "USD=500,EUR=450": ISO 4217 codes and minor units.
func parseFees(s string) (map[string]int64, error) {
	fees := map[string]int64{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		code, amount, ok := strings.Cut(part, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(amount), 10, 64)
		code = strings.ToUpper(strings.TrimSpace(code))
		if !ok || err != nil || n < 0 || n > 100_000_000 || !currency.IsValid(code) {
			return nil, fmt.Errorf("%q is not CURRENCY=minor units (e.g. USD=500)", part)
		}
		fees[code] = n
	}
	return fees, nil
}

// gateways builds the payment-event verifiers from --gateways.
func (cfg *Config) gateways() (map[string]*gateway.Verifier, error) {
	cfgs, err := gateway.ParseConfig(cfg.Gateways)
	if err != nil {
		return nil, fmt.Errorf("--gateways: %w", err)
	}
	return gateway.NewVerifiers(cfgs, clock.Real{})
}

// services are the outside parties the server talks to and the policies
// that shape its work, from the config.
type services struct {
	gateways       map[string]*gateway.Verifier
	notifier       order.Notifier
	mergeWindow    time.Duration
	giftWrapFees   map[string]int64
	metricsToken   string
	webhooks       webhook.Config
	sessionIdle    time.Duration // a console session ends after this long unused
	trustedProxies []netip.Prefix
	carriers       []ship.Carrier // external carriers, over HTTP
	publicURL      string         // where customers reach the public tracking pages; empty: not linked
}

// newServer wires every capability onto one HTTP server, and the console
// beside the API. It is the single place that lists what the API offers.
// stop ends the background work the capabilities started (the order
// engine); call it after the server has drained its requests.
func newServer(d *db.DB, log *slog.Logger, svc services) (srv *httpapi.Server, stop func(), err error) {
	keys := auth.NewKeys(d)
	// The operator's rules (PATCH /v1/settings), read through one cache by
	// the idempotency layer, intake and review.
	settings := setting.NewStore(d)
	retention := func(ctx context.Context) (time.Duration, error) {
		v, err := settings.Current(ctx)
		return v.IdempotencyRetention, err
	}
	srv = httpapi.New(httpapi.Options{Version: buildVersion(), Logger: log, Auth: keys, Ready: d.Ping, Idempotency: d,
		IdempotencyTTL: retention, MetricsToken: svc.metricsToken, TrustedProxies: svc.trustedProxies})
	api := srv.API()
	auth.Register(api, keys)
	audit.Register(api, d)
	setting.Register(api, settings)
	persons := people.NewStore(d, people.Config{IdleTimeout: svc.sessionIdle})
	people.Register(api, persons)
	wired, stop := registerCapabilities(api, srv.Registry(), d, log, svc, settings,
		job.Purger{What: "ended console sessions and set-up links", Purge: persons.Purge})
	// The console's pages mirror operations registered above and take
	// their roles from them, so it is built last.
	c, err := console.New(console.Config{API: api, People: persons, Keys: keys, Log: log,
		Products: wired.Products, Warehouses: wired.Warehouses, Stock: wired.Stock, Orders: wired.Orders,
		Review: wired.Review, Payments: wired.Payments, Shortages: wired.Shortages,
		Fulfilments: wired.Fulfilments, Floor: wired.Floor, Packing: wired.Packing, Settings: wired.Settings,
		Shipping: wired.Shipping, Tracking: wired.Tracking})
	if err != nil {
		stop()
		return nil, nil, err
	}
	c.Mount(srv)
	return srv, stop, nil
}

// serve answers on ln, which the caller bound before its database work.
func serve(ctx context.Context, m *Main, log *slog.Logger, d *db.DB, svc services, ln net.Listener, grace time.Duration) error {
	log.Info("waybill listening", "addr", ln.Addr().String(), "db", string(d.Dialect()), "version", buildVersion())
	if m.OnListen != nil {
		m.OnListen(ln.Addr().String())
	}
	srv, stop, err := newServer(d, log, svc)
	if err != nil {
		return err
	}
	err = srv.Serve(ctx, ln, grace)
	stop()
	log.Info("waybill stopped")
	return err
}
