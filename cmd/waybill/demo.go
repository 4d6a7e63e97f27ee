package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/demo"
	"github.com/waybill/waybill/internal/demo/shop"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/payment/gateway"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/table"
)

// demoGateway is the payment gateway every demo has, with a secret made
// for the run, so a newcomer can pay a prepaid order with `waybill pay`.
const demoGateway = "demo"

// DemoCmd serves a fresh SQLite database loaded with demo data.
type DemoCmd struct {
	Addr string `name:"addr" env:"WAYBILL_ADDR" default:"127.0.0.1:8080" help:"Listen address."`
	Dir  string `name:"dir" help:"Folder for the demo database, created if missing and kept (default: a new temporary folder, removed when the demo stops)."`
	Keep bool   `name:"keep" help:"Keep the temporary folder and its database when the demo stops."`
	Seed uint64 `name:"seed" default:"1" help:"Seed of the demo data and of the order stream; the same seed gives the same data and orders."`
	// The order stream (internal/demo/shop).
	Quiet   bool          `name:"quiet" help:"No stream of orders: the demo starts with none and only the orders you place arrive."`
	Every   time.Duration `name:"order-every" default:"3s" help:"Time between the stream's orders."`
	Burst   int           `name:"burst" default:"20" help:"Orders the stream places at once when the demo starts."`
	Baskets string        `name:"baskets" default:"../shared/data/instacart" help:"Folder of the Instacart basket sample the stream takes its basket shapes from (built-in shapes when it is absent)."`
	// The carriers' side.
	CourierEvery time.Duration `name:"courier-every" default:"20s" help:"Time between the demo couriers' scans of every parcel on its way (picked up to delivered); 0 turns them off."`
	// The floor.
	AutoWaves bool `name:"auto-waves" help:"Every warehouse releases waves by itself every minute (cluster carts of 8), so pick tasks appear without anyone releasing them."`
}

