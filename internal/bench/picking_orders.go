package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/payment/gateway"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/release"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/shortage"
)

// pickOrders draws n orders over the catalogue: 1 to 4 lines (40, 30, 20,
// 10 %) of distinct products, popularity Zipf(1.1) over a random ranking,
// 1 unit (80 %), 2 (15 %) or 3; it counts each product's demand.
func pickOrders(rng *rand.Rand, n int, ps []pickProduct) [][]order.LineInput {
	rank := rng.Perm(len(ps))
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(ps)-1))
	out := make([][]order.LineInput, n)
	for i := range out {
		lines := 1
		switch p := rng.IntN(10); {
		case p >= 9:
			lines = 4
		case p >= 7:
			lines = 3
		case p >= 4:
			lines = 2
		}
		seen := map[int]bool{}
		for len(out[i]) < lines {
			k := rank[zipf.Uint64()]
			if seen[k] {
				continue
			}
			seen[k] = true
			qty := int64(1)
			switch p := rng.IntN(20); {
			case p == 19:
				qty = 3
			case p >= 16:
				qty = 2
			}
			ps[k].demand += qty
			out[i] = append(out[i], order.LineInput{SKU: ps[k].sku, Quantity: qty})
		}
	}
	return out
}

// flow is the order flow wired as cmd/waybill's registerCapabilities wires
// it, for bringing orders to released fulfilments: intake, payments,
// review, release and the job runner that hands orders between them.
type flow struct {
	engine   *order.Engine
	orders   *order.Store
	payments *payment.Store
	runner   *job.Runner
}

func newFlow(d *db.DB, log *slog.Logger) *flow {
	settings := setting.NewStore(d)
	orders := order.NewStore(d)
	engine := order.NewEngine(d, log, order.Config{Coupons: coupon.Intake{}, Shortages: shortage.Intake{}, Settings: settings})
	releases := release.New(d, release.Config{Orders: orders})
	tasks := review.NewStore(d, review.Config{Orders: orders, Release: releases, Settings: settings})
	payments := payment.NewStore(d, orders, tasks.PaymentHooks())
	orders.OnCancel(coupon.GiveBack, review.CloseOnCancel, release.AnnounceFreed, pick.OnOrderCancelled)
	runner := job.New(d, nil, log, job.Config{})
	order.RegisterJobs(runner, orders, nil, log)
	review.RegisterJobs(runner, tasks)
	release.RegisterJobs(runner, releases)
	engine.Start()
	return &flow{engine: engine, orders: orders, payments: payments, runner: runner}
}

// releaseOrders places every order through the intake engine as a shop's
// integration, pays each through a gateway's paid event, and runs the
// hand-off jobs (review, release) until none is due: each order is then
// released to the warehouse as one ready fulfilment.
func (f *flow) releaseOrders(ctx context.Context, all [][]order.LineInput) error {
	shop := actor.With(ctx, actor.Actor{ID: "key_bench_shop", Name: "bench shop", Role: actor.Integration, RemoteAddr: "127.0.0.1"})
	const workers = 32
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f.placeAndPay(shop, i, all[i]); err != nil {
					mu.Lock()
					first = cmpErr(first, err)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range all {
		next <- i
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	for {
		n, err := f.runner.RunDue(ctx)
		if err != nil {
			return fmt.Errorf("run the hand-off jobs: %w", err)
		}
		if n == 0 {
			return nil
		}
	}
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func (f *flow) placeAndPay(ctx context.Context, i int, lines []order.LineInput) error {
	req := order.PlaceRequest{Channel: "web", ExternalRef: fmt.Sprintf("pick-%d", i), PaymentMethod: "prepaid", Currency: "USD",
		Customer: order.CustomerInput{Name: fmt.Sprintf("Customer %d", i), Email: fmt.Sprintf("picker.customer%d@example.com", i),
			Phone: fmt.Sprintf("+1650%07d", 2_000_000+i)},
		ShippingAddress: address.Address{Name: fmt.Sprintf("Customer %d", i), Line1: fmt.Sprintf("%d Amphitheatre Pkwy", 1+i),
			City: "Mountain View", Region: "CA", PostalCode: "94043", Country: "US"},
		Lines: lines}
	r := f.engine.Place(ctx, req, nil)
	if r.Err != nil {
		return fmt.Errorf("place order %d: %w", i, r.Err)
	}
	var o struct {
		ID         string `json:"id"`
		TotalMinor int64  `json:"total_minor"`
		Currency   string `json:"currency"`
	}
	if err := json.Unmarshal(r.Body, &o); err != nil {
		return err
	}
	_, err := f.payments.Apply(ctx, gateway.Event{Gateway: "bench", EventID: "evt-pick-" + o.ID, Type: "payment.succeeded",
		Kind: gateway.KindPaid, OrderRef: o.ID, PaymentID: "pay-" + o.ID, AmountMinor: o.TotalMinor, Currency: o.Currency,
		OccurredAt: time.Now().UTC(), Raw: []byte(`{}`)})
	if err != nil {
		return fmt.Errorf("pay order %s: %w", o.ID, err)
	}
	return nil
}

// stop stops the intake engine.
func (f *flow) stop() { f.engine.Stop() }
