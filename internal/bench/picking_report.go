package bench

import (
	"fmt"
	"strings"
)

// String prints the report as the text `waybill bench picking` shows.
func (r PickingReport) String() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("Picking shift on %s (%d CPUs): %d released fulfilments (%d lines) of %d products in %d bins, set up in %.0f s\n",
		r.Database, r.CPUs, r.Orders, r.Lines, r.Products, r.Bins, r.SetupSeconds)
	p("  %d pickers on the HTTP API, waves of %s, at most %d fulfilments, carts of %d totes\n",
		r.Pickers, r.Strategy, r.WaveOrders, r.CartTotes)
	p("shift: %.1f s\n", r.ShiftSeconds)
	p("  scans        %6d accepted  %7.1f /s sustained   (+%d wrong bin refused 422, %d repeated scan_id replayed)\n",
		r.Scans, r.ScansPerSec, r.WrongScans, r.ReplayedScans)
	l := r.ScanLatency
	p("  scan latency p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms  (%d requests)\n", l.P50ms, l.P95ms, l.P99ms, l.MaxMs, l.Count)
	l = r.QuietLatency
	p("    while no wave was released: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms  (%d requests)\n", l.P50ms, l.P95ms, l.P99ms, l.MaxMs, l.Count)
	l = r.ClaimLatency
	p("  claims       %6d           %7.1f /s   p50 %.1f  p99 %.1f  max %.1f ms\n", r.Claims, r.ClaimsPerSec, l.P50ms, l.P99ms, l.MaxMs)
	l = r.WaveRelease
	p("  waves        %6d released (%d tasks) in %.1f s: each p50 %.0f  max %.0f ms\n", r.Waves, r.Tasks, r.ReleaseSeconds, l.P50ms, l.MaxMs)
	p("  picked       %6d fulfilments, %d units\n", r.Picked, r.UnitsPicked)
	w := r.Walking
	p("walking, the same fulfilments from the same bins:\n")
	p("  optimiser (the waves' planned walks)       %10.0f m\n", w.Optimiser)
	p("  pick-by-order, bin-code order (Odoo/ERPNext) %8.0f m   saved %.1f %%\n", w.ByOrderBinCode, w.SavedVsBinCode)
	p("  pick-by-order, optimal routes (route.Plan)  %9.0f m   saved %.1f %%\n", w.ByOrderRouted, w.SavedVsRouted)
	c := r.Checks
	p("after the shift: fulfilments %v; units ordered %d, picked in the ledger %d; reconcile ok=%v\n",
		c.ByStatus, c.UnitsOrdered, c.UnitsPicked, c.ReconcileOK)
	return b.String()
}
