package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/demo"
)

// DemoCmd serves a fresh SQLite database loaded with demo data.
type DemoCmd struct {
	Addr string `name:"addr" env:"WAYBILL_ADDR" default:"127.0.0.1:8080" help:"Listen address."`
	Dir  string `name:"dir" help:"Folder for the demo database (default: a new temporary folder)."`
	Seed uint64 `name:"seed" default:"1" help:"Seed of the demo data; the same seed gives the same data."`
}

// Run creates the database, loads it, prints an admin key and serves.
func (c *DemoCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	log := cfg.logger(m.Stderr)
	svc, err := cfg.services()
	if err != nil {
		return err
	}
	dir := c.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "waybill-demo-"); err != nil {
			return err
		}
	}
	path := filepath.Join(dir, fmt.Sprintf("waybill-demo-%d.db", time.Now().UnixNano()))
	d, err := db.Open(ctx, "sqlite:"+path, db.Options{SQLiteSynchronous: cfg.SQLiteSync})
	if err != nil {
		return err
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
	fmt.Fprintf(m.Stdout, `Waybill demo database: %s
Loaded in %s: %d products, %d warehouses with %d bins, %d receipts (%d units).

Try it (the API reference is at http://%[8]s/docs):
  export WAYBILL_KEY=%[9]s
  curl -s -H "Authorization: Bearer $WAYBILL_KEY" 'http://%[8]s/v1/products?limit=3'
  curl -s -H "Authorization: Bearer $WAYBILL_KEY" 'http://%[8]s/v1/warehouses'
  curl -s -H "Authorization: Bearer $WAYBILL_KEY" 'http://%[8]s/v1/stock/balances?sku=WB-APP-0001'
  WAYBILL_DB=sqlite:%[1]s go run ./cmd/waybill reconcile

Admin API key (shown once):
%[9]s
`, path, time.Since(start).Round(time.Millisecond), sum.Products, sum.Warehouses, sum.Bins, sum.Receipts, sum.Units, c.Addr, key)
	return serve(ctx, m, log, d, svc, c.Addr, 5*time.Second)
}
