package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/bench"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/people"
)

// BenchConsoleCmd measures the console's order pages on a large database.
type BenchConsoleCmd struct {
	Database string `name:"database" default:"sqlite" help:"sqlite (a fresh file in --dir) or a postgres:// URL (a fresh schema there, dropped after)."`
	Dir      string `name:"dir" help:"Folder for the SQLite file (default: a temporary folder)."`
	Orders   int    `name:"orders" default:"1000000" help:"Orders to load before measuring."`
	SKUs     int    `name:"skus" default:"10000" help:"Products in the catalogue."`
	Samples  int    `name:"samples" default:"100" help:"Requests per page or search measured."`
	Seed     uint64 `name:"seed" default:"1" help:"Seed of the load and of the searches' choices."`
	JSON     bool   `name:"json" help:"Print the figures as one JSON object."`
}

// baselineSamples caps the baseline's samples: where it scans the table,
// each takes seconds at a million orders.
const baselineSamples = 10

// consoleFigure is one page or search: its latency over the samples, and
// the baseline's (the catch-all list query) where one applies.
type consoleFigure struct {
	Name       string  `json:"name"`
	P50ms      float64 `json:"p50_ms"`
	P95ms      float64 `json:"p95_ms"`
	MaxMs      float64 `json:"max_ms"`
	BaseP50ms  float64 `json:"baseline_p50_ms,omitempty"`
	BaseP95ms  float64 `json:"baseline_p95_ms,omitempty"`
	Rows       int     `json:"rows_on_last_page"`
	UnderLimit bool    `json:"p95_under_100ms"`
}

type consoleReport struct {
	Database string          `json:"database"`
	Orders   int             `json:"orders"`
	LoadSecs float64         `json:"load_seconds"`
	Samples  int             `json:"samples"`
	Figures  []consoleFigure `json:"figures"`
}

// Run loads the orders, serves the real server on loopback, signs in as an
// administrator and times each page and search over HTTP, as a browser
// asks for it; the list searches are also timed as the catch-all query.
func (c *BenchConsoleCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	if c.Orders < 1000 || c.Orders > 20_000_000 || c.SKUs < 10 || c.Samples < 5 {
		return fmt.Errorf("--orders must be 1000 to 20000000, --skus >= 10, --samples >= 5")
	}
	log := cfg.logger(m.Stderr)
	fresh, err := bench.Fresh(ctx, c.Database, c.Dir)
	if err != nil {
		return err
	}
	defer fresh.Close()
	d, err := db.Open(ctx, fresh.URL, db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	if err := bench.Seed(ctx, d, c.SKUs); err != nil {
		return err
	}
	log.Info("loading orders", "orders", c.Orders, "catalogue_seconds", time.Since(start).Seconds())
	book, err := bench.LoadOrders(ctx, d, c.Orders, c.SKUs, time.Now().UTC(), c.Seed)
	if err != nil {
		return err
	}
	rep := consoleReport{Database: string(d.Dialect()), Orders: c.Orders, LoadSecs: time.Since(start).Seconds(), Samples: c.Samples}
	log.Info("loaded", "seconds", rep.LoadSecs)

	base, stop, err := consoleServer(ctx, d, log)
	if err != nil {
		return err
	}
	defer stop()
	client, err := signedIn(ctx, d, base)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(c.Seed, 11))
	for _, q := range consoleQueries(book) {
		fig := consoleFigure{Name: q.name}
		var times []time.Duration
		for range c.Samples {
			path, _ := q.pick(rng)
			t0 := time.Now()
			rows, err := getPage(ctx, client, base+path)
			if err != nil {
				return fmt.Errorf("%s: %w", q.name, err)
			}
			times = append(times, time.Since(t0))
			fig.Rows = rows
		}
		fig.P50ms, fig.P95ms, fig.MaxMs = quantiles(times)
		if q.baseline {
			times = times[:0]
			for range min(c.Samples, baselineSamples) { // a full scan a sample at a million orders
				_, f := q.pick(rng)
				f.Limit = 51
				t0 := time.Now()
				if _, err := bench.CatchAll(ctx, d, f); err != nil {
					return fmt.Errorf("%s baseline: %w", q.name, err)
				}
				times = append(times, time.Since(t0))
			}
			fig.BaseP50ms, fig.BaseP95ms, _ = quantiles(times)
		}
		fig.UnderLimit = fig.P95ms < 100
		rep.Figures = append(rep.Figures, fig)
		log.Info("measured", "page", q.name, "p95_ms", fig.P95ms)
	}
	if c.JSON {
		return json.NewEncoder(m.Stdout).Encode(rep)
	}
	return printConsoleReport(m.Stdout, rep)
}

// consoleServer serves the real server (every capability and the console)
// over d on a loopback port.
func consoleServer(ctx context.Context, d *db.DB, log *slog.Logger) (string, func(), error) {
	srv, stop, err := newServer(d, log, services{})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		stop()
		return "", nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = hs.Shutdown(ctx); stop() }, nil
}

// signedIn makes an administrator and returns a client holding their session.
func signedIn(ctx context.Context, d *db.DB, base string) (*http.Client, error) {
	const email, password = "bench-admin@example.com", "a long benchmark passphrase"
	store := people.NewStore(d, people.Config{})
	_, token, err := store.Create(actor.With(ctx, actor.CLI("bench")), people.NewPerson{Email: email, Role: actor.Admin})
	if err != nil {
		return nil, err
	}
	if _, err := store.SetPassword(ctx, token, password, "127.0.0.1", ""); err != nil {
		return nil, err
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 60 * time.Second}
	res, err := client.PostForm(base+"/signin", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if !strings.HasSuffix(res.Request.URL.Path, "/orders") {
		return nil, fmt.Errorf("sign-in did not reach the orders page (%s, %d)", res.Request.URL, res.StatusCode)
	}
	return client, nil
}

// getPage fetches a page, fails on anything but 200, and counts the
// orders it lists.
func getPage(ctx context.Context, client *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, err
	}
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %d", u, res.StatusCode)
	}
	return strings.Count(string(body), `href="/orders/ord_`), nil
}

func quantiles(ts []time.Duration) (p50, p95, most float64) {
	slices.Sort(ts)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return ms(ts[len(ts)/2]), ms(ts[(len(ts)*95)/100]), ms(ts[len(ts)-1])
}

func printConsoleReport(w io.Writer, rep consoleReport) error {
	fmt.Fprintf(w, "Console on %s with %d orders (loaded in %.0f s); %d requests each, over HTTP with a signed-in session:\n",
		rep.Database, rep.Orders, rep.LoadSecs, rep.Samples)
	fmt.Fprintf(w, "  %-40s %9s %9s %9s   %s\n", "page", "p50 ms", "p95 ms", "max ms",
		fmt.Sprintf("baseline: the catch-all query alone, p50 / p95 ms of %d", min(rep.Samples, baselineSamples)))
	for _, f := range rep.Figures {
		base := "-"
		if f.BaseP95ms > 0 {
			base = fmt.Sprintf("%.1f / %.1f", f.BaseP50ms, f.BaseP95ms)
		}
		mark := ""
		if !f.UnderLimit {
			mark = "  OVER 100 ms"
		}
		fmt.Fprintf(w, "  %-40s %9.1f %9.1f %9.1f   %s%s\n", f.Name, f.P50ms, f.P95ms, f.MaxMs, base, mark)
	}
	return nil
}
