package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/waybill/waybill/internal/bench"
)

// BenchCmd groups the benchmarks.
type BenchCmd struct {
	Seed   BenchSeedCmd   `cmd:"" help:"Load the benchmark catalogue (BENCH-nnnnnn SKUs, one US warehouse, stock) into --db, for bench intake --url against a running server."`
	Intake BenchIntakeCmd `cmd:"" help:"Measure order intake: the group-commit engine against a transaction-per-order baseline, the disk's fsync ceiling, and optionally the HTTP API."`

	Console  BenchConsoleCmd  `cmd:"" help:"Measure the console's orders list, searches and order page on a database of a million orders, against the catch-all list query."`
	Batching BenchBatchingCmd `cmd:"" help:"Measure order batching: the optimiser against pick-by-order and first-come-first-served, on the Foodmart instances and a generated one."`
	Sourcing BenchSourcingCmd `cmd:"" help:"Measure warehouse sourcing: the whole-order optimiser against nearest-warehouse-per-line and the exact optimum, on a generated Brazilian network."`
	Routing  BenchRoutingCmd  `cmd:"" help:"Measure picker routing: every method's gap to the exact optimum on single-block (the grid of results_SPRP.csv) and multi-block layouts, and routes/s."`
	Labels   BenchLabelsCmd   `cmd:"" help:"Measure shipping-label rendering: ZPL and PDF labels per second on one core and on all cores, against 10000/s and 200/s."`
	Packing  BenchPackingCmd  `cmd:"" help:"Measure cartonization: the loading core's fill on the Bischoff-Ratcliff instances (with and without the support rule), and the cartonizer against the volume rule on Olist/Instacart orders."`
	Tracking BenchTrackingCmd `cmd:"" help:"Measure carrier tracking ingestion: shuffled events with 30 % repeats through the forward-only machine and its effects, events/s and call latency, against one transaction per event where the last event received wins; fails if a parcel, fulfilment or order ends in a wrong state."`
	Picking  BenchPickingCmd  `cmd:"" help:"Run a simulated shift on one warehouse: waves released and picked by concurrent pickers on the HTTP API, scans/s and latency, and the walking distance against picking order by order; fails if the floor or the ledger is wrong after it."`
}

// BenchIntakeCmd measures order intake on a fresh database.
type BenchIntakeCmd struct {
	Database      string        `name:"database" default:"sqlite" help:"sqlite (a fresh file in --dir) or a postgres:// URL (a fresh schema there, dropped after)."`
	Dir           string        `name:"dir" help:"Folder for the SQLite file and the fsync probe (default: a temporary folder)."`
	Duration      time.Duration `name:"duration" default:"10s" help:"How long to drive the engine (and the HTTP API)."`
	NaiveDuration time.Duration `name:"naive-duration" default:"5s" help:"How long to drive the baseline."`
	SKUs          int           `name:"skus" default:"100000" help:"Products in the catalogue."`
	Orders        int           `name:"orders" default:"0" help:"Orders loaded before measuring: N copies of a year of a shop's orders plus the (up to 200) orders placed through the engine to copy, as bench console loads them, so the figures hold at that table size; issue 15's targets are at 1000000. The CPU profile includes the loading."`
	Skew          float64       `name:"skew" default:"1.1" help:"Zipf exponent of demand over the non-hot SKUs (> 1)."`
	HotShare      float64       `name:"hot-share" default:"0.5" help:"Share of order lines that ask for the one hot SKU."`
	Workers       int           `name:"workers" default:"512" help:"Concurrent submitters."`
	NaiveWorkers  int           `name:"naive-workers" default:"64" help:"Concurrent submitters for the baseline."`
	Rate          float64       `name:"rate" default:"0" help:"Offer this many orders per second to the engine and the HTTP API (open load; latency counts from when each order fell due). 0: each submitter sends as soon as it is answered."`
	MaxBatch      int           `name:"max-batch" default:"1024" help:"Orders per engine transaction at most."`
	HTTP          bool          `name:"http" help:"Also drive the HTTP API on loopback from this process."`
	URL           string        `name:"url" help:"Instead, drive a running server at this base URL (its catalogue must hold the BENCH-nnnnnn SKUs)."`
	Key           string        `name:"key" env:"WAYBILL_KEY" help:"API key for --url."`
	JSON          bool          `name:"json" help:"Print the figures as one JSON object."`
	CPUProfile    string        `name:"cpuprofile" type:"path" help:"Write a CPU profile of the whole run to this file."`
}

// Run validates the flags, runs the benchmark and prints the report.
func (c *BenchIntakeCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	if c.Skew <= 1 || c.HotShare < 0 || c.HotShare > 1 || c.SKUs < 10 || c.Workers < 1 || c.NaiveWorkers < 1 || c.Rate < 0 || c.Rate > 1e6 ||
		c.Orders < 0 || c.Orders > 20_000_000 {
		return fmt.Errorf("--skew must be > 1, --hot-share 0..1, --skus >= 10, workers >= 1, --rate 0..1000000, --orders 0..20000000")
	}
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	w := bench.Workload{SKUs: c.SKUs, Skew: c.Skew, HotShare: c.HotShare}
	if c.URL != "" && c.Orders > 0 {
		return fmt.Errorf("--orders loads a fresh database; with --url, load the server's with bench seed and the console bench instead")
	}
	if c.URL != "" {
		res, err := bench.Drive(ctx, c.URL, c.Key, c.Workers, c.Rate, c.Duration, w)
		if err != nil {
			return err
		}
		return c.print(m, res, fmt.Sprintf("HTTP %s: %.0f orders/s  p50 %.2f ms  p99 %.2f ms  (%d orders, %d refused; first error: %s)\n",
			c.URL, res.PerSecond, res.P50ms, res.P99ms, res.Orders, res.Refused, res.FirstErr))
	}
	rep, err := bench.RunIntake(ctx, bench.Options{DB: c.Database, Dir: c.Dir, Duration: c.Duration, NaiveDuration: c.NaiveDuration,
		Workers: c.Workers, Rate: c.Rate, NaiveWorkers: c.NaiveWorkers, MaxBatch: c.MaxBatch, Workload: w, Orders: c.Orders, HTTP: c.HTTP, Log: cfg.logger(m.Stderr)})
	if err != nil {
		return err
	}
	return c.print(m, rep, rep.String())
}

func (c *BenchIntakeCmd) print(m *Main, v any, text string) error {
	return printReport(m, c.JSON, v, text)
}

// printReport prints a benchmark's figures: v as one JSON object with
// --json, else its text.
func printReport(m *Main, asJSON bool, v any, text string) error {
	if asJSON {
		return json.NewEncoder(m.Stdout).Encode(v)
	}
	_, err := fmt.Fprint(m.Stdout, text)
	return err
}

// BenchSeedCmd loads the catalogue bench intake orders from into --db.
type BenchSeedCmd struct {
	SKUs int `name:"skus" default:"100000" help:"Products in the catalogue (BENCH-000000 is the hot one)."`
}

// Run migrates --db and seeds it; a database already seeded is refused
// (the SKUs exist), so nothing is loaded twice.
func (c *BenchSeedCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	if c.SKUs < 10 || c.SKUs > 1_000_000 {
		return fmt.Errorf("--skus must be 10 to 1000000")
	}
	d, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := bench.Seed(ctx, d, c.SKUs); err != nil {
		return err
	}
	_, err = fmt.Fprintf(m.Stdout, "seeded %d BENCH SKUs, warehouse US-BENCH with stock; now run: waybill serve, then waybill bench intake --url http://ADDR --key KEY\n", c.SKUs)
	return err
}
