package shop

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/demo"
)

// Options are the demo command's settings for the stream.
type Options struct {
	URL             string        // where the demo serves, http://host:port
	Gateway, Secret string        // the demo's payment gateway and its secret
	Seed            uint64        // the demo's seed
	Every           time.Duration // time between orders
	Burst           int           // orders placed at once
	Baskets         string        // folder of the Instacart sample; built-in shapes when absent
	Log             *slog.Logger
}

// Stream is a prepared stream of orders: About says what it does and how
// to turn it off; Start runs it until Stop.
type Stream struct {
	About  string
	cfg    Config
	cancel context.CancelFunc
	done   chan struct{}
}

// Prepare makes the storefront's integration key (channel "web") and the
// supplier's warehouse key (the US warehouse) in d, and reads the basket
// shapes, so that a bad --baskets fails the demo before it serves.
func Prepare(ctx context.Context, d *db.DB, o Options) (*Stream, error) {
	if o.Every <= 0 || o.Burst < 0 {
		return nil, fmt.Errorf("the order stream needs a positive --order-every and a --burst of 0 or more")
	}
	products := demo.Products(o.Seed, demo.CatalogueSize)
	if len(newPlanner(o.Seed, Builtin(), products).everyday) == 0 {
		return nil, fmt.Errorf("the demo data of seed %d has no product stocked in %s for the order stream", o.Seed, usWarehouse)
	}
	ctx = actor.With(ctx, actor.CLI("demo"))
	keys := auth.NewKeys(d)
	_, key, err := keys.CreateScoped(ctx, "demo storefront", actor.Integration, auth.Scope{Channels: []string{"web"}})
	if err != nil {
		return nil, err
	}
	_, stockKey, err := keys.CreateScoped(ctx, "demo supplier", actor.Warehouse, auth.Scope{Warehouses: []string{usWarehouse}})
	if err != nil {
		return nil, err
	}
	baskets, err := ReadInstacart(o.Baskets)
	source := fmt.Sprintf("%d real baskets of the Instacart sample in %s", len(baskets), o.Baskets)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		baskets, source = Builtin(), "built-in basket shapes ("+o.Baskets+" is absent)"
	case err != nil:
		return nil, fmt.Errorf("--baskets: %w", err)
	}
	s := &Stream{done: make(chan struct{}), cfg: Config{URL: o.URL, Key: key, StockKey: stockKey, Gateway: o.Gateway,
		Secret: o.Secret, Seed: o.Seed, Every: o.Every, Burst: o.Burst, Baskets: baskets, Products: products, Log: o.Log}}
	s.About = fmt.Sprintf(`Orders arrive by themselves: a simulated storefront (channel "web") places %d at once, then one
every %s, basket shapes from %s;
the demo's gateway pays most prepaid ones a few seconds later; some are cash on delivery, some never
paid (the payment window cancels them), some held for review, some short; a supplier restocks the US
warehouse with what sold. --quiet turns the stream off.
`, o.Burst, o.Every, source)
	return s, nil
}

// Start runs the stream in the background until ctx ends or Stop.
func (s *Stream) Start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	go func() {
		defer close(s.done)
		defer func() { // a bug here must not take the demo down
			if v := recover(); v != nil {
				s.cfg.Log.Error("demo stream: stopped by a bug; the demo goes on without it", "panic", v)
			}
		}()
		Run(ctx, s.cfg)
	}()
}

// Stop ends the stream and waits (up to 10 s) for its requests to finish.
func (s *Stream) Stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cfg.Log.Warn("demo stream: still stopping after 10 s; the demo stops anyway")
	}
}
