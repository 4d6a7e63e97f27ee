package batch

import (
	"math/rand/v2"
	"slices"
)

// Options tune the optimiser; the zero value is the default.
type Options struct {
	// Seed draws the order in which local search visits orders; one seed,
	// one plan.
	Seed uint64
	// Passes bounds local search over all orders per start (default 50).
	Passes int
}

// Optimize batches the orders to walk as little as possible in total,
// within the cart's capacity and the problem's due spread. It builds two
// plans, by seed construction and by Clarke-Wright savings, improves each
// by local search (moving and swapping orders between batches, re-routing
// the walks they touch), and returns the shortest of them, the
// first-come-first-served plan and picking order by order, so it is never
// worse than either baseline. (Picking order by order can win only where
// orders walked together may walk further than apart: with precedence
// classes, or a heuristic router. Local search from the FCFS plan itself
// was tried and never won on the benchmark's instances, so its time is
// saved.)
func Optimize(p Problem, o Options) (Plan, error) {
	fcfs, err := FCFS(p)
	if err != nil {
		return Plan{}, err
	}
	passes := o.Passes
	if passes <= 0 {
		passes = 50
	}
	best := fcfs
	base := newState(p)
	for k, build := range []func(*state){(*state).seedBuild, (*state).savingsBuild} {
		s := base.empty()
		build(s)
		s.localSearch(passes, rand.New(rand.NewPCG(o.Seed, uint64(k))))
		if pl := s.plan(); pl.Distance < best.Distance-eps {
			best = pl
		}
	}
	single := 0.0
	for _, d := range base.single {
		single += d
	}
	if single < best.Distance-eps {
		return PickByOrder(p)
	}
	return best, nil
}

// empty is an empty batching over the same orders, sharing what does not
// change (points, walks alone).
func (s *state) empty() *state {
	t := *s
	t.of = slices.Repeat([]int{-1}, len(s.of))
	t.bs = nil
	t.gone = make([]bool, len(s.gone))
	t.scratch = nil
	return &t
}

// plan turns the state's non-empty batches into a Plan in release order.
// Each batch is routed afresh by Route, as the baselines' batches are, so
// plans are compared on one router and a set of orders always walks the
// same distance whichever method chose it.
func (s *state) plan() Plan {
	var pl Plan
	for _, w := range s.bs {
		if len(w.orders) > 0 {
			pl.Batches = append(pl.Batches, s.p.batchOf(w.orders))
		}
	}
	s.p.sortBatches(pl.Batches)
	pl.total()
	return pl
}
