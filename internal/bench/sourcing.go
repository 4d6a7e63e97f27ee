package bench

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
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

// shape is what the workload looks like: where sellers and customers are,
// how many lines a basket has, which products sell, what things weigh and
// when orders come in. Each slice is sampled uniformly, so repeats carry
// the real frequencies.
type shape struct {
	source       string
	sellerStates []string // most sellers first
	destinations []string // one state per customer
	basketSizes  []int    // lines, one per real order
	products     []shapeProduct
	weights      []int64 // grams, one per real product
	hours        []int   // hour of day, one per real order
}

type shapeProduct struct {
	category string
	sold     int // lines it appears in
}

// loadShape reads the shape from the data folder, or says on the report
// that it is absent and makes one up. A folder that is there but unreadable
// is an error, not a quiet fallback.
func loadShape(dir string, rep *SourcingReport) (shape, error) {
	if _, err := os.Stat(dir); dir == "" || errors.Is(err, fs.ErrNotExist) {
		rep.Notes = append(rep.Notes, fmt.Sprintf("data folder %q not found: using a synthetic mix instead of Olist and Instacart", dir))
		return syntheticShape(), nil
	}
	sh := shape{source: "olist+instacart"}
	sellers, err := readColumns(filepath.Join(dir, "olist", "sellers.csv"), "seller_state")
	if err != nil {
		return sh, err
	}
	sh.sellerStates = byFrequency(column(sellers))
	customers, err := readColumns(filepath.Join(dir, "olist", "customers_sample.csv"), "customer_state")
	if err != nil {
		return sh, err
	}
	for _, c := range customers {
		if _, ok := brazil[c[0]]; ok {
			sh.destinations = append(sh.destinations, c[0])
		}
	}
	weights, err := readColumns(filepath.Join(dir, "olist", "products.csv"), "product_weight_g")
	if err != nil {
		return sh, err
	}
	for _, w := range weights {
		if g, err := strconv.ParseInt(w[0], 10, 64); err == nil && g > 0 {
			sh.weights = append(sh.weights, g)
		}
	}
	return sh, sh.loadBaskets(filepath.Join(dir, "instacart"))
}

// validate refuses a shape that cannot generate a network or an order.
func (sh shape) validate() error {
	if len(sh.sellerStates) == 0 || len(sh.destinations) == 0 || len(sh.basketSizes) == 0 ||
		len(sh.products) == 0 || len(sh.weights) == 0 || len(sh.hours) == 0 {
		return fmt.Errorf("sourcing bench data: no sellers, customers, baskets, products, weights or order hours found")
	}
	return nil
}

// loadBaskets takes basket sizes and product popularity from Instacart's
// order lines, each product's department as its category, and the hours
// orders were placed.
func (sh *shape) loadBaskets(dir string) error {
	depts, err := readColumns(filepath.Join(dir, "departments.csv"), "department_id", "department")
	if err != nil {
		return err
	}
	deptName := map[string]string{}
	for _, d := range depts {
		deptName[d[0]] = d[1]
	}
	prods, err := readColumns(filepath.Join(dir, "products.csv"), "product_id", "department_id")
	if err != nil {
		return err
	}
	category := map[string]string{}
	for _, p := range prods {
		category[p[0]] = deptName[p[1]]
	}
	lines, err := readColumns(filepath.Join(dir, "order_products__prior.csv"), "order_id", "product_id")
	if err != nil {
		return err
	}
	size, sold := map[string]int{}, map[string]int{}
	for _, l := range lines {
		size[l[0]]++
		sold[l[1]]++
	}
	for _, id := range slices.Sorted(maps.Keys(size)) {
		sh.basketSizes = append(sh.basketSizes, size[id])
	}
	for _, id := range slices.Sorted(maps.Keys(sold)) {
		sh.products = append(sh.products, shapeProduct{category: cmp.Or(category[id], "missing"), sold: sold[id]})
	}
	hours, err := readColumns(filepath.Join(dir, "orders.csv"), "order_hour_of_day")
	if err != nil {
		return err
	}
	for _, h := range hours {
		if n, err := strconv.Atoi(h[0]); err == nil && n >= 0 && n < 24 {
			sh.hours = append(sh.hours, n)
		}
	}
	return nil
}

