// Package httpapi is Waybill's HTTP edge: the /v1 API (huma on net/http,
// OpenAPI 3.1), problem+json errors, API-key roles, request limits, health,
// metrics and the reference page. Capability packages register their own
// operations on the API it builds.
package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
)

func init() {
	// huma builds its own errors through this hook; route them into Problem.
	huma.NewError = newHumaError
}

// Authenticator turns a presented API key into the actor it stands for.
type Authenticator interface {
	Authenticate(ctx context.Context, key string) (actor.Actor, error)
}

// Options configure a Server.
type Options struct {
	Version string
	Logger  *slog.Logger
	Auth    Authenticator
	// Ready reports whether the server can take traffic (the database answers).
	Ready func(context.Context) error
	// MaxBodyBytes caps request bodies (default 1 MiB; operations may raise it).
	MaxBodyBytes int64
	// Idempotency, when set, stores answers to writes sent with an
	// Idempotency-Key for as long as IdempotencyTTL says when each is
	// stored (the operator's setting; nil keeps them 24 h).
	Idempotency    *db.DB
	IdempotencyTTL func(context.Context) (time.Duration, error)
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (ParseProxies); the audit log and the sign-in limit see
	// the client's address, not the proxy's. Empty: the peer is the client.
	TrustedProxies []netip.Prefix
}

// Server is the HTTP edge. Build it, let capabilities register on API(), then
// serve Handler().
type Server struct {
	api     *API
	mux     *http.ServeMux
	log     *slog.Logger
	metrics *metrics
	opts    Options
	pages   func(w http.ResponseWriter, r *http.Request, status int) // unmatched pages for people
	running sync.Map                                                 // *runningRequest, while its handler runs
}

// runningRequest is a request whose handler has not returned, named when
// a shutdown's grace ends before it does.
type runningRequest struct {
	id, method, path string
	since            time.Time
}

// HandleUnmatchedPages answers what no route takes with fn instead of a
// problem document when a browser asks (Accept names text/html) for a
// path outside the API (/v1/...): the console's own "no such page".
func (s *Server) HandleUnmatchedPages(fn func(w http.ResponseWriter, r *http.Request, status int)) {
	s.pages = fn
}

// New builds the server with its public endpoints in place.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	mux := http.NewServeMux()
	config := huma.DefaultConfig("Waybill API", opts.Version)
	config.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	config.Info.Description = "Order-to-delivery for e-commerce. Authenticate with `Authorization: Bearer <API key>`; " +
		"each operation lists the roles it admits. Errors are RFC 9457 problem+json with one entry per invalid field."
	config.CreateHooks = nil // no $schema links in bodies
	config.DocsPath = ""     // our own page, which needs no CDN
	config.SchemasPath = ""
	config.Formats = map[string]huma.Format{"application/json": jsonFormat, "json": jsonFormat}
	config.RejectUnknownQueryParameters = true
	config.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "An API key from `waybill apikey create`"},
	}
	s := &Server{mux: mux, log: opts.Logger, opts: opts, metrics: newMetrics()}
	s.api = &API{API: humago.New(mux, config), log: opts.Logger}
	s.api.UseMiddleware(s.authenticate)
	if opts.Idempotency != nil {
		ttl := opts.IdempotencyTTL
		if ttl == nil {
			ttl = func(context.Context) (time.Duration, error) { return 24 * time.Hour, nil }
		}
		s.api.UseMiddleware((&idempotency{db: opts.Idempotency, ttl: ttl}).middleware)
	}

	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", s.ready)
	mux.Handle("GET /metrics", requireToken(opts.MetricsToken, promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})))
	mux.HandleFunc("GET /docs", s.docs)
	return s
}

// API is where capabilities register operations.
func (s *Server) API() *API { return s.api }

// Handler is the whole HTTP surface with its middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverPanics(s.withRequest(s.unmatched(s.mux)))
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	if s.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.opts.Ready(ctx); err != nil {
			s.log.WarnContext(r.Context(), "not ready", "err", err)
			http.Error(w, "not ready\n", http.StatusServiceUnavailable)
			return
		}
	}
	_, _ = w.Write([]byte("ready\n"))
}

// Serve answers on ln until ctx ends, then drains in-flight requests for up
// to grace before closing.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	// Connections that have not sent a request yet (a browser's preconnect,
	// a client's spare dial) are closed when the shutdown begins, and any
	// accepted after: net/http would wait up to 5 s for their first request,
	// longer than a short grace (the demo's). No answer is lost: a request
	// whose first bytes arrive at that instant is refused as one arriving
	// after the listener closed would be (the client sees the connection
	// close unanswered; a retry with its Idempotency-Key is safe).
	var (
		mu       sync.Mutex
		silent   = map[net.Conn]struct{}{} // in http.StateNew
		draining bool
	)
	srv.ConnState = func(c net.Conn, st http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case st != http.StateNew:
			delete(silent, c)
		case draining:
			c.Close()
		default:
			silent[c] = struct{}{}
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	mu.Lock()
	draining = true
	for c := range silent {
		c.Close()
	}
	mu.Unlock()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if err != nil {
		s.running.Range(func(k, _ any) bool {
			r := k.(*runningRequest)
			s.log.Warn("still running when the shutdown grace ended", "method", r.method, "path", r.path,
				"request_id", r.id, "running_for", time.Since(r.since).Round(time.Millisecond))
			return true
		})
	}
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}

type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waybill_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "waybill_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"method", "route"}),
	}
	m.registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry lets other components publish their own metrics on /metrics.
func (s *Server) Registry() prometheus.Registerer { return s.metrics.registry }

// Handle mounts h on the mux the API uses, beside it (the console's pages
// and assets). Patterns must not overlap the API's /v1 paths; the API's
// behaviour, and the problem answers for unmatched paths, are unchanged.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// RequestID returns the id the server gave the request of ctx ("" outside
// one), for handlers mounted with Handle that write audit entries.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
