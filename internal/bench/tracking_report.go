package bench

import (
	"fmt"
	"strings"
)

// String prints the report as the text `waybill bench tracking` shows.
func (r TrackingReport) String() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("Tracking ingestion on %s (%d CPUs): %d shipped orders, %d parcels handed over, set up in %.1f s\n",
		r.Database, r.CPUs, r.Orders, r.Parcels, r.SetupSeconds)
	if r.Rate > 0 {
		p("  %d events sent shuffled (%d unique, %d repeats), %d calls of %d..%d events offered at %.0f events/s (open load: each call\n"+
			"  sent when due, its latency counted from then)\n", r.Events, r.Unique, r.Repeats, r.Calls, r.BatchMin, r.BatchMax, r.Rate)
	} else {
		p("  %d events sent shuffled (%d unique, %d repeats), %d calls of %d..%d events from %d callers\n",
			r.Events, r.Unique, r.Repeats, r.Calls, r.BatchMin, r.BatchMax, r.Workers)
	}
	l := r.CallLatency
	p("track.Store.Ingest: %.2f s  %8.0f events/s   call p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms\n",
		r.Seconds, r.EventsPerSec, l.P50ms, l.P95ms, l.P99ms, l.MaxMs)
	if r.CPUSeconds > 0 {
		p("  %.2f CPU s in the process: %.0f events per CPU second\n", r.CPUSeconds, r.EventsPerCPU)
	}
	p("  %d new, %d duplicates, %d applied (moved their parcel)\n", r.New, r.Duplicates, r.Applied)
	c := r.Checks
	p("after the run: parcels %v, orders %v\n", c.ParcelsByStatus, c.OrdersByStatus)
	p("  wrong: %d parcels, %d orders, %d fulfilments; %d events kept, %d order.delivered, %d completion jobs, %d open cases, %d notice jobs\n",
		c.ParcelsWrong, c.OrdersWrong, c.FulfilmentsWrong, c.EventsKept, c.DeliveredEvents, c.CompletionJobs, c.Cases, c.NoticeJobs)
	if f := r.Floor; f.Transactions > 0 {
		p("floor, the writes alone (events kept, parcels moved; nothing read, no effects) in %d transactions of %d calls:\n", f.Transactions, r.Workers)
		p("  %.2f s  %8.0f events/s: Ingest runs at %.0f %% of it\n", f.Seconds, f.EventsPerSec, 100*r.EventsPerSec/f.EventsPerSec)
	}
	if n := r.Naive; n.Parcels > 0 {
		l := n.CallLatency
		p("baseline, one transaction per event, last event received wins (%d parcels, %d events):\n", n.Parcels, n.Events)
		p("  %.2f s  %8.0f events/s   call p50 %.1f  p99 %.1f ms   %.2f CPU s: %.0f events per CPU second\n",
			n.Seconds, n.EventsPerSec, l.P50ms, l.P99ms, n.CPUSeconds, n.EventsPerCPU)
		p("  %d parcels end in a wrong state (%.1f %%), %d delivered parcels moved back, %d marked delivered twice\n",
			n.Wrong, 100*float64(n.Wrong)/float64(n.Parcels), n.MovedBack, n.Delivered)
	}
	return b.String()
}
