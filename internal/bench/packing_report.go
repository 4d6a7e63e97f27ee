package bench

import (
	"fmt"
	"strings"
)

// String is the report for people.
func (r PackingReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "packing: %d CPUs, budget %v per instance; fill is loaded volume over container volume\n", r.CPUs, r.Budget)
	fmt.Fprintf(&b, "%-14s %8s %10s %9s %9s %10s %10s %7s\n", "file", "support", "instances", "mean", "worst", "s/inst", "cpu s/inst", "width")
	for _, f := range r.Files {
		sup := "off"
		if f.Support > 0 {
			sup = fmt.Sprintf("%.0f%%", 100*f.Support)
		}
		fmt.Fprintf(&b, "%-14s %8s %10d %8.2f%% %8.2f%% %10.3f %10.3f %7.1f\n", f.Name, sup, f.Instances, 100*f.MeanFill, 100*f.WorstFill, f.Seconds, f.CPU, f.MeanWidth)
	}
	fmt.Fprintf(&b, "mean fill %.2f%% at %.3f s per instance (support rule off", 100*r.MeanFill, r.SecondsPer)
	if s := r.Supported; s != nil {
		fmt.Fprintf(&b, "); with %.0f%% support %.2f%% at %.3f s", 100*s.Support, 100*s.MeanFill, s.SecondsPer)
	}
	fmt.Fprintf(&b, ")\ntargets: fill >= 90%% %v, <= 2 s per instance %v\n", r.Targets.Fill, r.Targets.Speed)
	if o := r.Orders; o != nil {
		fmt.Fprintf(&b, "orders: %d (%d units), %s\n", o.Orders, o.Units, o.Source)
		fmt.Fprintf(&b, "%-28s %12s %12s\n", "", "cartonizer", "volume rule")
		fmt.Fprintf(&b, "%-28s %12.3f %12.3f (as claimed %.3f; %d of %d parcels did not fit)\n", "parcels per order",
			o.ParcelsPerOrder, o.ParcelsPerOrderVolumeRule, o.ParcelsPerOrderVolumeRuleClaimed, o.VolumeRuleNotFitting, o.VolumeRuleParcels)
		fmt.Fprintf(&b, "%-28s %12.2f %12.2f\n", "cost per order ($)", o.CostPerOrder, o.CostPerOrderVolumeRule)
		fmt.Fprintf(&b, "%-28s %12.2f %12.2f\n", "carton + postage ($)", o.CartonPostagePerOrder, o.CartonPostagePerOrderVolRule)
		fmt.Fprintf(&b, "%-28s %11.1f%% %11.1f%%\n", "void", o.VoidPct, o.VoidPctVolumeRule)
		fmt.Fprintf(&b, "cost reduction %.1f%% (%.1f%% on the parcels in cartons); %.1f orders/s; %d parcels in own packaging, %d the carrier refuses, %d orders cut by the budget\n",
			100*o.CostReduction, 100*o.CostReductionCartons, o.OrdersPerSec, o.OwnPackaging, o.CarrierRefuses, o.CutByBudget)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}
