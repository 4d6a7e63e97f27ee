package bench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/pack/carton"
)

// This file is `waybill bench packing`: the loading core of
// internal/pack/carton on the Bischoff-Ratcliff instances (fill per file,
// time per instance), and the cartonizer against the volume rule on
// orders shaped by Olist products and Instacart baskets (packing_orders.go).

// PackingOptions configure a packing benchmark.
type PackingOptions struct {
	Data      string        // folder holding thpack/ (and olist/, instacart/ for the orders)
	File      string        // one thpack-format file instead of thpack1..4; no orders then
	Instances int           // per file at most; 0: all
	Budget    time.Duration // per instance
	Support   float64       // the support fraction of the second thpack run; 0: no second run
	Orders    int           // orders of the second part; 0: none
	Budget2   time.Duration // per order
	Seed      uint64
	Log       *slog.Logger // nil: silent
}

// PackingReport is every figure of one run. The thpack keys the issue
// names are at the top and are without the support rule, as the
// published figures are; Supported repeats them with it.
type PackingReport struct {
	CPUs   int           `json:"cpus"`
	Budget time.Duration `json:"budget_per_instance_ns"`
	FillFigures
	Supported *FillFigures   `json:"with_support,omitempty"`
	Orders    *OrdersFigures `json:"orders,omitempty"`
	Files     []PackingFile  `json:"files"`
	Targets   PackingTargets `json:"targets_met"`
	Notes     []string       `json:"notes,omitempty"`
	file      string         // --file: only its mean
}

// FillFigures is the loading core's fill on the instances: per published
// file, their mean, and the wall-clock time per instance.
type FillFigures struct {
	Support    float64  `json:"support"` // 0: rule off
	FillBR1    *float64 `json:"fill_br1,omitempty"`
	FillBR2    *float64 `json:"fill_br2,omitempty"`
	FillBR3    *float64 `json:"fill_br3,omitempty"`
	FillBR4    *float64 `json:"fill_br4,omitempty"`
	MeanFill   float64  `json:"mean_fill"`
	SecondsPer float64  `json:"seconds_per_instance"`
	// CPUPer is the process's CPU time per instance: on a shared machine
	// the wall clock also counts the time others had the CPU.
	CPUPer    float64 `json:"cpu_seconds_per_instance"`
	WorstFill float64 `json:"worst_fill"`
	Instances int     `json:"instances"`
}

// PackingFile is one file's figures in one run.
type PackingFile struct {
	Name      string  `json:"name"`
	Support   float64 `json:"support"`
	Instances int     `json:"instances"`
	MeanFill  float64 `json:"mean_fill"`
	WorstFill float64 `json:"worst_fill"`
	Seconds   float64 `json:"seconds_per_instance"`
	CPU       float64 `json:"cpu_seconds_per_instance"`
	MeanWidth float64 `json:"mean_lookahead_width"`
}

// PackingTargets are the targets, measured.
type PackingTargets struct {
	Fill  bool `json:"mean_fill_at_least_90pct"`
	Speed bool `json:"at_most_2s_per_instance"`
}

