package bench

import (
	"cmp"
	"fmt"
	"strings"
)

// String renders the report for people.
func (r RoutingReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "routing: seed %d, %d CPUs; grid from %s\n", r.Seed, r.CPUs, cmp.Or(r.GridSource, "the built-in grid (results_SPRP.csv absent)"))
	set := func(name string, s RoutingSet) {
		fmt.Fprintf(&b, "%s: %d instances; reference: %s\n", name, s.Instances, s.Reference)
		fmt.Fprintf(&b, "  %-28s %10s %10s %10s\n", "gap to the exact optimum", "instances", "mean", "worst")
		row := func(m string, g Gap) {
			if g.Instances > 0 {
				fmt.Fprintf(&b, "  %-28s %10d %9.3f%% %9.3f%%\n", m, g.Instances, 100*g.Mean, 100*g.Worst)
			}
		}
		row("exact vs Held-Karp", s.Exact)
		row("heuristic (improved starts)", s.Heuristic)
		row("S-shape", s.SShape)
		row("largest gap", s.LargestGap)
		row("combined", s.Combined)
		fmt.Fprintf(&b, "  routes shorter than the exact optimum: %d\n", s.BelowExact)
	}
	set("single block (grid of results_SPRP.csv)", r.SingleBlock)
	set("multi block (2-4 blocks, 6-16 aisles, 5-15 picks)", r.MultiBlock)
	fmt.Fprintf(&b, "mean optimum of our draws vs the published instances, per class (aisles x cells x picks):\n")
	for i, c := range r.Classes {
		fmt.Fprintf(&b, "  %2dx%3dx%2d %7.1f", c.Aisles, c.Cells, c.Picks, c.MeanOptimum)
		if c.PublishedMean > 0 {
			fmt.Fprintf(&b, " / %7.1f", c.PublishedMean)
		}
		if i%3 == 2 || i == len(r.Classes)-1 {
			b.WriteString("\n")
		}
	}
	if r.PublishedRatio > 0 {
		fmt.Fprintf(&b, "  mean of the ratios ours / published: %.3f (the generator is not published: same sizes and conventions, other draws)\n", r.PublishedRatio)
	}
	speed := func(name string, s RoutingSpeed) {
		fmt.Fprintf(&b, "%s: exact single block 30 picks %.0f, heuristic multi block 30 picks %.0f, Held-Karp multi block 15 picks %.0f\n",
			name, s.ExactSingleBlock, s.HeuristicMultiBlock, s.HeldKarpMultiBlock15)
	}
	speed("routes per second, one goroutine", r.RoutesPerSec)
	if r.RoutesPerCPUSec.ExactSingleBlock > 0 {
		speed("routes per CPU second it got", r.RoutesPerCPUSec)
	}
	fmt.Fprintf(&b, "targets: single-block exact gap 0: %s; multi-block heuristic gap <= 3%%: %s (%.3f%%); >= 10000 routes per wall-clock second at 30 picks: %s\n",
		met(r.Targets.SingleBlockGap), met(r.Targets.MultiBlockGap), 100*r.HeuristicMeanGap, met(r.Targets.Speed))
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}
