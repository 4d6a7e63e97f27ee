package bench

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/waybill/waybill/internal/pick/batch"
)

// This file is `waybill bench batching`: the order batching optimiser of
// internal/pick/batch against picking order by order and against
// first-come-first-served batching, on Arbex Valle and Beasley's Foodmart
// instances (each with its own layout and cart), on a generated instance
// of many orders over the largest of those layouts, and on generated
// orders over warehouses of aisles routed by internal/pick/route
// (batching_aisles.go).

// BatchingOptions configure a batching benchmark.
type BatchingOptions struct {
	// Files are the instances to run; empty: the four Foodmart files in
	// Data plus the generated instance and the aisle cases.
	Files []string
	Data  string // folder holding picking/foodmart_d5_ord{5..8}.txt
	Seed  uint64
	// Generated is the number of orders of the generated instance (on the
	// last Foodmart layout), 0 for none; Cutoffs its due times, and those
	// of the aisle cases.
	Generated, Cutoffs int
	// AisleOrders are the numbers of orders of the aisle cases, run on
	// each aisle layout (batching_aisles.go); none with Files.
	AisleOrders []int
	Log         *slog.Logger // nil: silent
}

// BatchingReport is every figure of one run.
type BatchingReport struct {
	CPUs      int                `json:"cpus"`
	Seed      uint64             `json:"seed"`
	Instances []BatchingInstance `json:"instances"`
	// Overall sums the instances read from files.
	Overall BatchingFigures `json:"overall"`
	// Aisles are the cases on warehouses of aisles, routed by
	// internal/pick/route.
	Aisles []BatchingInstance `json:"aisle_layouts,omitempty"`
	// Targets are judged on the files overall and, apart, on the
	// generated instance.
	Targets struct {
		VsSingle          bool `json:"distance_reduction_vs_single_at_least_35pct"`
		VsFCFS            bool `json:"distance_reduction_vs_fcfs_at_least_10pct"`
		VsSingleGenerated bool `json:"generated_distance_reduction_vs_single_at_least_35pct"`
		VsFCFSGenerated   bool `json:"generated_distance_reduction_vs_fcfs_at_least_10pct"`
		Speed             bool `json:"500_orders_under_2s"`
		AislesSpeed       bool `json:"aisle_500_orders_under_2s"`
	} `json:"targets_met"`
	Notes []string `json:"notes,omitempty"`
}

// BatchingInstance is one instance's figures.
type BatchingInstance struct {
	Name      string `json:"name"`
	Generated bool   `json:"generated,omitempty"`
	BatchingFigures
}

// BatchingFigures are the walks of the three methods and the optimiser's
// time (building and searching, one core).
type BatchingFigures struct {
	Orders         int     `json:"orders"`
	Single         Walks   `json:"pick_by_order"`
	FCFS           Walks   `json:"fcfs"`
	Optimized      Walks   `json:"optimised"`
	VsSingle       float64 `json:"distance_reduction_vs_single"`
	VsFCFS         float64 `json:"distance_reduction_vs_fcfs"`
	Seconds        float64 `json:"seconds"`     // wall clock
	CPUSeconds     float64 `json:"cpu_seconds"` // the process's CPU time meanwhile (GC included)
	SingleSeconds  float64 `json:"pick_by_order_seconds"`
	FCFSSeconds    float64 `json:"fcfs_seconds"`
	OptimizedOrder float64 `json:"orders_per_second"`
	// Exact is the best batching (batch.Exact) where the instance is small
	// enough: the optimiser's gap to it, and what any batching at all can
	// save over FCFS there (the ceiling of vs-FCFS targets).
	Exact        *Walks  `json:"exact,omitempty"`
	ExactGap     float64 `json:"optimised_gap_to_exact,omitempty"`
	ExactVsFCFS  float64 `json:"exact_reduction_vs_fcfs,omitempty"`
	exactFCFSSum float64 // FCFS walking over the instances with an exact figure, for the total
}

// Walks is the total walking and the number of walks of one method.
type Walks struct {
	Distance float64 `json:"distance"`
	Batches  int     `json:"batches"`
}

