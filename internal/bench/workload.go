package bench

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/order"
)

// Workload makes 3-line orders: each line is the hot SKU with probability
// HotShare, else a SKU drawn Zipf-skewed (exponent Skew) from the rest.
type Workload struct {
	SKUs     int
	Skew     float64
	HotShare float64
}

// generator is one worker's source of orders; not safe for concurrent use.
type generator struct {
	w      Workload
	rng    *rand.Rand
	zipf   *rand.Zipf
	worker int
	n      int
}

func (w Workload) generator(worker int, seed uint64) *generator {
	rng := rand.New(rand.NewPCG(seed, uint64(worker)))
	return &generator{w: w, rng: rng, worker: worker, zipf: rand.NewZipf(rng, w.Skew, 1, uint64(w.SKUs-2))}
}

// next returns a fresh, valid order request.
func (g *generator) next(run string) order.PlaceRequest {
	g.n++
	lines := make([]order.LineInput, 3)
	for i := range lines {
		sku := HotSKU
		if g.rng.Float64() >= g.w.HotShare {
			sku = skuName(1 + int(g.zipf.Uint64()))
		}
		lines[i] = order.LineInput{SKU: sku, Quantity: 1}
	}
	return order.PlaceRequest{
		Channel: "bench", ExternalRef: fmt.Sprintf("%s-%d-%d", run, g.worker, g.n), PaymentMethod: "prepaid", Currency: "USD",
		Customer: order.CustomerInput{Name: "Grace Hopper", Email: fmt.Sprintf("grace%d@example.com", g.n%1000), Phone: "+1 650-253-0000"},
		ShippingAddress: address.Address{Name: "Grace Hopper", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View",
			Region: "CA", PostalCode: "94043", Country: "US"},
		Lines: lines,
	}
}

// Result is what one measured run did.
type Result struct {
	Orders    int64         `json:"orders"`
	Refused   int64         `json:"refused"`
	Elapsed   time.Duration `json:"-"`
	PerSecond float64       `json:"orders_per_sec"`
	P50, P99  time.Duration `json:"-"`
	P50ms     float64       `json:"p50_ms"`
	P99ms     float64       `json:"p99_ms"`
	FirstErr  string        `json:"first_error,omitempty"`
}

// drive runs place from workers goroutines until d has passed and measures
// throughput and latency of the successful calls. With rate 0 the load is
// closed: each worker places its next order as soon as the last is answered.
// With rate > 0 it is open: an order falls due every 1/rate seconds whatever
// the answers, the first free worker places it, and its latency counts from
// when it fell due, so a server that falls behind shows its queue in p99
// instead of quietly slowing the load down.
func drive(workers int, rate float64, d time.Duration, place func(worker int) (ok bool, err error)) Result {
	var mu sync.Mutex
	var all []time.Duration
	var res Result
	start := time.Now()
	deadline := start.Add(d)
	next := closedLoop(deadline)
	if rate > 0 {
		next = openLoop(start, deadline, rate, workers)
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var lat []time.Duration
			var refused int64
			var firstErr error
			for {
				t0, ok := next()
				if !ok {
					break
				}
				placed, err := place(w)
				if placed {
					lat = append(lat, time.Since(t0))
				} else {
					refused++
					if firstErr == nil {
						firstErr = err
					}
				}
			}
			mu.Lock()
			all = append(all, lat...)
			res.Refused += refused
			if res.FirstErr == "" && firstErr != nil {
				res.FirstErr = firstErr.Error()
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.Orders = int64(len(all))
	res.PerSecond = float64(res.Orders) / res.Elapsed.Seconds()
	slices.Sort(all)
	if len(all) > 0 {
		res.P50, res.P99 = all[len(all)*50/100], all[min(len(all)-1, len(all)*99/100)]
	}
	res.P50ms, res.P99ms = ms(res.P50), ms(res.P99)
	return res
}

// closedLoop hands a worker its next order at once until the deadline.
func closedLoop(deadline time.Time) func() (time.Time, bool) {
	return func() (time.Time, bool) {
		now := time.Now()
		return now, now.Before(deadline)
	}
}

// openLoop hands out orders as they fall due, rate per second from start
// until the deadline, each with the time it fell due.
func openLoop(start, deadline time.Time, rate float64, workers int) func() (time.Time, bool) {
	due := make(chan time.Time, workers)
	interval := time.Duration(float64(time.Second) / rate)
	go func() {
		defer close(due)
		for i := time.Duration(0); ; i++ {
			t := start.Add(i * interval)
			if !t.Before(deadline) {
				return
			}
			time.Sleep(time.Until(t))
			due <- t // blocks while every worker is busy; the wait counts in latency
		}
	}()
	return func() (time.Time, bool) {
		t, ok := <-due
		return t, ok
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