// syntheticShape stands in for the data sets: sellers and customers where
// people live, baskets of about ten lines, a Zipf-like catalogue.
func syntheticShape() shape {
	rng := rand.New(rand.NewPCG(7, 7))
	sh := shape{source: "synthetic"}
	for _, st := range slices.Sorted(maps.Keys(brazil)) {
		for range int(brazil[st].people * 10) {
			sh.destinations = append(sh.destinations, st)
		}
	}
	sh.sellerStates = byFrequency(sh.destinations)
	cats := []string{"produce", "dairy eggs", "snacks", "beverages", "frozen", "pantry", "household", "personal care"}
	for i := range 5000 {
		sh.products = append(sh.products, shapeProduct{category: cats[rng.IntN(len(cats))], sold: 1 + int(2000/math.Pow(float64(i+1), 0.9))})
	}
	for range 3000 {
		sh.basketSizes = append(sh.basketSizes, min(50, 1+int(rng.ExpFloat64()*9)))
		sh.weights = append(sh.weights, int64(min(30000, max(20, math.Exp(rng.NormFloat64()*1.1+6.5)))))
		sh.hours = append(sh.hours, 8+rng.IntN(15))
	}
	return sh
}

// readColumns reads the named columns of a CSV file with a header row.
func readColumns(path string, names ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sourcing bench data: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	idx := make([]int, len(names))
	for i, n := range names {
		if idx[i] = slices.IndexFunc(head, func(h string) bool { return strings.TrimPrefix(h, "\ufeff") == n }); idx[i] < 0 {
			return nil, fmt.Errorf("%s: no column %s", path, n)
		}
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		row := make([]string, len(idx))
		for i, c := range idx {
			row[i] = rec[c]
		}
		rows = append(rows, row)
	}
}

func column(rows [][]string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r[0]
	}
	return out
}

// byFrequency returns the distinct Brazilian states, most frequent first.
func byFrequency(states []string) []string {
	n := map[string]int{}
	for _, st := range states {
		if _, ok := brazil[st]; ok {
			n[st]++
		}
	}
	keys := slices.Sorted(maps.Keys(n))
	slices.SortStableFunc(keys, func(a, b string) int { return n[b] - n[a] })
	return keys
}

// state is a Brazilian state: its capital's latitude and longitude, its UTC
// offset, its population in millions (2022 census, rounded) and the leading
// digits of its postal codes (CEP, after the Correios ranges, simplified;
// "20-28" stands for 20, 21, ... 28).
type state struct {
	lat, lon float64
	utc      int
	people   float64
	ceps     string
}

var brazil = map[string]state{
	"AC": {-9.97, -67.81, -5, 0.83, "699"},
	"AL": {-9.67, -35.74, -3, 3.13, "57"},
	"AM": {-3.12, -60.02, -4, 3.94, "690-692 694-698"},
	"AP": {0.03, -51.07, -3, 0.73, "689"},
	"BA": {-12.97, -38.51, -3, 14.14, "40-48"},
	"CE": {-3.73, -38.52, -3, 8.79, "60-63"},
	"DF": {-15.78, -47.93, -3, 2.82, "70-71 720-727 730-736"},
	"ES": {-20.32, -40.34, -3, 3.83, "29"},
	"GO": {-16.68, -49.25, -3, 7.06, "728-729 737-739 74-75 760-767"},
	"MA": {-2.53, -44.30, -3, 6.78, "65"},
	"MG": {-19.92, -43.94, -3, 20.54, "3"},
	"MS": {-20.44, -54.65, -4, 2.76, "79"},
	"MT": {-15.60, -56.10, -4, 3.66, "78"},
	"PA": {-1.46, -48.50, -3, 8.12, "66-67 680-688"},
	"PB": {-7.12, -34.86, -3, 3.97, "58"},
	"PE": {-8.05, -34.88, -3, 9.06, "50-56"},
	"PI": {-5.09, -42.80, -3, 3.27, "64"},
	"PR": {-25.43, -49.27, -3, 11.44, "80-87"},
	"RJ": {-22.91, -43.17, -3, 16.05, "20-28"},
	"RN": {-5.79, -35.21, -3, 3.30, "59"},
	"RO": {-8.76, -63.90, -4, 1.58, "768-769"},
	"RR": {2.82, -60.67, -4, 0.64, "693"},
	"RS": {-30.03, -51.23, -3, 10.88, "9"},
	"SC": {-27.60, -48.55, -3, 7.61, "88-89"},
	"SE": {-10.91, -37.07, -3, 2.21, "49"},
	"SP": {-23.55, -46.63, -3, 44.41, "0-1"},
	"TO": {-10.18, -48.33, -3, 1.51, "77"},
}

