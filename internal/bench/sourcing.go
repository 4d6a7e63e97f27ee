package bench

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/sourcing"
)

// This file is `waybill bench sourcing`: a national network of warehouses in
// Brazil, fed a stream of orders, sourced by the whole-order optimiser and
// by the line-by-line greedy baseline on separate copies of the same stock,
// with the exact optimum computed order by order where it is affordable.
// Geography comes from the Olist data set (where sellers and customers are),
// basket shapes from the Instacart sample; without them, a synthetic mix.

// SourcingOptions configure a sourcing benchmark.
type SourcingOptions struct {
	Orders     int
	Warehouses int
	Seed       uint64
	Data       string // folder holding olist/ and instacart/; absent: a synthetic mix
	// ExactLimit bounds the candidate warehouses of an order for which the
	// exact optimum is computed to compare with; its time doubles with each.
	ExactLimit int
	Log        *slog.Logger // nil: silent
}

// SourcingReport is every figure of one run.
type SourcingReport struct {
	Data       string   `json:"data"` // "olist+instacart" or "synthetic"
	Orders     int      `json:"orders"`
	Lines      int64    `json:"lines"`
	Units      int64    `json:"units"`
	SKUs       int      `json:"skus"`
	Warehouses []string `json:"warehouses"`
	CPUs       int      `json:"cpus"`

	Optimizer SourcingResult `json:"optimizer"`
	Greedy    SourcingResult `json:"greedy"`
	// On the orders with at most ExactLimit candidates, each on the stock
	// the optimiser saw: the exact optimum, the optimiser, and the
	// heuristic alone (forced, as it runs on networks too big for exact).
	ExactInstances   int            `json:"exact_instances"`
	Exact            SourcingResult `json:"exact"`
	OptimizerOnExact SourcingResult `json:"optimizer_on_exact_instances"`
	Heuristic        SourcingResult `json:"heuristic_on_exact_instances"`

	OrdersPerSec              float64 `json:"orders_per_sec"`
	SplitReductionVsGreedy    float64 `json:"split_reduction_vs_greedy"`
	CostGapVsOptimal          float64 `json:"cost_gap_vs_optimal"`
	HeuristicCostGapVsOptimal float64 `json:"heuristic_cost_gap_vs_optimal"`
	CostSavingVsGreedy        float64 `json:"cost_saving_vs_greedy"`
	// WorseThanGreedy counts orders where the optimiser's plan left more
	// units short, or cost more, than Greedy's on the same stock: it must
	// be 0.
	WorseThanGreedy int   `json:"worse_than_greedy_same_stock"`
	Oversold        int64 `json:"oversold"`
	Ineligible      int64 `json:"ineligible_allocations"`
	Targets         struct {
		SplitReduction bool `json:"split_reduction_at_least_40pct"`
		CostGap        bool `json:"cost_gap_at_most_1pct"`
		Speed          bool `json:"orders_per_sec_at_least_5000"`
	} `json:"targets_met"`
	Notes []string `json:"notes,omitempty"`
}

// SourcingResult is what one policy did over the orders it sourced.
type SourcingResult struct {
	Orders            int           `json:"orders"`
	Parcels           int64         `json:"parcels"`
	ShipmentsPerOrder float64       `json:"shipments_per_order"`
	SplitOrders       int64         `json:"split_orders"`  // shipped in more than one parcel
	ExtraParcels      int64         `json:"extra_parcels"` // parcels beyond the first, summed
	Cost              int64         `json:"cost"`          // estimated, penalties included, minor units
	CostPerOrder      float64       `json:"cost_per_order"`
	LateParcels       int64         `json:"late_parcels"`
	ShortUnits        int64         `json:"short_units"`
	OrdersPerSec      float64       `json:"orders_per_sec"` // time inside Source only, one core
	SetsPriced        float64       `json:"sets_priced_per_order"`
	Elapsed           time.Duration `json:"-"`
	priced            int64
}

func (r *SourcingResult) add(p sourcing.Plan, d time.Duration) {
	r.Orders++
	r.Parcels += int64(p.Parcels)
	r.ExtraParcels += int64(max(0, p.Parcels-1))
	if p.Parcels > 1 {
		r.SplitOrders++
	}
	r.Cost += p.Cost
	for _, a := range p.Arrivals {
		if a.LateDays > 0 {
			r.LateParcels++
		}
	}
	for _, s := range p.Short {
		r.ShortUnits += s
	}
	r.priced += int64(p.Explanation.Evaluated)
	r.Elapsed += d
}

