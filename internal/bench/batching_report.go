package bench

import (
	"fmt"
	"strings"
)

// add sums another instance's figures into f.
func (f *BatchingFigures) add(g BatchingFigures) {
	f.Orders += g.Orders
	for _, w := range []struct{ into, from *Walks }{{&f.Single, &g.Single}, {&f.FCFS, &g.FCFS}, {&f.Optimized, &g.Optimized}} {
		w.into.Distance += w.from.Distance
		w.into.Batches += w.from.Batches
	}
	f.Seconds += g.Seconds
	f.CPUSeconds += g.CPUSeconds
	f.SingleSeconds += g.SingleSeconds
	f.FCFSSeconds += g.FCFSSeconds
	if g.Exact != nil {
		if f.Exact == nil {
			f.Exact = &Walks{}
		}
		f.Exact.Distance += g.Exact.Distance
		f.Exact.Batches += g.Exact.Batches
		f.exactFCFSSum += g.exactFCFSSum
	}
}

// finish derives the reductions and the speed.
func (f *BatchingFigures) finish() {
	if f.Single.Distance > 0 {
		f.VsSingle = 1 - f.Optimized.Distance/f.Single.Distance
	}
	if f.FCFS.Distance > 0 {
		f.VsFCFS = 1 - f.Optimized.Distance/f.FCFS.Distance
	}
	if f.Seconds > 0 {
		f.OptimizedOrder = float64(f.Orders) / f.Seconds
	}
	if f.Exact != nil && f.Exact.Distance > 0 && f.exactFCFSSum > 0 {
		f.ExactGap = f.Optimized.Distance/f.Exact.Distance - 1
		f.ExactVsFCFS = 1 - f.Exact.Distance/f.exactFCFSSum
	}
}

// String is the report for people: a row per instance, then the total.
func (r BatchingReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "batching: seed %d, %d CPUs; the optimiser's wall-clock seconds and the process's CPU seconds meanwhile\n", r.Seed, r.CPUs)
	fmt.Fprintf(&b, "%-52s %6s %17s %17s %17s %8s %8s %9s %9s\n", "instance", "orders",
		"pick-by-order", "fcfs", "optimised", "vs one", "vs fcfs", "seconds", "cpu s")
	row := func(name string, f BatchingFigures) {
		w := func(x Walks) string { return fmt.Sprintf("%10.1f (%3d)", x.Distance, x.Batches) }
		fmt.Fprintf(&b, "%-52s %6d %17s %17s %17s %7.1f%% %7.1f%% %9.4f %9.4f\n", name, f.Orders,
			w(f.Single), w(f.FCFS), w(f.Optimized), 100*f.VsSingle, 100*f.VsFCFS, f.Seconds, f.CPUSeconds)
	}
	for _, in := range r.Instances {
		if !in.Generated {
			row(in.Name, in.BatchingFigures)
		}
	}
	row("overall (files)", r.Overall)
	for _, in := range append(r.Instances, BatchingInstance{Name: "overall (files)", BatchingFigures: r.Overall}) {
		if in.Exact != nil {
			fmt.Fprintf(&b, "  exact batching of %s: %.1f (%d walks); the optimiser is %.2f%% above it; it is %.1f%% below FCFS\n",
				in.Name, in.Exact.Distance, in.Exact.Batches, 100*in.ExactGap, 100*in.ExactVsFCFS)
		}
	}
	for _, in := range r.Instances {
		if in.Generated {
			row(in.Name, in.BatchingFigures)
		}
	}
	if len(r.Aisles) > 0 {
		b.WriteString("on warehouses of aisles, every walk planned by internal/pick/route (metres):\n")
	}
	for _, in := range r.Aisles {
		row(in.Name, in.BatchingFigures)
	}
	b.WriteString("(distance in the layout's units, number of walks in brackets)\n")
	fmt.Fprintf(&b, "targets on the files: >= 35%% less walking than pick-by-order: %s; >= 10%% less than FCFS: %s\n",
		met(r.Targets.VsSingle), met(r.Targets.VsFCFS))
	fmt.Fprintf(&b, "targets on the generated instance: >= 35%%: %s; >= 10%%: %s; 500 orders under 2 s: %s\n",
		met(r.Targets.VsSingleGenerated), met(r.Targets.VsFCFSGenerated), met(r.Targets.Speed))
	if len(r.Aisles) > 0 {
		fmt.Fprintf(&b, "target on the aisle layouts: 500 orders under 2 s: %s\n", met(r.Targets.AislesSpeed))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}