// prefixes expands a state's CEP ranges.
func (s state) prefixes() []string {
	var out []string
	for _, r := range strings.Fields(s.ceps) {
		lo, hi, _ := strings.Cut(r, "-")
		a, _ := strconv.Atoi(lo)
		b := a
		if hi != "" {
			b, _ = strconv.Atoi(hi)
		}
		for v := a; v <= b; v++ {
			out = append(out, fmt.Sprintf("%0*d", len(lo), v))
		}
	}
	return out
}

// distanceKm is the great-circle distance between two capitals; within a
// state, 80 km stands for the average delivery.
func distanceKm(a, b state) float64 {
	const earth = 6371.0
	p1, p2 := a.lat*math.Pi/180, b.lat*math.Pi/180
	dp, dl := p2-p1, (b.lon-a.lon)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return max(80, 2*earth*math.Asin(math.Sqrt(h)))
}

// rate is a carrier's tariff shaped like Brazil's: R$9 a parcel plus R$0.60
// per 100 km, R$1.20 a kilogram plus R$0.15 per 100 km, and a day in
// transit plus one per 600 km. Amounts in centavos.
func rate(from, to string) sourcing.Region {
	km := distanceKm(brazil[from], brazil[to])
	return sourcing.Region{Country: "BR", ParcelCost: 900 + int64(km*0.6), PerKgCost: 120 + int64(km*0.15), TransitDays: 1 + int(km/600)}
}

// world is the generated network, catalogue, stock and order source.
type world struct {
	shape
	rng      *rand.Rand
	depots   []depot
	network  [24][]sourcing.Warehouse // as the network stands at each hour (Brasília time)
	byID     map[string]int
	prefixes map[string][]string // CEP prefixes by state
	skus     []benchSKU
	sold     []int // cumulative sales, to draw SKUs by popularity
	stock    stockMap
}

type depot struct {
	id, code, state string
	cutoff          int // local hour after which it ships tomorrow
}

type benchSKU struct {
	id, category string
	grams        int64
}

type benchOrder struct {
	req  sourcing.Request
	hour int
}

type stockKey struct{ warehouse, product string }

type stockMap map[stockKey]int64

func (s stockMap) available(w, p string) int64 { return s[stockKey{w, p}] }

func (s stockMap) clone() stockMap { return maps.Clone(s) }

func newWorld(sh shape, o SourcingOptions) *world {
	w := &world{shape: sh, rng: rand.New(rand.NewPCG(o.Seed, 1)), byID: map[string]int{}, prefixes: map[string][]string{}}
	for st, s := range brazil {
		w.prefixes[st] = s.prefixes()
	}
	w.placeDepots(o.Warehouses)
	w.buildCatalogue()
	w.buildNetwork()
	w.stockUp(o.Orders)
	return w
}

// placeDepots puts one warehouse in each state with the most sellers, and
// second sites in the leading states if more are asked for than there are
// seller states.
func (w *world) placeDepots(n int) {
	for i := range n {
		st := w.sellerStates[i%len(w.sellerStates)]
		code := "BR-" + st
		if round := i / len(w.sellerStates); round > 0 {
			code += strconv.Itoa(round + 1)
		}
		w.byID["wh-"+code] = i
		w.depots = append(w.depots, depot{id: "wh-" + code, code: code, state: st, cutoff: 15 + w.rng.IntN(4)})
	}
}

func (w *world) buildCatalogue() {
	total := 0
	for i, p := range w.products {
		w.skus = append(w.skus, benchSKU{id: fmt.Sprintf("sku-%05d", i), category: p.category, grams: w.weights[w.rng.IntN(len(w.weights))]})
		total += p.sold
		w.sold = append(w.sold, total)
	}
}

// buildNetwork gives every warehouse a rate to every state; every fourth
// is an ambient site that handles no frozen goods. Its ship delay is worked
// out for each hour from its cut-off and time zone, as the engine would.
func (w *world) buildNetwork() {
	var ambient []string
	for _, s := range w.skus {
		if s.category != "frozen" && !slices.Contains(ambient, s.category) {
			ambient = append(ambient, s.category)
		}
	}
	for i, d := range w.depots {
		base := sourcing.Warehouse{ID: d.id, Code: d.code, Country: "BR"}
		for _, dest := range slices.Sorted(maps.Keys(brazil)) {
			r := rate(d.state, dest)
			for _, p := range w.prefixes[dest] {
				r.Prefix = p
				base.Regions = append(base.Regions, r)
			}
		}
		if i%4 == 3 {
			base.Categories = ambient
		}
		for h := range 24 {
			wh := base
			if local := (h + brazil[d.state].utc + 3 + 24) % 24; local >= d.cutoff {
				wh.ShipDelayDays = 1
			}
			w.network[h] = append(w.network[h], wh)
		}
	}
}

