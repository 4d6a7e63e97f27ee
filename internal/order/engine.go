package order

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/setting"
)

// Config tunes the engine. Zero fields take the defaults.
type Config struct {
	QueueSize int // requests waiting for the writer before 503 (default 8192)
	MaxBatch  int // orders per transaction (default 512)
	// Settings are the operator's rules the engine applies: the COD
	// countries and limit, the payment window, the retention of
	// idempotency answers. It is asked once per batch, before the batch's
	// transaction, so it must answer from memory (setting.Store caches);
	// nil applies setting.Defaults.
	Settings setting.Source
	// GiftWrapFees is what gift wrap costs per order, in minor units, by
	// currency; a currency not listed wraps for free.
	GiftWrapFees map[string]int64
	// Coupons prices coupons (the coupon stage); nil knows no coupon.
	Coupons Coupons
	// Shortages decides about short units (the shortage stage); nil holds
	// every short line for a person.
	Shortages Shortages
}

func (c Config) withDefaults() Config {
	if c.QueueSize <= 0 {
		c.QueueSize = 8192
	}
	if c.MaxBatch <= 0 {
		c.MaxBatch = 512
	}
	if c.Settings == nil {
		c.Settings = setting.Static(setting.Defaults())
	}
	if c.Coupons == nil {
		c.Coupons = noCoupons{}
	}
	if c.Shortages == nil {
		c.Shortages = holdShort{}
	}
	return c
}

// Engine is the order intake pipeline. Callers validate in parallel and
// Submit; one writer goroutine applies accepted orders in arrival order, in
// batches of one transaction each, and answers each caller only after its
// batch has committed. A hot SKU costs no more than a cold one: its balance
// row is read and written once per batch, not once per order.
type Engine struct {
	db    *db.DB
	log   *slog.Logger
	cfg   Config
	queue chan *pending

	mu       sync.Mutex
	inflight map[[2]string]bool // (actor, idempotency key) being applied here

	// closing is held shared while a request is queued and exclusively by
	// Stop, so nothing is queued after the writer's last drain.
	closing sync.RWMutex
	closed  bool

	quit chan struct{}
	done chan struct{}

	batches, orders, fallbacks atomic.Int64

	numbers numbers // the order numbers this engine hands out (number.go)
}

// Stats counts the engine's work since Start, for metrics and tests.
type Stats struct {
	Batches   int64 // transactions committed
	Orders    int64 // requests answered from committed batches
	Fallbacks int64 // batches that failed whole and were retried order by order
}

// Queued is how many requests wait for the writer now.
func (e *Engine) Queued() int { return len(e.queue) }

// Stats returns the engine's counters.
func (e *Engine) Stats() Stats {
	return Stats{Batches: e.batches.Load(), Orders: e.orders.Load(), Fallbacks: e.fallbacks.Load()}
}

// pending is one request waiting for the writer.
type pending struct {
	req   PlaceRequest
	who   actor.Actor
	idem  *Idempotency
	reply chan Reply
}

// Reply is the engine's answer to one request: an accepted order (201 and
// its JSON, the exact bytes its idempotency key replays), a refusal the
// engine decided and stored under the request's idempotency key (rendered
// by the HTTP layer, the same way every time), or an error kept for no key.
type Reply struct {
	Status   int    // 201 for an accepted order
	Body     []byte // the accepted order
	Refusal  *errs.Error
	Replayed bool // an earlier request with this idempotency key got this answer
	Err      error

	// order is an accepted order the writer did not encode (none of its
	// answer is stored: no Idempotency-Key): the caller's goroutine encodes
	// it into Body (answer), off the single writer's path.
	order *Order
}

// answer is r as the caller gets it: the order encoded into Body.
func (r Reply) answer() Reply {
	if r.order == nil {
		return r
	}
	body, err := json.Marshal(r.order)
	if err != nil {
		return Reply{Err: fmt.Errorf("encode order: %w", err)}
	}
	r.Body, r.order = body, nil
	return r
}

// NewEngine returns a stopped engine; Start it.
func NewEngine(d *db.DB, log *slog.Logger, cfg Config) *Engine {
	cfg = cfg.withDefaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{db: d, log: log, cfg: cfg, queue: make(chan *pending, cfg.QueueSize),
		inflight: map[[2]string]bool{}, quit: make(chan struct{}), done: make(chan struct{})}
}

// Start runs the writer until Stop.
func (e *Engine) Start() { go e.run() }

