package main

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/bench"
)

// BenchSourcingCmd measures the whole-order sourcing optimiser against the
// nearest-warehouse-per-line baseline and the exact optimum.
type BenchSourcingCmd struct {
	Orders     int    `name:"orders" default:"20000" help:"Orders in the stream."`
	Warehouses int    `name:"warehouses" default:"10" help:"Warehouses in the network (at least 8)."`
	Seed       uint64 `name:"seed" default:"1" help:"Seed of every random draw."`
	Data       string `name:"data" default:"../shared/data" help:"Folder holding olist/ and instacart/; if absent, a synthetic mix is used."`
	ExactLimit int    `name:"exact-limit" default:"16" help:"Compute the exact optimum for orders with at most this many candidate warehouses (at most 20)."`
	JSON       bool   `name:"json" help:"Print the figures as one JSON object."`
}

// Run validates the flags, runs the benchmark and prints the report. A
// missing data folder is logged on stderr as the run starts; the report
// says which data it used.
func (c *BenchSourcingCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	if c.Orders < 1 || c.Warehouses < 8 || c.ExactLimit < 0 || c.ExactLimit > 20 {
		return fmt.Errorf("--orders must be >= 1, --warehouses >= 8, --exact-limit 0..20")
	}
	rep, err := bench.RunSourcing(ctx, bench.SourcingOptions{Orders: c.Orders, Warehouses: c.Warehouses, Seed: c.Seed,
		Data: c.Data, ExactLimit: c.ExactLimit, Log: cfg.logger(m.Stderr)})
	if err != nil {
		return err
	}
	return printReport(m, c.JSON, rep, rep.String())
}
