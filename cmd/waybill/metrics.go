package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
)

// registerMetrics publishes the order engine's and the job runner's
// counters on /metrics, read from their own counters at scrape time.
func registerMetrics(reg prometheus.Registerer, engine *order.Engine, orders *order.Store, runner *job.Runner) {
	counter := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f)
	}
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	reg.MustRegister(
		counter("waybill_engine_batches_total", "Order batches committed by the intake engine.",
			func() float64 { return float64(engine.Stats().Batches) }),
		counter("waybill_engine_orders_total", "Order requests answered from committed batches.",
			func() float64 { return float64(engine.Stats().Orders) }),
		counter("waybill_engine_fallbacks_total", "Batches that failed whole and were retried order by order.",
			func() float64 { return float64(engine.Stats().Fallbacks) }),
		gauge("waybill_engine_queued", "Order requests waiting for the engine's writer.",
			func() float64 { return float64(engine.Queued()) }),
		counter("waybill_jobs_claimed_total", "Job attempts claimed by this instance.",
			func() float64 { return float64(runner.Stats().Claimed) }),
		counter("waybill_jobs_succeeded_total", "Jobs finished successfully.",
			func() float64 { return float64(runner.Stats().Succeeded) }),
		counter("waybill_jobs_retried_total", "Job attempts that failed and were scheduled again.",
			func() float64 { return float64(runner.Stats().Retried) }),
		counter("waybill_jobs_failed_total", "Jobs given up on.",
			func() float64 { return float64(runner.Stats().Failed) }),
		gauge("waybill_jobs_pending", "Jobs queued or running, of every kind and instance (the backlog).",
			func() float64 {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				n, err := runner.Pending(ctx)
				if err != nil {
					return -1
				}
				return float64(n)
			}),
		gauge("waybill_search_lag_seconds", "How far the order search indexes (e-mail, phone, SKU) are behind intake.",
			func() float64 {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				lag, err := orders.SearchLag(ctx)
				if err != nil {
					return -1
				}
				return lag.Seconds()
			}),
	)
}
