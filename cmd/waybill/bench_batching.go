package main

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/bench"
)

// BenchBatchingCmd measures the order batching optimiser against picking
// order by order and first-come-first-served batching.
type BenchBatchingCmd struct {
	File      string `name:"file" type:"path" help:"Run this instance (Foodmart format) instead of the four published ones and the generated ones."`
	Data      string `name:"data" default:"../shared/data" help:"Folder holding picking/foodmart_d5_ord{5..8}.txt."`
	Seed      uint64 `name:"seed" default:"1" help:"Seed of the optimiser's search and of the generated instance."`
	Generated int    `name:"generated" default:"500" help:"Orders of the generated instance on the largest Foodmart layout (0: none)."`
	Cutoffs   int    `name:"cutoffs" default:"3" help:"Hourly cut-offs the generated orders are due at."`
	Aisles    []int  `name:"aisle-orders" default:"200,500" help:"Orders of the generated cases on a warehouse of aisles (one block, then two), each number a case per layout (0: none)."`
	JSON      bool   `name:"json" help:"Print the figures as one JSON object."`
}

// Run validates the flags, runs the benchmark and prints the report.
func (c *BenchBatchingCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	if c.Generated < 0 || c.Generated > 100_000 || c.Cutoffs < 1 || c.Cutoffs > 24 {
		return fmt.Errorf("--generated must be 0..100000, --cutoffs 1..24")
	}
	var aisles []int
	for _, n := range c.Aisles {
		if n < 0 || n > 100_000 {
			return fmt.Errorf("--aisle-orders must each be 0..100000")
		}
		if n > 0 {
			aisles = append(aisles, n)
		}
	}
	o := bench.BatchingOptions{Data: c.Data, Seed: c.Seed, Generated: c.Generated, Cutoffs: c.Cutoffs, AisleOrders: aisles,
		Log: cfg.logger(m.Stderr)}
	if c.File != "" {
		o.Files = []string{c.File}
	}
	rep, err := bench.RunBatching(ctx, o)
	if err != nil {
		return err
	}
	return printReport(m, c.JSON, rep, rep.String())
}