// RunBatching runs every instance and sums the ones read from files.
func RunBatching(ctx context.Context, o BatchingOptions) (BatchingReport, error) {
	rep := BatchingReport{CPUs: runtime.NumCPU(), Seed: o.Seed}
	log := cmp.Or(o.Log, slog.New(slog.DiscardHandler))
	files := o.Files
	if len(files) == 0 {
		for n := 5; n <= 8; n++ {
			files = append(files, filepath.Join(o.Data, "picking", fmt.Sprintf("foodmart_d5_ord%d.txt", n)))
		}
	}
	var last batch.Problem
	for _, f := range files {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		in, err := readInstance(f)
		if err != nil {
			return rep, err
		}
		log.Info("batching", "file", f, "orders", len(in.Problem.Orders))
		fig, err := runBatching(func() (batch.Problem, error) { return in.Problem, nil }, o.Seed)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", f, err)
		}
		if fig.FCFS.Batches == 1 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: every order fits one cart, so FCFS already walks them all at once; "+
				"no batching can beat it there (both are routed alike)", filepath.Base(f)))
		} else if fig.Exact != nil {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: the exact batching saves %.1f%% over FCFS: no batching can save more there",
				filepath.Base(f), 100*fig.ExactVsFCFS))
		}
		rep.Instances = append(rep.Instances, BatchingInstance{Name: filepath.Base(f), BatchingFigures: fig})
		rep.Overall.add(fig)
		last = in.Problem
	}
	rep.Overall.finish()
	if o.Generated > 0 && len(o.Files) == 0 {
		p := batch.Generate(last, o.Generated, o.Cutoffs, o.Seed)
		log.Info("batching", "generated orders", o.Generated)
		fig, err := runBatching(func() (batch.Problem, error) { return p, nil }, o.Seed)
		if err != nil {
			return rep, fmt.Errorf("generated: %w", err)
		}
		name := fmt.Sprintf("generated, %d cut-offs, %s layout", o.Cutoffs, filepath.Base(files[len(files)-1]))
		rep.Instances = append(rep.Instances, BatchingInstance{Name: name, Generated: true, BatchingFigures: fig})
		rep.Targets.Speed = o.Generated >= 500 && fig.Seconds < 2
		rep.Targets.VsSingleGenerated, rep.Targets.VsFCFSGenerated = fig.VsSingle >= 0.35, fig.VsFCFS >= 0.10
	}
	if len(o.Files) == 0 {
		if err := runAisles(ctx, &rep, o); err != nil {
			return rep, err
		}
	}
	rep.Targets.VsSingle = rep.Overall.VsSingle >= 0.35
	rep.Targets.VsFCFS = rep.Overall.VsFCFS >= 0.10
	if rep.Overall.Exact != nil && !rep.Targets.VsFCFS {
		rep.Notes = append(rep.Notes, fmt.Sprintf("on the files together the exact batching saves %.1f%% over FCFS and the optimiser %.1f%%: "+
			"the 10%% target is above what any batching can do on these instances", 100*rep.Overall.ExactVsFCFS, 100*rep.Overall.VsFCFS))
	}
	return rep, nil
}

func readInstance(path string) (batch.Instance, error) {
	f, err := os.Open(path)
	if err != nil {
		return batch.Instance{}, err
	}
	defer f.Close()
	in, err := batch.ParseFoodmart(f)
	if err != nil {
		return batch.Instance{}, fmt.Errorf("%s: %w", path, err)
	}
	return in, nil
}

// runBatching batches one problem by the three methods, timing each; mk
// gives each method the problem afresh.
func runBatching(mk func() (batch.Problem, error), seed uint64) (BatchingFigures, error) {
	var fig BatchingFigures
	timed := func(run func(batch.Problem) (batch.Plan, error)) (Walks, float64, error) {
		p, err := mk()
		if err != nil {
			return Walks{}, 0, err
		}
		fig.Orders = len(p.Orders)
		return timedPlan(func() (batch.Plan, error) { return run(p) })
	}
	var err error
	fig.Single, fig.SingleSeconds, err = timed(batch.PickByOrder)
	if err != nil {
		return fig, err
	}
	fig.FCFS, fig.FCFSSeconds, err = timed(batch.FCFS)
	if err != nil {
		return fig, err
	}
	cpu := cpuTime()
	fig.Optimized, fig.Seconds, err = timed(func(p batch.Problem) (batch.Plan, error) { return batch.Optimize(p, batch.Options{Seed: seed}) })
	fig.CPUSeconds = cpuTime() - cpu
	if err == nil && fig.Orders <= batch.MaxExact {
		var ex Walks
		if ex, _, err = timed(batch.Exact); err == nil {
			fig.Exact, fig.exactFCFSSum = &ex, fig.FCFS.Distance
		}
	}
	fig.finish()
	return fig, err
}

// cpuTime is the CPU time the process has used, in seconds: on a shared
// machine it says what the run cost when the wall clock waited for others.
func cpuTime() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func timedPlan(run func() (batch.Plan, error)) (Walks, float64, error) {
	start := time.Now()
	pl, err := run()
	return Walks{Distance: pl.Distance, Batches: len(pl.Batches)}, time.Since(start).Seconds(), err
}