func (r *SourcingResult) finish() {
	if r.Orders > 0 {
		r.ShipmentsPerOrder = float64(r.Parcels) / float64(r.Orders)
		r.CostPerOrder = float64(r.Cost) / float64(r.Orders)
		r.SetsPriced = float64(r.priced) / float64(r.Orders)
	}
	if r.Elapsed > 0 {
		r.OrdersPerSec = float64(r.Orders) / r.Elapsed.Seconds()
	}
}

// RunSourcing builds the network and the order stream and sources every
// order with each policy, decrementing each policy's own stock after each
// plan, so that later orders meet the stock earlier ones left.
func RunSourcing(ctx context.Context, o SourcingOptions) (SourcingReport, error) {
	rep := SourcingReport{Orders: o.Orders, CPUs: runtime.NumCPU()}
	if o.Orders < 1 || o.Warehouses < 1 {
		return rep, fmt.Errorf("sourcing bench: orders and warehouses must be positive")
	}
	log := cmp.Or(o.Log, slog.New(slog.DiscardHandler))
	sh, err := loadShape(o.Data, &rep)
	if err != nil {
		return rep, err
	}
	if err := sh.validate(); err != nil {
		return rep, err
	}
	rep.Data = sh.source
	for _, n := range rep.Notes {
		log.Warn(n)
	}
	log.Info("sourcing", "orders", o.Orders, "warehouses", o.Warehouses, "data", rep.Data)
	w := newWorld(sh, o)
	rep.SKUs = len(w.skus)
	for _, d := range w.depots {
		rep.Warehouses = append(rep.Warehouses, d.code)
	}
	orders := w.stream(o.Orders)
	greedyStock, optStock := w.stock.clone(), w.stock.clone()
	for i, ord := range orders {
		if i%1000 == 0 && ctx.Err() != nil {
			return rep, ctx.Err()
		}
		rep.source(w, ord, greedyStock, optStock, o.ExactLimit)
	}
	rep.finish()
	return rep, nil
}

// source runs one order through every policy.
func (r *SourcingReport) source(w *world, ord benchOrder, greedyStock, optStock stockMap, exactLimit int) {
	ws := w.network[ord.hour]
	r.Lines += int64(len(ord.req.Lines))
	for _, l := range ord.req.Lines {
		r.Units += l.Quantity
	}
	greedy := sourcing.Greedy{Warehouses: ws}
	plan, d := timed(greedy.Source, ord.req, greedyStock)
	r.Greedy.add(plan, d)
	r.apply(w, ord.req, plan, greedyStock)

	opt := sourcing.Optimizer{Warehouses: ws}
	plan, d = timed(opt.Source, ord.req, optStock)
	r.Optimizer.add(plan, d)
	if candidates(plan.Explanation) <= exactLimit {
		r.ExactInstances++
		r.OptimizerOnExact.add(plan, 0)
		exact, d := timed(opt.Exact, ord.req, optStock)
		r.Exact.add(exact, d)
		heur, d := timed(opt.Heuristic, ord.req, optStock)
		r.Heuristic.add(heur, d)
	}
	if same := greedy.Source(ord.req, optStock.available); worse(plan, same) {
		r.WorseThanGreedy++
	}
	r.apply(w, ord.req, plan, optStock)
}

func timed(source func(sourcing.Request, sourcing.Available) sourcing.Plan, req sourcing.Request, st stockMap) (sourcing.Plan, time.Duration) {
	start := time.Now()
	p := source(req, st.available)
	return p, time.Since(start)
}

// candidates counts the warehouses the search chose among.
func candidates(e sourcing.Explanation) int {
	n := 0
	for _, c := range e.Candidates {
		if c.Excluded == "" {
			n++
		}
	}
	return n
}

func worse(p, than sourcing.Plan) bool {
	ps, ts := sum(p.Short), sum(than.Short)
	return ps > ts || ps == ts && p.Cost > than.Cost
}

func sum(xs []int64) (s int64) {
	for _, x := range xs {
		s += x
	}
	return s
}