// quantities is how many units an order line asks for: mostly one.
var quantities = []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3}

// stockUp stocks each SKU in a random subset of the warehouses (best
// sellers in most, the long tail in a few) with a quarter more units than
// the stream is expected to ask for, split unevenly, so that one warehouse
// rarely holds a whole basket and stock runs out here and there: the
// conditions in which sourcing decisions matter.
func (w *world) stockUp(orders int) {
	w.stock = stockMap{}
	var lines float64
	for _, n := range w.basketSizes {
		lines += float64(n)
	}
	units := float64(orders) * lines / float64(len(w.basketSizes)) * float64(sum(quantities)) / float64(len(quantities))
	rank := make([]int, len(w.skus))
	for i := range rank {
		rank[i] = i
	}
	slices.SortStableFunc(rank, func(a, b int) int { return w.products[b].sold - w.products[a].sold })
	total := float64(w.sold[len(w.sold)-1])
	for r, i := range rank {
		expected := units * float64(w.products[i].sold) / total
		w.spread(w.skus[i].id, int64(math.Ceil(1.25*expected)), 0.8-0.55*float64(r)/float64(len(rank)))
	}
}

// spread shares units of a product among the warehouses that hold it, each
// holding with probability p, at least one holding, each holder at least one
// unit.
func (w *world) spread(product string, units int64, p float64) {
	var holders []int
	var shares []float64
	var all float64
	for i := range w.depots {
		if w.rng.Float64() < p {
			holders = append(holders, i)
			shares = append(shares, w.rng.ExpFloat64())
			all += shares[len(shares)-1]
		}
	}
	if len(holders) == 0 {
		holders, shares, all = []int{w.rng.IntN(len(w.depots))}, []float64{1}, 1
	}
	for k, i := range holders {
		w.stock[stockKey{w.depots[i].id, product}] = max(1, int64(math.Round(float64(units)*shares[k]/all)))
	}
}

// stream draws the orders: a real basket size, distinct SKUs by
// popularity, a destination from the customers' state mix, an hour of the
// day, and for most a promised delivery.
func (w *world) stream(n int) []benchOrder {
	out := make([]benchOrder, n)
	for i := range out {
		dest := w.destinations[w.rng.IntN(len(w.destinations))]
		req := sourcing.Request{Country: "BR", PostalCode: w.postal(dest), PromisedDays: []int{0, 0, 2, 3, 3, 5}[w.rng.IntN(6)]}
		size := w.basketSizes[w.rng.IntN(len(w.basketSizes))]
		for tries := 0; len(req.Lines) < size && tries < 3*size; tries++ {
			s := w.skus[w.draw()]
			if slices.ContainsFunc(req.Lines, func(l sourcing.Line) bool { return l.ProductID == s.id }) {
				continue
			}
			req.Lines = append(req.Lines, sourcing.Line{ProductID: s.id, Category: s.category, WeightGrams: s.grams,
				Quantity: quantities[w.rng.IntN(len(quantities))]})
		}
		out[i] = benchOrder{req: req, hour: w.hours[w.rng.IntN(len(w.hours))]}
	}
	return out
}

// draw picks a SKU with probability proportional to its sales.
func (w *world) draw() int {
	i, _ := slices.BinarySearch(w.sold, 1+w.rng.IntN(w.sold[len(w.sold)-1]))
	return i
}

// postal makes an eight-digit CEP in the state.
func (w *world) postal(st string) string {
	p := w.prefixes[st][w.rng.IntN(len(w.prefixes[st]))]
	for len(p) < 8 {
		p += strconv.Itoa(w.rng.IntN(10))
	}
	return p
}

// eligible says whether the warehouse may ship the line to the destination.
func (w *world) eligible(id string, req sourcing.Request, l sourcing.Line) bool {
	i, ok := w.byID[id]
	if !ok {
		return false
	}
	wh := w.network[0][i]
	serves := slices.ContainsFunc(wh.Regions, func(r sourcing.Region) bool {
		return r.Country == req.Country && strings.HasPrefix(req.PostalCode, r.Prefix)
	})
	return serves && (len(wh.Categories) == 0 || slices.Contains(wh.Categories, l.Category))
}
