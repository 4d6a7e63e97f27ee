package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/waybill/waybill/internal/pick/route"
)

// singleBlock routes Instances lists of every grid class exactly and by
// each heuristic; Held-Karp checks the exact method where the list is
// short enough. It returns the 30-pick lists for the speed test.
func (rep *RoutingReport) singleBlock(ctx context.Context, r *rand.Rand, grid []gridClass, n int) ([]instance, error) {
	s := &rep.SingleBlock
	s.Reference = "ratliff-rosenthal (exact); checked against held-karp on lists of at most 16 picks"
	var timed []instance
	for _, g := range grid {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		class := RoutingClass{Aisles: g.Aisles, Cells: g.Cells, Picks: g.Picks, PublishedMean: mean(g.published)}
		for range n {
			in := instance{l: g.layout(), picks: g.draw(r)}
			exact, err := route.Exact(in.l, in.picks)
			if err != nil {
				return nil, err
			}
			class.MeanOptimum += exact.Length / float64(n)
			s.Instances++
			if len(in.picks) <= route.MaxHeldKarp {
				hk, err := route.HeldKarp(in.l, in.picks, nil)
				if err != nil {
					return nil, err
				}
				s.Exact.add(exact.Length, hk.Length)
				if exact.Length < hk.Length-1e-9 {
					s.BelowExact++ // the exact method found a walk shorter than the optimum: a bug
				}
			}
			if err := s.heuristics(in, exact.Length); err != nil {
				return nil, err
			}
			if g.Picks == 30 {
				timed = append(timed, in)
			}
		}
		rep.Classes = append(rep.Classes, class)
	}
	return timed, nil
}

// multiBlock routes lists of 5, 10 and 15 picks on layouts of 2 to 4 blocks
// and 6 to 16 aisles, against Held-Karp.
func (rep *RoutingReport) multiBlock(ctx context.Context, r *rand.Rand, n int) error {
	s := &rep.MultiBlock
	s.Reference = "held-karp (exact on shortest-path distances)"
	for _, blocks := range []int{2, 3, 4} {
		for _, aisles := range []int{6, 10, 16} {
			for _, picks := range []int{5, 10, 15} {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				for range n {
					l, p := multiBlock(r, blocks, aisles, picks)
					hk, err := route.HeldKarp(l, p, nil)
					if err != nil {
						return err
					}
					s.Instances++
					if err := s.heuristics(instance{l, p}, hk.Length); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// heuristicRuns are the heuristics each report routes by: the optimiser's
// heuristic, S-shape, largest gap, combined.
var heuristicRuns = [4]func(route.Layout, []route.Location) (route.Route, error){
	func(l route.Layout, p []route.Location) (route.Route, error) { return route.Heuristic(l, p, nil) },
	route.SShape, route.LargestGap, route.Combined,
}

// heuristics routes one list by every heuristic and records its gap.
func (s *RoutingSet) heuristics(in instance, exact float64) error {
	for k, gap := range [4]*Gap{&s.Heuristic, &s.SShape, &s.LargestGap, &s.Combined} {
		got, err := heuristicRuns[k](in.l, in.picks)
		if err != nil {
			return err
		}
		if got.Length < exact-1e-9 {
			s.BelowExact++
		}
		gap.add(got.Length, exact)
	}
	return nil
}

// speed times, on one goroutine, the exact method on the grid's 30-pick
// lists, the heuristic on multi-block 30-pick lists and Held-Karp on
// multi-block 15-pick lists, each for about a second.
func (rep *RoutingReport) speed(r *rand.Rand, single []instance) {
	var multi, short []instance
	for range 200 {
		l, p := multiBlock(r, 2+r.IntN(3), 6+r.IntN(11), 30)
		multi = append(multi, instance{l, p})
		l, p = multiBlock(r, 2+r.IntN(3), 6+r.IntN(11), 15)
		short = append(short, instance{l, p})
	}
	w, c := &rep.RoutesPerSec, &rep.RoutesPerCPUSec
	w.ExactSingleBlock, c.ExactSingleBlock = perSecond(single, func(in instance) { _, _ = route.Exact(in.l, in.picks) })
	w.HeuristicMultiBlock, c.HeuristicMultiBlock = perSecond(multi, func(in instance) { _, _ = route.Heuristic(in.l, in.picks, nil) })
	w.HeldKarpMultiBlock15, c.HeldKarpMultiBlock15 = perSecond(short, func(in instance) { _, _ = route.HeldKarp(in.l, in.picks, nil) })
}

// perSecond routes the lists round and round for about a second, on one
// OS thread, and returns routes per wall-clock second and per CPU second
// of that thread (0 where not measured).
func perSecond(ins []instance, run func(instance)) (wall, cpu float64) {
	if len(ins) == 0 {
		return 0, 0
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu0, ok := threadCPU()
	start, routes := time.Now(), 0
	for time.Since(start) < time.Second {
		for _, in := range ins {
			run(in)
		}
		routes += len(ins)
	}
	wall = float64(routes) / time.Since(start).Seconds()
	if cpu1, ok1 := threadCPU(); ok && ok1 && cpu1 > cpu0 {
		cpu = float64(routes) / (cpu1 - cpu0).Seconds()
	}
	return wall, cpu
}

func (rep *RoutingReport) finish() {
	rep.ExactMeanGap, rep.ExactWorstGap = rep.SingleBlock.Exact.Mean, rep.SingleBlock.Exact.Worst
	rep.HeuristicMeanGap = rep.MultiBlock.Heuristic.Mean
	rep.SShapeMeanGap, rep.LargestGapMeanGap = rep.MultiBlock.SShape.Mean, rep.MultiBlock.LargestGap.Mean
	n := 0.0
	for _, c := range rep.Classes {
		if c.PublishedMean > 0 {
			rep.PublishedRatio += c.MeanOptimum / c.PublishedMean
			n++
		}
	}
	if n > 0 {
		rep.PublishedRatio /= n
	}
	rep.Targets.SingleBlockGap = rep.SingleBlock.Exact.Instances > 0 && rep.ExactWorstGap == 0 && rep.SingleBlock.BelowExact == 0
	rep.Targets.MultiBlockGap = rep.MultiBlock.Heuristic.Instances > 0 && rep.HeuristicMeanGap <= 0.03
	rep.Targets.Speed = min(rep.RoutesPerSec.ExactSingleBlock, rep.RoutesPerSec.HeuristicMultiBlock) >= 10_000
	rep.Notes = append(rep.Notes, fmt.Sprintf("routes/s on one goroutine of a %d-CPU machine shared with other work", rep.CPUs))
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
