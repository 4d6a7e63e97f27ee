// Package shop brings the demo to life: a simulated storefront posts a
// gentle stream of realistic orders to the public API (real basket shapes,
// US customers, a mix of prepaid and cash on delivery, some risky, some
// short) and a simulated payment gateway pays most prepaid ones a few
// seconds later with signed events, as real ones would, over HTTP; a
// simulated supplier restocks the US warehouse with what was sold.
package shop

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/demo"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// Config is what the stream needs of the demo.
type Config struct {
	URL      string        // the server, http://host:port
	Key      string        // an integration API key for channel "web"
	StockKey string        // a warehouse API key for the US warehouse, for the supplier's deliveries
	Gateway  string        // the payment gateway's configured name
	Secret   string        // its Standard Webhooks secret
	Seed     uint64        // the same seed gives the same orders
	Every    time.Duration // time between orders (default 3 s)
	Burst    int           // orders posted at once when the stream starts
	PayAfter time.Duration // how long a paid order waits for its payment (default 3 s)
	Baskets  []Basket      // basket shapes (default Builtin)
	Products []demo.Product
	Log      *slog.Logger
}

// placed is what the storefront keeps of an order the server took.
type placed struct {
	ID         string `json:"id"`
	TotalMinor int64  `json:"total_minor"`
	Currency   string `json:"currency"`
}

// Run posts the burst, then an order every cfg.Every, pays the paid ones
// after cfg.PayAfter and has the supplier restock, until ctx ends; it returns when every request
// it started has finished. Failures are logged, never returned: the demo
// goes on without its stream.
func Run(ctx context.Context, cfg Config) {
	if cfg.Every <= 0 {
		cfg.Every = 3 * time.Second
	}
	if cfg.PayAfter <= 0 {
		cfg.PayAfter = 3 * time.Second
	}
	if len(cfg.Baskets) == 0 {
		cfg.Baskets = Builtin()
	}
	c := &client{base: cfg.URL, http: &http.Client{Timeout: 30 * time.Second}, log: cfg.Log}
	plan := newPlanner(cfg.Seed, cfg.Baskets, cfg.Products)
	var payments sync.WaitGroup
	defer payments.Wait()
	tick := time.NewTicker(cfg.Every)
	defer tick.Stop()
	for n := 0; ; n++ {
		if n >= cfg.Burst {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
		if ctx.Err() != nil {
			return
		}
		if n > 0 && n%restockEvery == 0 {
			deliver(ctx, c, cfg.StockKey, plan.supplier.delivery())
		}
		o := plan.next()
		got, err := place(ctx, c, cfg.Key, o)
		if err != nil || o.Kind == Unpaid || o.Kind == COD {
			continue
		}
		payments.Add(1)
		go func() {
			defer payments.Done()
			select {
			case <-ctx.Done():
			case <-time.After(cfg.PayAfter):
				_ = pay(ctx, c, cfg.Gateway, cfg.Secret, got)
			}
		}()
	}
}

// place posts o as the storefront does, with an Idempotency-Key derived
// from its reference, so a retried post cannot make a second order.
func place(ctx context.Context, c *client, key string, o Order) (placed, error) {
	var got placed
	body, err := json.Marshal(o.Body)
	if err != nil {
		return got, err
	}
	h := http.Header{"Authorization": {"Bearer " + key}, "Idempotency-Key": {"demo-shop-" + o.Body.ExternalRef}}
	err = c.post(ctx, "placing an order", "/v1/orders", h, body, &got)
	return got, err
}

// pay posts the gateway's signed payment.succeeded event for o's total.
func pay(ctx context.Context, c *client, name, secret string, o placed) error {
	body, h, err := gateway.SignedEvent(secret, gateway.Payment{Type: "payment.succeeded", OrderID: o.ID,
		AmountMinor: o.TotalMinor, Currency: o.Currency}, time.Now())
	if err != nil {
		return c.failed(ctx, "signing a payment", err)
	}
	return c.post(ctx, "paying an order", fmt.Sprintf("/v1/payment-events/%s", name), h, body, nil)
}
