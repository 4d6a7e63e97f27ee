package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/waybill/waybill/internal/bench"
)

// BenchTrackingCmd measures carrier tracking ingestion: shuffled events
// with repeats through track.Store.Ingest, against a naive ingestion in
// the same run.
type BenchTrackingCmd struct {
	Dir          string  `name:"dir" help:"Folder for the SQLite file (default: a temporary folder). With --db postgres://… a fresh schema there is used instead, dropped after."`
	Orders       int     `name:"orders" default:"10000" help:"Shipped orders; every fifth has two parcels."`
	Duplicates   float64 `name:"duplicates" default:"0.3" help:"Share of the events sent that repeat one already sent."`
	BatchMin     int     `name:"batch-min" default:"100" help:"Fewest events per webhook call."`
	BatchMax     int     `name:"batch-max" default:"500" help:"Most events per webhook call."`
	Workers      int     `name:"workers" default:"4" help:"Concurrent webhook callers (closed load); with --rate, the calls per transaction of the floor."`
	Rate         float64 `name:"rate" default:"0" help:"Offer this many events per second (open load: each call sent when it falls due, as carriers' webhooks arrive; latency counts from then). 0: --workers callers, each sending when answered."`
	NaiveParcels int     `name:"naive-parcels" default:"2000" help:"Parcels whose events the one-transaction-per-event baseline ingests (0: no baseline)."`
	Seed         uint64  `name:"seed" default:"1" help:"Seed of the journeys, the repeats, the shuffle and the call sizes."`
	JSON         bool    `name:"json" help:"Print the figures as one JSON object."`
	CPUProfile   string  `name:"cpuprofile" type:"path" help:"Write a CPU profile of the whole run to this file."`
}

// Run validates the flags, runs the benchmark and prints the report; a
// wrong end state fails the command.
func (c *BenchTrackingCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	if c.Orders < 1 || c.Orders > 1_000_000 || c.Duplicates < 0 || c.Duplicates > 0.9 || c.BatchMin < 1 || c.BatchMax < c.BatchMin ||
		c.BatchMax > 1000 || c.Workers < 1 || c.Workers > 256 || c.NaiveParcels < 0 ||
		c.Rate < 0 || c.Rate > 10_000_000 {
		return fmt.Errorf("--orders must be 1..1000000, --duplicates 0..0.9, 1 <= --batch-min <= --batch-max <= 1000, --workers 1..256, --naive-parcels >= 0, --rate 0..10000000")
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
	database := "sqlite"
	if strings.HasPrefix(cfg.DB, "postgres") {
		database = cfg.DB
	}
	rep, err := bench.RunTracking(ctx, bench.TrackingOptions{DB: database, Dir: c.Dir, Orders: c.Orders, Duplicates: c.Duplicates,
		BatchMin: c.BatchMin, BatchMax: c.BatchMax, Workers: c.Workers, Rate: c.Rate, NaiveParcels: c.NaiveParcels, Seed: c.Seed, Log: cfg.logger(m.Stderr)})
	if err != nil {
		if rep.Events > 0 {
			fmt.Fprint(m.Stderr, rep.String())
		}
		return err
	}
	return printReport(m, c.JSON, rep, rep.String())
}
