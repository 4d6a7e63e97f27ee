package main

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/bench"
)

// BenchRoutingCmd measures the picker-routing optimiser against the exact
// optimum, or routes one instance file of the published format.
type BenchRoutingCmd struct {
	File      string `name:"file" type:"path" help:"Route this one instance file (the format of ../shared/data/picking/sprp_unit_*.txt) by every method instead."`
	Seed      uint64 `name:"seed" default:"1" help:"Seed of every random draw."`
	Instances int    `name:"instances" default:"10" help:"Instances drawn per class: per grid class of results_SPRP.csv (48 classes) and per multi-block class (27)."`
	Data      string `name:"data" default:"../shared/data" help:"Folder holding picking/results_SPRP.csv; if absent, the grid it spans is used without published optima."`
	JSON      bool   `name:"json" help:"Print the figures as one JSON object."`
}

// Run validates the flags, runs the benchmark and prints the report.
func (c *BenchRoutingCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	var rep interface{ String() string }
	var err error
	switch {
	case c.File != "":
		rep, err = bench.RunRoutingFile(c.File, c.Data)
	case c.Instances < 1 || c.Instances > 10_000:
		return fmt.Errorf("--instances must be 1..10000")
	default:
		rep, err = bench.RunRouting(ctx, bench.RoutingOptions{Seed: c.Seed, Instances: c.Instances, Data: c.Data, Log: cfg.logger(m.Stderr)})
	}
	if err != nil {
		return err
	}
	return printReport(m, c.JSON, rep, rep.String())
}
