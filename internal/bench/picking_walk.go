package bench

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/pick/route"
)

// Walking is the shift's walking distance in metres, as planned by the
// wave (the optimiser: cluster carts batched and routed), against the same
// fulfilments picked one by one from the same bins: walked in bin-code
// order, as Odoo and ERPNext list a picking's moves (sorted by location
// name, each leg the shortest path on the layout), and walked by the
// router's optimal route for each.
type Walking struct {
	Optimiser      float64 `json:"optimiser_m"`
	ByOrderBinCode float64 `json:"by_order_bin_code_m"`
	ByOrderRouted  float64 `json:"by_order_routed_m"`
	WavesAlone     float64 `json:"waves_distance_alone_m" doc:"The waves' own figure for the fulfilments walked alone"`
	SavedVsBinCode float64 `json:"saved_vs_bin_code_pct"`
	SavedVsRouted  float64 `json:"saved_vs_routed_pct"`
}

// stopAt is one pick line of a fulfilment as the baselines walk it.
type stopAt struct {
	bin   string
	class int
}

// walking measures the waves' distances and the two baselines on the
// layout the waves were planned on.
func walking(waves []pick.Wave, l route.Layout, at map[string]route.Location) (Walking, error) {
	var w Walking
	byFul := map[string][]stopAt{}
	var fuls []string
	for _, wv := range waves {
		w.Optimiser += wv.Distance
		w.WavesAlone += wv.Alone
		for _, t := range wv.Tasks {
			for _, ln := range t.Lines {
				if _, ok := byFul[ln.Fulfilment]; !ok {
					fuls = append(fuls, ln.Fulfilment)
				}
				byFul[ln.Fulfilment] = append(byFul[ln.Fulfilment], stopAt{bin: ln.Bin, class: classOf(ln)})
			}
		}
	}
	for _, f := range fuls {
		stops := byFul[f]
		locs := make([]route.Location, len(stops))
		classes := make([]int, len(stops))
		for i, s := range stops {
			loc, ok := at[s.bin]
			if !ok {
				return w, fmt.Errorf("bin %s is not on the layout", s.bin)
			}
			locs[i], classes[i] = loc, s.class
		}
		order := make([]int, len(stops))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(stops[a].bin, stops[b].bin) })
		w.ByOrderBinCode += l.TourLength(locs, order)
		r, err := route.Plan(l, locs, route.Options{Classes: classes})
		if err != nil {
			return w, err
		}
		w.ByOrderRouted += r.Length
	}
	w.SavedVsBinCode = saved(w.Optimiser, w.ByOrderBinCode)
	w.SavedVsRouted = saved(w.Optimiser, w.ByOrderRouted)
	return w, nil
}

// classOf is a line's place in the walk as the wave orders it: heavy
// first, fragile last.
func classOf(l pick.Line) int {
	switch {
	case l.Heavy:
		return 0
	case l.Fragile:
		return 2
	}
	return 1
}

func saved(got, base float64) float64 {
	if base == 0 {
		return 0
	}
	return 100 * (1 - got/base)
}
