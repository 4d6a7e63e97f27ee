package bench

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// TrackingOptions configure `waybill bench tracking`.
type TrackingOptions struct {
	DB           string // a postgres:// URL (a fresh schema in it), else a fresh SQLite file in Dir
	Dir          string
	Orders       int     // shipped orders; every fifth has two parcels
	Duplicates   float64 // share of the stream that repeats an event already in it
	BatchMin     int     // events per webhook call, drawn from BatchMin..BatchMax
	BatchMax     int
	Workers      int     // concurrent webhook callers (closed load)
	Rate         float64 // events per second offered (open load): each call is sent when it falls due, whatever is in flight; 0: closed load
	NaiveParcels int     // parcels whose events the baseline ingests (0: none)
	Seed         uint64
	Log          *slog.Logger
}

// TrackingReport is every figure of one run.
type TrackingReport struct {
	Database     string  `json:"database"`
	CPUs         int     `json:"cpus"`
	Orders       int     `json:"orders"`
	Parcels      int     `json:"parcels"`
	SetupSeconds float64 `json:"setup_seconds"`

	Events       int     `json:"events_sent"`
	Unique       int     `json:"events_unique"`
	Repeats      int     `json:"events_repeated"`
	Calls        int     `json:"calls"`
	BatchMin     int     `json:"batch_min"`
	BatchMax     int     `json:"batch_max"`
	Workers      int     `json:"workers"`
	Rate         float64 `json:"offered_events_per_sec,omitempty" doc:"Open load: events per second offered, each call sent when it fell due; its latency counts from then"`
	Seconds      float64 `json:"seconds"`
	EventsPerSec float64 `json:"events_per_sec" doc:"Events sent (new and repeated) over the wall time of all calls"`
	CPUSeconds   float64 `json:"cpu_seconds" doc:"CPU time of the whole process (Waybill's side and the callers) while the calls ran"`
	EventsPerCPU float64 `json:"events_per_cpu_sec" doc:"Events sent over that CPU time: the rate on a machine shared with other work"`
	CallLatency  Latency `json:"call_latency"`
	New          int     `json:"events_new"`
	Duplicates   int     `json:"events_duplicate"`
	Applied      int     `json:"events_applied"`

	Checks TrackingChecks `json:"checks"`
	Floor  FloorTracking  `json:"floor" doc:"The writes alone: the ceiling for Ingest on this machine"`
	Naive  NaiveTracking  `json:"naive"`
}