// RunPacking runs the loading core on the files, then the orders.
func RunPacking(ctx context.Context, o PackingOptions) (PackingReport, error) {
	rep := PackingReport{CPUs: runtime.NumCPU(), Budget: o.Budget, file: o.File}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		rep.Notes = append(rep.Notes, "load average at the start (1, 5, 15 min; runnable/all): "+strings.TrimSpace(string(b)))
	}
	log := cmp.Or(o.Log, slog.New(slog.DiscardHandler))
	files := []string{o.File}
	if o.File == "" {
		dir := filepath.Join(o.Data, "thpack")
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			return rep, fmt.Errorf("packing bench: %s not found: give --data the folder holding thpack/thpack1..4.txt (../shared/data beside the repository) or --file", dir)
		}
		files = nil
		for n := 1; n <= 4; n++ {
			files = append(files, filepath.Join(dir, fmt.Sprintf("thpack%d.txt", n)))
		}
	}
	sets := make([][]carton.Instance, len(files))
	for i, f := range files {
		in, err := readThpack(f, o.Instances)
		if err != nil {
			return rep, err
		}
		sets[i] = in
	}
	supports := []float64{0}
	if o.Support > 0 {
		supports = append(supports, o.Support)
	}
	for _, sup := range supports {
		fig := FillFigures{Support: sup, WorstFill: 1}
		var seconds, cpu float64
		for i, f := range files {
			pf, err := runFile(ctx, f, sets[i], sup, o, log)
			if err != nil {
				return rep, err
			}
			rep.Files = append(rep.Files, pf)
			if o.File == "" {
				fig.setBR(i, pf.MeanFill)
			}
			fig.MeanFill += pf.MeanFill * float64(pf.Instances)
			seconds += pf.Seconds * float64(pf.Instances)
			cpu += pf.CPU * float64(pf.Instances)
			fig.Instances += pf.Instances
			fig.WorstFill = min(fig.WorstFill, pf.WorstFill)
		}
		fig.MeanFill /= float64(fig.Instances)
		fig.SecondsPer = seconds / float64(fig.Instances)
		fig.CPUPer = cpu / float64(fig.Instances)
		if sup == 0 {
			rep.FillFigures = fig
		} else {
			rep.Supported = &fig
		}
	}
	rep.Notes = append(rep.Notes, "fill_br1..4, mean_fill and seconds_per_instance are without the support rule, as the published figures (Parreño et al. 2008: 92.95/93.95/93.54/93.05 %) are; "+
		"with_support repeats the run with every box resting on that share of its base; the orientation flags of the files are kept in both")
	rep.Targets.Fill = rep.MeanFill >= 0.90 && (rep.Supported == nil || rep.Supported.MeanFill >= 0.90)
	rep.Targets.Speed = rep.SecondsPer <= 2 && (rep.Supported == nil || rep.Supported.SecondsPer <= 2)
	if o.File == "" && o.Orders > 0 {
		of, err := runOrders(ctx, o, &rep, log)
		if err != nil {
			return rep, err
		}
		rep.Orders = &of
	}
	return rep, nil
}

// readThpack reads at most n instances of a file (0: all).
func readThpack(path string, n int) ([]carton.Instance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("packing bench: %w", err)
	}
	defer f.Close()
	in, err := carton.ParseThpack(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if n > 0 && n < len(in) {
		in = in[:n]
	}
	return in, nil
}

// runFile loads every instance of one file, one after the other.
func runFile(ctx context.Context, name string, ins []carton.Instance, support float64, o PackingOptions, log *slog.Logger) (PackingFile, error) {
	pf := PackingFile{Name: filepath.Base(name), Support: support, Instances: len(ins), WorstFill: 1}
	var width float64
	start, cpu := time.Now(), cpuTime()
	for _, in := range ins {
		if err := ctx.Err(); err != nil {
			return pf, err
		}
		r, err := carton.Pack(ctx, in.Container, in.Boxes, carton.Options{Budget: o.Budget, Seed: o.Seed, Support: support})
		if err != nil {
			return pf, fmt.Errorf("%s problem %d: %w", name, in.Number, err)
		}
		pf.MeanFill += r.Fill
		pf.WorstFill = min(pf.WorstFill, r.Fill)
		width += float64(r.Width)
	}
	pf.Seconds = time.Since(start).Seconds() / float64(len(ins))
	pf.CPU = (cpuTime() - cpu) / float64(len(ins))
	pf.MeanFill /= float64(len(ins))
	pf.MeanWidth = width / float64(len(ins))
	log.Info("packing", "file", pf.Name, "support", support, "fill", pf.MeanFill, "seconds_per_instance", pf.Seconds)
	return pf, nil
}

// setBR sets the fill of published file i (0: BR1).
func (f *FillFigures) setBR(i int, fill float64) {
	switch i {
	case 0:
		f.FillBR1 = &fill
	case 1:
		f.FillBR2 = &fill
	case 2:
		f.FillBR3 = &fill
	case 3:
		f.FillBR4 = &fill
	}
}
