package main

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/bench"
)

// BenchLabelsCmd measures shipping-label rendering, ZPL and PDF, on one
// core and on all of them.
type BenchLabelsCmd struct {
	Seconds float64 `name:"seconds" default:"2" help:"Seconds of each of the six measurements."`
	JSON    bool    `name:"json" help:"Print the figures as one JSON object."`
}

// Run validates the flags, runs the benchmark and prints the report.
func (c *BenchLabelsCmd) Run(ctx context.Context, m *Main) error {
	if !(c.Seconds > 0 && c.Seconds <= 600) {
		return fmt.Errorf("--seconds must be more than 0 and at most 600")
	}
	rep, err := bench.RunLabels(ctx, bench.LabelsOptions{Seconds: c.Seconds})
	if err != nil {
		return err
	}
	return printReport(m, c.JSON, rep, rep.String())
}
