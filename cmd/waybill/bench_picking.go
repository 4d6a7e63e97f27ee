package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/bench"
	"github.com/waybill/waybill/internal/pick"
)

// BenchPickingCmd runs a simulated shift on one warehouse: waves released
// and picked by concurrent pickers on the floor's HTTP API, its walking
// distance compared with picking order by order.
type BenchPickingCmd struct {
	Dir        string  `name:"dir" help:"Folder for the SQLite file (default: a temporary folder). With --db postgres://… a fresh schema there is used instead, dropped after."`
	Orders     int     `name:"orders" default:"2000" help:"Released fulfilments the shift picks."`
	Products   int     `name:"products" default:"300" help:"Products in the catalogue."`
	Pickers    int     `name:"pickers" default:"8" help:"Concurrent pickers, each with an API key of role warehouse."`
	Strategy   string  `name:"strategy" default:"cluster" enum:"cluster,order" help:"How waves cut fulfilments into walks."`
	WaveOrders int     `name:"wave-orders" default:"200" help:"Fulfilments per wave at most."`
	CartTotes  int     `name:"cart-totes" default:"8" help:"Totes on a cluster cart."`
	Wrong      float64 `name:"wrong" default:"0.02" help:"Share of stops first scanned at a wrong bin (each must be refused with 422)."`
	Replay     float64 `name:"replay" default:"0.01" help:"Share of accepted scans sent again with their scan_id (each must come back replayed)."`
	Seed       uint64  `name:"seed" default:"1" help:"Seed of the catalogue, the orders and the pickers' mistakes."`
	JSON       bool    `name:"json" help:"Print the figures as one JSON object."`
}

// Run validates the flags, runs the shift and prints the report; a broken
// check after the shift fails the command.
func (c *BenchPickingCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	if c.Orders < 1 || c.Orders > 200_000 || c.Products < 10 || c.Products > 800 || c.Pickers < 1 || c.Pickers > 256 ||
		c.WaveOrders < 1 || c.WaveOrders > 10_000 || c.CartTotes < 1 || c.CartTotes > 100 ||
		c.Wrong < 0 || c.Wrong > 0.5 || c.Replay < 0 || c.Replay > 0.5 {
		return fmt.Errorf("--orders must be 1..200000, --products 10..800, --pickers 1..256, --wave-orders 1..10000, --cart-totes 1..100, --wrong and --replay 0..0.5")
	}
	database := "sqlite"
	if strings.HasPrefix(cfg.DB, "postgres") {
		database = cfg.DB
	}
	rep, err := bench.RunPicking(ctx, bench.PickingOptions{DB: database, Dir: c.Dir, Orders: c.Orders, Products: c.Products,
		Pickers: c.Pickers, Strategy: pick.Strategy(c.Strategy), WaveOrders: c.WaveOrders, CartTotes: c.CartTotes,
		WrongRate: c.Wrong, ReplayRate: c.Replay, Seed: c.Seed, Log: cfg.logger(m.Stderr)})
	if err != nil {
		if rep.Scans > 0 { // what the shift did before the check failed
			fmt.Fprint(m.Stderr, rep.String())
		}
		return err
	}
	return printReport(m, c.JSON, rep, rep.String())
}