// Run binds the address, creates the database, loads it, prints an admin
// key and a payment gateway's secret with examples, and serves until ctx
// ends (Ctrl-C).
func (c *DemoCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	log := cfg.logger(m.Stderr)
	secret, err := c.addGateway(cfg)
	if err != nil {
		return err
	}
	svc, err := cfg.services()
	if err != nil {
		return err
	}
	// The port first: a demo already running must not cost a load and a
	// printed key that cannot be used.
	ln, err := listen(c.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	svc.publicURL = "http://" + ln.Addr().String() // the notices link the demo's public tracking pages
	dir, cleanup, err := c.folder()
	if err != nil {
		return err
	}
	defer cleanup() // after d.Close below: deferred calls run last first
	path := filepath.Join(dir, fmt.Sprintf("waybill-demo-%d.db", time.Now().UnixNano()))
	d, err := db.Open(ctx, "sqlite:"+path, db.Options{SQLiteSynchronous: cfg.SQLiteSync})
	if err != nil {
		return fmt.Errorf("demo database in %s: %w", dir, err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	sum, err := demo.Load(ctx, d, c.Seed)
	if err != nil {
		return err
	}
	_, key, err := auth.NewKeys(d).Create(actor.With(ctx, actor.CLI("demo")), "demo admin", actor.Admin)
	if err != nil {
		return err
	}
	if err := demoCartons(ctx, d); err != nil {
		return err
	}
	signIns, err := demoPeople(ctx, d)
	if err != nil {
		return err
	}
	if err := demoCarriers(ctx, d); err != nil {
		return err
	}
	if c.AutoWaves {
		if err := autoWaves(ctx, d); err != nil {
			return err
		}
	}
	stream := &shop.Stream{About: "No orders arrive by themselves (--quiet): place them through the API.\n"}
	if !c.Quiet {
		stream, err = shop.Prepare(ctx, d, shop.Options{URL: "http://" + ln.Addr().String(), Gateway: demoGateway,
			Secret: secret, Seed: c.Seed, Every: c.Every, Burst: c.Burst, Baskets: c.Baskets, Log: log})
		if err != nil {
			return err
		}
	}
	couriers := &shop.Couriers{About: "No courier scans parcels (--courier-every 0): post carrier events to /v1/tracking-events.\n"}
	if c.CourierEvery > 0 {
		couriers, err = shop.PrepareCouriers(ctx, d, "http://"+ln.Addr().String(), c.CourierEvery, c.Seed, log)
		if err != nil {
			return err
		}
	}
	kept := "it is removed when the demo stops; --keep or --dir keeps it"
	if c.Dir != "" || c.Keep {
		kept = "it is kept when the demo stops"
	}
	addr := ln.Addr().String()
	fmt.Fprintf(m.Stdout, `Waybill demo database: %s (%s)
Loaded in %s: %d products, %d warehouses with %d bins, %d receipts (%d units), %[14]d risk rules, %[15]d shortage policies.

Try it (the API reference is at http://%[9]s/docs):
  export WAYBILL_KEY=%[10]s
  curl -s -H "Authorization: Bearer $WAYBILL_KEY" 'http://%[9]s/v1/products?limit=3'
  curl -s -H "Authorization: Bearer $WAYBILL_KEY" 'http://%[9]s/v1/warehouses'
  curl -s -H "Authorization: Bearer $WAYBILL_KEY" 'http://%[9]s/v1/stock/balances?sku=WB-APP-0001'
  WAYBILL_DB=sqlite:%[1]s go run ./cmd/waybill reconcile

%[11]s
The console (for people) is at http://%[9]s/ ; sign in as any role (the passwords are made for this run):
%[12]s
%[13]s%[16]s
The demo runs in the foreground; Ctrl-C stops it.

Admin API key (shown once):
%[10]s
`, path, kept, time.Since(start).Round(time.Millisecond), sum.Products, sum.Warehouses, sum.Bins, sum.Receipts, sum.Units,
		addr, key, payExample(addr, secret), signIns, stream.About, sum.RiskRules, sum.ShortagePolicies, couriers.About)
	if !c.Quiet {
		stream.Start(ctx)
		defer stream.Stop() // before d.Close: deferred calls run last first
	}
	if c.CourierEvery > 0 {
		couriers.Start(ctx)
		defer couriers.Stop()
	}
	return serve(ctx, m, log, d, svc, ln, 5*time.Second)
}

// demoCarriers stores the demo's table carriers: one per warehouse, each
// with an economy and an express service.
func demoCarriers(ctx context.Context, d *db.DB) error {
	docs, err := table.DemoDocuments()
	if err != nil {
		return err
	}
	shipping := ship.NewStore(d, ship.Config{})
	ctx = actor.With(ctx, actor.CLI("demo"))
	for _, doc := range docs {
		if _, err := shipping.PutCarrier(ctx, doc, true); err != nil {
			return fmt.Errorf("demo carrier: %w", err)
		}
	}
	return nil
}

// autoWaves sets every demo warehouse's wave rules to release waves by
// themselves all day (a lead of 24 hours), every minute.
func autoWaves(ctx context.Context, d *db.DB) error {
	floor := pick.NewStore(d)
	ctx = actor.With(ctx, actor.CLI("demo"))
	for _, w := range demo.Warehouses() {
		r := pick.DefaultWaveRules(w.Code)
		r.Auto, r.Lead, r.Every = true, 24*60, 1
		if _, err := floor.SetRules(ctx, w.Code, r); err != nil {
			return fmt.Errorf("wave rules of %s: %w", w.Code, err)
		}
	}
	return nil
}

// demoCartons gives every demo warehouse a carton catalogue, so its pack
// station can close parcels: a poly mailer for soft goods, three
// corrugated boxes, a plain one for valuables and a large one for bulky
// orders, each with a stock the packed parcels draw down.
func demoCartons(ctx context.Context, d *db.DB) error {
	store := pack.NewStore(d)
	ctx = actor.With(ctx, actor.CLI("demo"))
	box := func(name, material string, inner [3]int64, wall, tare, maxG, cost, onHand int64, plain bool) pack.Carton {
		outer := [3]int64{inner[0] + 2*wall, inner[1] + 2*wall, inner[2] + 2*wall}
		return pack.Carton{Name: name, InnerMM: inner, OuterMM: outer, TareG: tare, MaxWeightG: maxG, CostMinor: cost,
			Material: material, Plain: plain, OnHand: onHand, Active: true}
	}
	cartons := map[string]pack.Carton{
		"MAILER": box("Poly mailer 350 × 250", "poly_bag", [3]int64{350, 250, 60}, 1, 25, 2000, 12, 400, false),
		"S":      box("Small box 230 × 160 × 110", "corrugated", [3]int64{230, 160, 110}, 4, 150, 5000, 38, 250, false),
		"M":      box("Medium box 350 × 250 × 150", "corrugated", [3]int64{350, 250, 150}, 4, 280, 15000, 62, 200, false),
		"L":      box("Large box 450 × 350 × 250", "corrugated", [3]int64{450, 350, 250}, 5, 520, 25000, 95, 120, false),
		"PLAIN":  box("Plain box 400 × 300 × 200 (valuables)", "corrugated", [3]int64{400, 300, 200}, 5, 380, 20000, 80, 60, true),
		"XL":     box("Extra-large box 600 × 400 × 400", "corrugated", [3]int64{600, 400, 400}, 6, 950, 30000, 150, 40, false),
	}
	for _, w := range demo.Warehouses() {
		for code, c := range cartons {
			if _, err := store.PutCarton(ctx, w.Code, code, c); err != nil {
				return fmt.Errorf("carton %s of %s: %w", code, w.Code, err)
			}
		}
	}
	return nil
}

// demoPeople creates one person per role, each with a random password set
// through their own set-up link as a person would, and returns the lines
// that tell the newcomer how to sign in as each.
func demoPeople(ctx context.Context, d *db.DB) (string, error) {
	store := people.NewStore(d, people.Config{})
	var b strings.Builder
	for _, role := range actor.Roles {
		p, token, err := store.Create(actor.With(ctx, actor.CLI("demo")), people.NewPerson{
			Email: strings.ReplaceAll(string(role), "_", "-") + "@demo.example.com", Role: role})
		if err != nil {
			return "", err
		}
		var raw [12]byte
		_, _ = rand.Read(raw[:])
		password := base64.RawURLEncoding.EncodeToString(raw[:])
		if _, err := store.SetPassword(ctx, token, password, "local", ""); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "  %-18s %-36s password %s\n", role, p.Email, password)
	}
	return b.String(), nil
}

// addGateway adds the demo's payment gateway to the configured ones with a
// new Standard Webhooks secret, and returns the secret.
func (c *DemoCmd) addGateway(cfg *Config) (string, error) {
	if cfgs, err := gateway.ParseConfig(cfg.Gateways); err == nil && cfgs[demoGateway].Gateway != "" {
		return "", fmt.Errorf("--gateways names a gateway %q, which the demo makes itself; rename yours", demoGateway)
	}
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		return "", err
	}
	secret := "whsec_" + base64.StdEncoding.EncodeToString(key[:])
	entry := demoGateway + "=" + string(gateway.SchemeStandard) + ":" + secret
	if strings.TrimSpace(cfg.Gateways) == "" {
		cfg.Gateways = entry
	} else {
		cfg.Gateways += "," + entry
	}
	return secret, nil
}

// payExample is a ready-to-run way to place a prepaid order and pay it:
// the order's answer is piped into `waybill pay`, which signs a
// payment.succeeded event for its total with the demo gateway's secret.
func payExample(addr, secret string) string {
	order := `{"channel":"web","external_ref":"demo-'$(date +%s)'","payment_method":"prepaid","currency":"USD",` +
		`"customer":{"name":"Ada Lovelace","email":"ada@example.com","phone":"+1 650-253-0000"},` +
		`"shipping_address":{"line1":"1600 Amphitheatre Pkwy","city":"Mountain View","region":"CA","postal_code":"94043","country":"US"},` +
		`"lines":[{"sku":"WB-APP-0001","quantity":1}]}`
	return fmt.Sprintf(`Pay a prepaid order: the demo's payment gateway %[3]q checks events signed with this run's secret.
Place an order and pipe its answer to 'waybill pay', which signs a payment.succeeded event for its total:
  export WAYBILL_GATEWAY_SECRET=%[2]s
  curl -s -H "Authorization: Bearer $WAYBILL_KEY" -H 'Content-Type: application/json' 'http://%[1]s/v1/orders' \
    -d '%[4]s' \
    | go run ./cmd/waybill pay --url 'http://%[1]s' --gateway %[3]s
Then GET /v1/orders/{order_id} shows payment_status "paid". To pay an order placed otherwise,
give 'waybill pay' its id with --order ord_... (it reads the total with $WAYBILL_KEY).
`, addr, secret, demoGateway, order)
}

// folder returns where the database goes and what to do when the demo
// stops: --dir is created if missing and kept; a temporary folder is
// removed unless --keep.
func (c *DemoCmd) folder() (dir string, cleanup func(), err error) {
	keep := func() {}
	if c.Dir == "" {
		if dir, err = os.MkdirTemp("", "waybill-demo-"); err != nil {
			return "", nil, fmt.Errorf("demo: cannot make a temporary folder: %w", err)
		}
		if c.Keep {
			return dir, keep, nil
		}
		return dir, func() { _ = os.RemoveAll(dir) }, nil
	}
	info, err := os.Stat(c.Dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(c.Dir, 0o755); err != nil {
			return "", nil, fmt.Errorf("--dir %s does not exist and cannot be created: %w", c.Dir, err)
		}
	case err != nil:
		return "", nil, fmt.Errorf("--dir %s: %w", c.Dir, err)
	case !info.IsDir():
		return "", nil, fmt.Errorf("--dir %s is a file, not a folder", c.Dir)
	}
	return c.Dir, keep, nil
}