// apply takes the plan's units out of the stock, counting any unit it did
// not have and any allocation from a warehouse that may not ship the line.
func (r *SourcingReport) apply(w *world, req sourcing.Request, p sourcing.Plan, st stockMap) {
	for _, a := range p.Allocations {
		l := req.Lines[a.Line]
		if !w.eligible(a.WarehouseID, req, l) {
			r.Ineligible++
		}
		k := stockKey{a.WarehouseID, l.ProductID}
		if st[k] < a.Quantity {
			r.Oversold += a.Quantity - st[k]
		}
		st[k] = max(0, st[k]-a.Quantity)
	}
}

func (r *SourcingReport) finish() {
	for _, res := range []*SourcingResult{&r.Optimizer, &r.Greedy, &r.Exact, &r.OptimizerOnExact, &r.Heuristic} {
		res.finish()
	}
	r.OrdersPerSec = r.Optimizer.OrdersPerSec
	r.SplitReductionVsGreedy = ratio(r.Greedy.ExtraParcels-r.Optimizer.ExtraParcels, r.Greedy.ExtraParcels)
	r.CostGapVsOptimal = ratio(r.OptimizerOnExact.Cost-r.Exact.Cost, r.Exact.Cost)
	r.HeuristicCostGapVsOptimal = ratio(r.Heuristic.Cost-r.Exact.Cost, r.Exact.Cost)
	r.CostSavingVsGreedy = ratio(r.Greedy.Cost-r.Optimizer.Cost, r.Greedy.Cost)
	r.Targets.SplitReduction = r.SplitReductionVsGreedy >= 0.40
	r.Targets.CostGap = r.ExactInstances > 0 && r.CostGapVsOptimal <= 0.01
	r.Targets.Speed = r.OrdersPerSec >= 5000
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// String renders the report for people.
func (r SourcingReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "sourcing: %d orders (%d lines, %d units) from the %s mix; %d SKUs; %d warehouses: %s; %d CPUs\n",
		r.Orders, r.Lines, r.Units, r.Data, r.SKUs, len(r.Warehouses), strings.Join(r.Warehouses, " "), r.CPUs)
	fmt.Fprintf(&b, "%-22s %9s %10s %9s %11s %9s %8s %10s %7s\n", "", "shipments", "extra", "split", "cost", "late", "short", "orders/s", "sets")
	fmt.Fprintf(&b, "%-22s %9s %10s %9s %11s %9s %8s %10s %7s\n", "", "per order", "parcels", "orders", "per order", "parcels", "units", "", "priced")
	row := func(name string, res SourcingResult) {
		speed := "-" // not timed: the same plans as the optimiser's row
		if res.Elapsed > 0 {
			speed = fmt.Sprintf("%.0f", res.OrdersPerSec)
		}
		fmt.Fprintf(&b, "%-22s %9.3f %10d %9d %11.1f %9d %8d %10s %7.1f\n", name, res.ShipmentsPerOrder, res.ExtraParcels,
			res.SplitOrders, res.CostPerOrder, res.LateParcels, res.ShortUnits, speed, res.SetsPriced)
	}
	row("optimiser", r.Optimizer)
	row("greedy (nearest)", r.Greedy)
	fmt.Fprintf(&b, "on the %d orders small enough for the exact optimum, each on the optimiser's stock:\n", r.ExactInstances)
	row("  exact optimum", r.Exact)
	row("  optimiser", r.OptimizerOnExact)
	row("  heuristic alone", r.Heuristic)
	fmt.Fprintf(&b, "split reduction vs greedy: %.1f%% of extra parcels removed (target >= 40%%: %s)\n", 100*r.SplitReductionVsGreedy, met(r.Targets.SplitReduction))
	fmt.Fprintf(&b, "cost gap vs optimal: %.3f%% (target <= 1%%: %s); heuristic alone: %.3f%%\n",
		100*r.CostGapVsOptimal, met(r.Targets.CostGap), 100*r.HeuristicCostGapVsOptimal)
	fmt.Fprintf(&b, "optimiser: %.0f orders/s (target >= 5000: %s); cost %.1f%% below greedy's\n",
		r.OrdersPerSec, met(r.Targets.Speed), 100*r.CostSavingVsGreedy)
	fmt.Fprintf(&b, "oversold: %d units; ineligible allocations: %d; optimiser worse than greedy on the same stock: %d orders\n",
		r.Oversold, r.Ineligible, r.WorseThanGreedy)
	return b.String()
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}