// Stop lets the writer finish the batch in hand and every queued request,
// then returns. Requests submitted after Stop are refused as unavailable.
// Stopping twice is harmless.
func (e *Engine) Stop() {
	e.closing.Lock()
	already := e.closed
	e.closed = true
	e.closing.Unlock()
	if !already {
		close(e.quit)
	}
	<-e.done
}

// Submit places a validated order and waits for its batch to commit. A full
// queue answers at once with Unavailable, which the API turns into 503 with
// Retry-After.
func (e *Engine) Submit(ctx context.Context, req PlaceRequest, idem *Idempotency) Reply {
	who, _ := actor.From(ctx)
	if idem != nil {
		k := [2]string{idem.ActorID, idem.Key}
		e.mu.Lock()
		busy := e.inflight[k]
		e.inflight[k] = true
		e.mu.Unlock()
		if busy {
			return Reply{Err: errs.E(errs.Conflict, "a request with this Idempotency-Key is still being processed; retry later")}
		}
		defer func() {
			e.mu.Lock()
			delete(e.inflight, k)
			e.mu.Unlock()
		}()
	}
	p := &pending{req: req, who: who, idem: idem, reply: make(chan Reply, 1)}
	if err := e.enqueue(p); err != nil {
		return Reply{Err: err}
	}
	// Once queued the order will be applied even if the caller gives up; a
	// retry with the same Idempotency-Key then gets the stored answer.
	return (<-p.reply).answer()
}

// enqueue queues p without blocking, unless the engine is stopping.
func (e *Engine) enqueue(p *pending) error {
	e.closing.RLock()
	defer e.closing.RUnlock()
	if e.closed {
		return errs.E(errs.Unavailable, "the server is shutting down; retry")
	}
	select {
	case e.queue <- p:
		return nil
	default:
		return ErrBusy
	}
}

// ErrBusy is the answer when the queue is full.
var ErrBusy = errs.E(errs.Unavailable, "too many orders in flight; retry in a second")

func (e *Engine) run() {
	defer close(e.done)
	batch := make([]*pending, 0, e.cfg.MaxBatch)
	for {
		select {
		case p := <-e.queue:
			batch = append(batch[:0], p)
		case <-e.quit:
			for {
				select {
				case p := <-e.queue:
					e.apply([]*pending{p})
				default:
					return
				}
			}
		}
	fill:
		for len(batch) < e.cfg.MaxBatch {
			select {
			case p := <-e.queue:
				batch = append(batch, p)
			default:
				break fill
			}
		}
		e.apply(batch)
	}
}

// apply writes a batch in one transaction. If the transaction fails as a
// whole (a unique key taken by another instance, a bug), each order is
// retried alone so one bad order cannot sink the others.
func (e *Engine) apply(batch []*pending) {
	ctx := context.Background()
	var replies []Reply
	rules, err := e.cfg.Settings.Current(ctx)
	if err == nil {
		var last *db.Tx
		err = e.db.Write(ctx, func(tx *db.Tx) error {
			last = tx
			var err error
			replies, err = e.applyBatch(ctx, tx, batch, rules)
			return err
		})
		if err == nil {
			e.numbers.committed(last)
		}
	}
	if err != nil {
		if len(batch) > 1 {
			e.fallbacks.Add(1)
			e.log.Warn("order batch failed; retrying its orders one by one", "orders", len(batch), "err", err)
			for _, p := range batch {
				e.apply([]*pending{p})
			}
			return
		}
		if errs.KindOf(err) == errs.Internal {
			e.log.Error("order batch failed", "orders", len(batch), "err", err)
		}
		batch[0].reply <- Reply{Err: err}
		return
	}
	e.batches.Add(1)
	e.orders.Add(int64(len(batch)))
	for i, p := range batch {
		p.reply <- replies[i]
	}
}

// Place validates an order and submits it: the one call the API makes.
func (e *Engine) Place(ctx context.Context, req PlaceRequest, idem *Idempotency) Reply {
	if err := req.validate(); err != nil {
		return Reply{Err: err}
	}
	return e.Submit(ctx, req, idem)
}

// PlaceUnbatched validates and writes one order in its own transaction in
// the caller's goroutine, bypassing the queue: the one-transaction-per-order
// design that group commit replaces. It exists as the benchmark's baseline.
func (e *Engine) PlaceUnbatched(ctx context.Context, req PlaceRequest) Reply {
	if err := req.validate(); err != nil {
		return Reply{Err: err}
	}
	who, _ := actor.From(ctx)
	p := &pending{req: req, who: who, reply: make(chan Reply, 1)}
	e.apply([]*pending{p})
	return (<-p.reply).answer()
}
