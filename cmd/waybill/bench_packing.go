package main

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/bench"
)

// BenchPackingCmd measures the cartonization optimiser: the loading core's
// fill on the Bischoff-Ratcliff instances, and the cartonizer against the
// volume rule on orders shaped by Olist and Instacart.
type BenchPackingCmd struct {
	File        string        `name:"file" type:"path" help:"Load this file (thpack format) instead of thpack1..4, and report its mean_fill only."`
	Data        string        `name:"data" default:"../shared/data" help:"Folder holding thpack/thpack1..4.txt, olist/products.csv and instacart/order_products__prior.csv."`
	Instances   int           `name:"instances" default:"0" help:"Instances per file at most (0: all 100)."`
	Budget      time.Duration `name:"budget" default:"1s" help:"Search time per instance."`
	Support     float64       `name:"support" default:"0.75" help:"Also load every instance with this support rule (share of each box's base resting on boxes under it; 0: skip that run)."`
	Orders      int           `name:"orders" default:"500" help:"Orders of the second part (Instacart baskets of Olist products; 0: none)."`
	OrderBudget time.Duration `name:"order-budget" default:"200ms" help:"Cartonization time per order."`
	Seed        uint64        `name:"seed" default:"1" help:"Seed of the search's tie-breaking and of the product mapping."`
	JSON        bool          `name:"json" help:"Print the figures as one JSON object."`
}

// Run validates the flags, runs the benchmark and prints the report.
func (c *BenchPackingCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	if c.Instances < 0 || c.Instances > 10_000 || c.Budget <= 0 || c.Budget > time.Hour || c.Support < 0 || c.Support > 1 ||
		c.Orders < 0 || c.Orders > 100_000 || c.OrderBudget <= 0 || c.OrderBudget > time.Minute {
		return fmt.Errorf("--instances must be 0..10000, --budget 0..1h, --support 0..1, --orders 0..100000, --order-budget 0..1m")
	}
	rep, err := bench.RunPacking(ctx, bench.PackingOptions{Data: c.Data, File: c.File, Instances: c.Instances, Budget: c.Budget,
		Support: c.Support, Orders: c.Orders, Budget2: c.OrderBudget, Seed: c.Seed, Log: cfg.logger(m.Stderr)})
	if err != nil {
		return err
	}
	return printReport(m, c.JSON, rep, rep.String())
}
