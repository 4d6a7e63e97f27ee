package bench

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"

	"github.com/waybill/waybill/internal/pick/route"
)

// This file is `waybill bench routing`: the picker-routing optimiser
// (internal/pick/route) on single-block instances over the grid of
// results_SPRP.csv and on multi-block layouts, every method's gap to the
// exact optimum, and how many 30-pick routes a second one core plans.

// RoutingOptions configure a routing benchmark.
type RoutingOptions struct {
	Seed      uint64
	Instances int          // per class of the grid (single block) and of the multi-block set
	Data      string       // folder holding picking/results_SPRP.csv; absent: the grid without optima
	Log       *slog.Logger // nil: silent
}

// RoutingReport is every figure of one run. The five gap keys the issue
// names are at the top: the exact method's against an independent exact
// reference (Held-Karp) on single-block lists of up to 16 picks, the
// heuristics' against Held-Karp on multi-block lists.
type RoutingReport struct {
	Seed       uint64 `json:"seed"`
	CPUs       int    `json:"cpus"`
	GridSource string `json:"grid_source,omitempty"`

	ExactMeanGap      float64 `json:"exact_mean_gap"`
	ExactWorstGap     float64 `json:"exact_worst_gap"`
	HeuristicMeanGap  float64 `json:"heuristic_mean_gap"`
	SShapeMeanGap     float64 `json:"sshape_mean_gap"`
	LargestGapMeanGap float64 `json:"largest_gap_mean_gap"`
	// RoutesPerSec is per wall-clock second; RoutesPerCPUSec per second of
	// CPU the routing thread got (Linux), which other work on the machine
	// does not lower.
	RoutesPerSec    RoutingSpeed `json:"routes_per_sec"`
	RoutesPerCPUSec RoutingSpeed `json:"routes_per_cpu_sec,omitzero"`

	// PublishedRatio is the mean over the grid's classes of our draws'
	// mean optimum over the published instances' mean optimum: near 1 when
	// our generator follows the published one's conventions.
	PublishedRatio float64 `json:"mean_optimum_ratio_to_published,omitempty"`

	SingleBlock RoutingSet     `json:"single_block"`
	MultiBlock  RoutingSet     `json:"multi_block"`
	Classes     []RoutingClass `json:"grid_classes"`
	Targets     struct {
		SingleBlockGap bool `json:"single_block_exact_gap_0"`
		MultiBlockGap  bool `json:"multi_block_heuristic_gap_at_most_3pct"`
		Speed          bool `json:"routes_per_sec_30_picks_at_least_10000"`
	} `json:"targets_met"`
	Notes []string `json:"notes,omitempty"`
}

// RoutingSpeed is how many routes one goroutine planned per second.
type RoutingSpeed struct {
	ExactSingleBlock     float64 `json:"exact_single_block_30_picks"`
	HeuristicMultiBlock  float64 `json:"heuristic_multi_block_30_picks"`
	HeldKarpMultiBlock15 float64 `json:"held_karp_multi_block_15_picks"`
}

// RoutingSet is what every method did on one set of instances, as gaps to
// the set's exact optimum (Ratliff-Rosenthal on one block, Held-Karp on
// several).
type RoutingSet struct {
	Instances  int    `json:"instances"`
	Reference  string `json:"reference"`
	Exact      Gap    `json:"exact_vs_held_karp"` // single block, lists Held-Karp can check
	Heuristic  Gap    `json:"heuristic"`
	SShape     Gap    `json:"sshape"`
	LargestGap Gap    `json:"largest_gap"`
	Combined   Gap    `json:"combined"`
	// BelowExact counts routes shorter than the exact optimum: it must be 0.
	BelowExact int `json:"below_exact"`
}

// Gap summarises (method - exact) / exact over instances.
type Gap struct {
	Instances int     `json:"instances"`
	Mean      float64 `json:"mean"`
	Worst     float64 `json:"worst"`
	sum       float64
}

func (g *Gap) add(got, exact float64) {
	gap := 0.0
	if exact > 0 {
		gap = (got - exact) / exact
	}
	g.Instances++
	g.sum += gap
	g.Worst = max(g.Worst, gap)
	g.Mean = g.sum / float64(g.Instances)
}

// RoutingClass compares our instances of one grid class with the
// published ones: same sizes, same conventions, different draws.
type RoutingClass struct {
	Aisles, Cells, Picks int
	MeanOptimum          float64 `json:"mean_optimum"`
	PublishedMean        float64 `json:"published_mean_optimum,omitempty"`
}

// RunRouting draws the instances and routes each with every method.
func RunRouting(ctx context.Context, o RoutingOptions) (RoutingReport, error) {
	rep := RoutingReport{Seed: o.Seed, CPUs: runtime.NumCPU()}
	if o.Instances < 1 {
		return rep, fmt.Errorf("routing bench: instances must be positive")
	}
	log := cmp.Or(o.Log, slog.New(slog.DiscardHandler))
	grid, err := loadGrid(o.Data, &rep)
	if err != nil {
		return rep, err
	}
	for _, n := range rep.Notes {
		log.Warn(n)
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	log.Info("routing: single block", "classes", len(grid), "instances", o.Instances)
	var timed []instance
	if timed, err = rep.singleBlock(ctx, r, grid, o.Instances); err != nil {
		return rep, err
	}
	log.Info("routing: multi block")
	if err := rep.multiBlock(ctx, r, o.Instances); err != nil {
		return rep, err
	}
	log.Info("routing: speed")
	rep.speed(r, timed)
	rep.finish()
	return rep, nil
}

// instance is one pick list on one layout.
type instance struct {
	l     route.Layout
	picks []route.Location
}