// RunTracking sets up shipped orders (not timed), sends every parcel's
// journey shuffled and with repeats through track.Store.Ingest in webhook
// sized calls (timed), checks where every parcel, fulfilment and order
// ended, and runs the naive baseline on a share of the same stream. A
// wrong end state fails the run.
func RunTracking(ctx context.Context, o TrackingOptions) (TrackingReport, error) {
	rep := TrackingReport{CPUs: runtime.GOMAXPROCS(0), Orders: o.Orders, BatchMin: o.BatchMin, BatchMax: o.BatchMax, Workers: o.Workers, Rate: o.Rate}
	fresh, err := Fresh(ctx, o.DB, o.Dir)
	if err != nil {
		return rep, err
	}
	defer fresh.Close()
	d, err := db.Open(ctx, fresh.URL, db.Options{})
	if err != nil {
		return rep, err
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		return rep, err
	}
	rep.Database = string(d.Dialect())

	start := time.Now()
	ts := track.New(d, nil)
	w, err := seedTracking(ctx, d, ts, o.Orders)
	if err != nil {
		return rep, err
	}
	rep.Parcels = len(w.parcels)
	rng := rand.New(rand.NewPCG(o.Seed, 14))
	st := makeStream(rng, w, time.Now().UTC(), o.Duplicates)
	calls := st.batches(rng, o.BatchMin, o.BatchMax)
	rep.Events, rep.Unique, rep.Repeats, rep.Calls = len(st.events), st.unique, len(st.events)-st.unique, len(calls)
	rep.SetupSeconds = time.Since(start).Seconds()
	o.Log.Info("set up", "orders", o.Orders, "parcels", rep.Parcels, "events", rep.Events, "seconds", rep.SetupSeconds)

	var mu sync.Mutex
	cpu0, cpuOK := processCPU()
	drive := func(ctx context.Context, send func(context.Context, []ship.TrackingEvent) error) (time.Duration, []time.Duration, error) {
		if o.Rate > 0 {
			return offerCalls(ctx, calls, o.Rate, send)
		}
		return driveCalls(ctx, calls, o.Workers, send)
	}
	elapsed, times, err := drive(ctx, func(ctx context.Context, evs []ship.TrackingEvent) error {
		res, err := ts.Ingest(ctx, trackCarrier, track.FromWebhook, evs)
		if err != nil {
			return err
		}
		mu.Lock()
		rep.New, rep.Duplicates, rep.Applied = rep.New+res.New, rep.Duplicates+res.Duplicates, rep.Applied+res.Applied
		mu.Unlock()
		if len(res.Unknown) > 0 {
			return fmt.Errorf("the stage knows no parcel %s", res.Unknown[0])
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("ingest: %w", err)
	}
	rep.Seconds = elapsed.Seconds()
	rep.EventsPerSec = float64(rep.Events) / rep.Seconds
	if cpu1, ok := processCPU(); ok && cpuOK {
		rep.CPUSeconds = (cpu1 - cpu0).Seconds()
		rep.EventsPerCPU = float64(rep.Events) / rep.CPUSeconds
	}
	rep.CallLatency = latency(times)
	o.Log.Info("ingested", "events", rep.Events, "seconds", rep.Seconds, "per_sec", rep.EventsPerSec)

	if rep.Checks, err = checkTracking(ctx, d, w, st); err != nil {
		return rep, err
	}
	if rep.New != st.unique || rep.Duplicates != rep.Repeats {
		return rep, fmt.Errorf("the calls kept %d events new and %d as duplicates; %d were unique and %d repeats",
			rep.New, rep.Duplicates, st.unique, rep.Repeats)
	}
	parcelOf := make(map[string]string, len(w.parcels))
	for _, p := range w.parcels {
		parcelOf[p.tracking] = p.id
	}
	if rep.Floor, err = runFloor(ctx, d, st, calls, parcelOf, o.Workers); err != nil {
		return rep, err
	}
	if o.NaiveParcels > 0 {
		rep.Naive, err = runNaive(ctx, d, w, st, rng, o)
	}
	return rep, err
}

// driveCalls sends every call from workers goroutines, each taking the next
// call when its last is answered; it returns the wall time and each
// call's time, and stops at the first error.
func driveCalls(ctx context.Context, calls [][]ship.TrackingEvent, workers int, send func(context.Context, []ship.TrackingEvent) error) (time.Duration, []time.Duration, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	times := make([]time.Duration, len(calls))
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				if err := send(ctx, calls[i]); err != nil {
					cancel(err)
					continue
				}
				times[i] = time.Since(t)
			}
		}()
	}
feed:
	for i := range calls {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return time.Since(start), times, context.Cause(ctx)
}

// offerCalls is open load, as carriers' webhooks arrive: each call is
// sent at its due time (the events before it at rate per second) in its
// own goroutine, whatever is still in flight. It returns the time to the
// last answer and each call's time from when it fell due, so a system
// that falls behind shows it in both.
func offerCalls(ctx context.Context, calls [][]ship.TrackingEvent, rate float64, send func(context.Context, []ship.TrackingEvent) error) (time.Duration, []time.Duration, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	times := make([]time.Duration, len(calls))
	var wg sync.WaitGroup
	start := time.Now()
	sent := 0
	for i, c := range calls {
		due := start.Add(time.Duration(float64(sent) / rate * float64(time.Second)))
		sent += len(c)
		select {
		case <-time.After(time.Until(due)):
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			if err := send(ctx, c); err != nil {
				cancel(err)
				return
			}
			times[i] = time.Since(due)
		})
	}
	wg.Wait()
	return time.Since(start), times, context.Cause(ctx)
}
