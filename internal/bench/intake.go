package bench

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/shortage"
)

// Options configure an intake benchmark.
type Options struct {
	DB            string // "sqlite" (a fresh file) or a postgres:// URL (a fresh schema in it)
	Dir           string // folder for the SQLite file and the fsync probe
	Duration      time.Duration
	NaiveDuration time.Duration
	Workers       int     // concurrent submitters for the engine and HTTP runs
	Rate          float64 // orders per second offered to the engine and HTTP runs; 0: as fast as answered
	NaiveWorkers  int
	MaxBatch      int
	Workload      Workload
	Orders        int  // orders loaded before measuring (LoadOrders): the table sizes the figures hold at
	HTTP          bool // also drive the HTTP API on loopback
	Log           *slog.Logger
}

// Report is every figure of one run, compared on the same disk and data.
type Report struct {
	Database          string      `json:"database"`
	SKUs              int         `json:"skus"`
	HotShare          float64     `json:"hot_share"`
	Skew              float64     `json:"zipf_exponent"`
	CPUs              int         `json:"cpus"`
	OrdersBefore      int         `json:"orders_before" doc:"Orders already in the database when the engine run began"`
	Rate              float64     `json:"offered_orders_per_sec,omitempty"` // 0: closed load
	Engine            Result      `json:"engine"`
	OrdersPerSec      float64     `json:"orders_per_sec"`
	P50ms             float64     `json:"p50_ms"`
	P99ms             float64     `json:"p99_ms"`
	Naive             Result      `json:"naive"`
	NaiveOrdersPerSec float64     `json:"naive_orders_per_sec"`
	SpeedupOverNaive  float64     `json:"speedup_over_naive"`
	AvgBatch          float64     `json:"avg_batch"`
	Disk              Ceiling     `json:"disk"`
	Rows              *RowCeiling `json:"sqlite_rows,omitempty"`
	HTTP              *Result     `json:"http,omitempty"`
	HTTPCeiling       *Result     `json:"http_noop_engine,omitempty" doc:"The same HTTP run with the engine replaced by a no-op: the HTTP edge's ceiling"`
	SearchLag         Latency     `json:"search_lag" doc:"How far the search indexes were behind intake, sampled every 100 ms of the engine run"`
	SearchCatchUpMs   float64     `json:"search_catch_up_ms" doc:"How long the search indexes took to catch up after the engine run"`
	SearchMissing     int64       `json:"search_missing" doc:"Orders the caught-up search indexes do not find by reference: 0"`
	Oversold          int64       `json:"oversold"`
	HotReserved       int64       `json:"hot_sku_reserved"`
	HotOnHand         int64       `json:"hot_sku_on_hand"`
	ReconcileOK       bool        `json:"reconcile_ok"`
	Notes             []string    `json:"notes,omitempty"`
}

// RunIntake seeds a fresh database and measures, in one run: the engine,
// the one-transaction-per-order baseline, the disk's ceiling and, if asked,
// the HTTP API. It then checks that nothing was oversold.
func RunIntake(ctx context.Context, o Options) (Report, error) {
	rep := Report{SKUs: o.Workload.SKUs, HotShare: o.Workload.HotShare, Skew: o.Workload.Skew, CPUs: runtime.NumCPU(), Rate: o.Rate}
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
	rep.Database = string(d.Dialect())
	if _, err := d.Migrate(ctx); err != nil {
		return rep, err
	}
	o.Log.Info("seeding", "skus", o.Workload.SKUs)
	if err := Seed(ctx, d, o.Workload.SKUs); err != nil {
		return rep, err
	}
	if o.Orders > 0 {
		o.Log.Info("loading orders", "orders", o.Orders)
		if _, err := LoadOrders(ctx, d, o.Orders, o.Workload.SKUs, time.Now().UTC(), 1); err != nil {
			return rep, err
		}
		if err := d.Read(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT count(*) FROM orders`).Scan(&rep.OrdersBefore)
		}); err != nil {
			return rep, err
		}
	}
	ctx = actor.With(ctx, actor.Actor{ID: "key_bench", Name: "bench", Role: actor.Integration, RemoteAddr: "127.0.0.1"})
	// The engine as the server wires it: coupons and shortage policies
	// plugged in (the workload names neither, so they cost a lookup per batch).
	engine := order.NewEngine(d, o.Log, order.Config{MaxBatch: o.MaxBatch, QueueSize: 4 * o.Workers,
		Coupons: coupon.Intake{}, Shortages: shortage.Intake{}})
	engine.Start()
	defer engine.Stop()
	// The search indexes follow the engine as the server runs them, on the
	// other core; their lag is sampled through the run.
	orders := order.NewStore(d)
	follower := orders.FollowSearch(ctx, o.Log)
	defer follower.Stop()
	sampling, stopSampling := context.WithCancel(ctx)
	lags := make(chan []time.Duration)
	go func() { lags <- sampleLag(sampling, orders) }()

	o.Log.Info("engine run", "workers", o.Workers, "duration", o.Duration)
	gens := generators(o.Workload, o.Workers, 1)
	rep.Engine = drive(o.Workers, o.Rate, o.Duration, func(w int) (bool, error) {
		r := engine.Place(ctx, gens[w].next("engine"), nil)
		return r.Err == nil, r.Err
	})
	stopSampling()
	rep.SearchLag = latency(<-lags)
	caught := time.Now()
	if err := orders.CatchUpSearch(ctx); err != nil {
		return rep, err
	}
	rep.SearchCatchUpMs = ms(time.Since(caught))
	st := engine.Stats()
	if st.Batches > 0 {
		rep.AvgBatch = float64(st.Orders) / float64(st.Batches)
	}
	rep.OrdersPerSec, rep.P50ms, rep.P99ms = rep.Engine.PerSecond, rep.Engine.P50ms, rep.Engine.P99ms

	o.Log.Info("naive run", "workers", o.NaiveWorkers, "duration", o.NaiveDuration)
	naiveGens := generators(o.Workload, o.NaiveWorkers, 2)
	rep.Naive = drive(o.NaiveWorkers, 0, o.NaiveDuration, func(w int) (bool, error) {
		r := engine.PlaceUnbatched(ctx, naiveGens[w].next("naive"))
		return r.Err == nil, r.Err
	})
	rep.NaiveOrdersPerSec = rep.Naive.PerSecond
	if rep.NaiveOrdersPerSec > 0 {
		rep.SpeedupOverNaive = rep.OrdersPerSec / rep.NaiveOrdersPerSec
	}

	if o.HTTP {
		o.Log.Info("http run", "workers", o.Workers, "duration", o.Duration)
		h, err := runHTTP(ctx, d, engine, o)
		if err != nil {
			return rep, err
		}
		rep.HTTP = &h
		o.Log.Info("http ceiling: the engine replaced by a no-op", "workers", o.Workers, "duration", o.Duration)
		c, err := runHTTPCeiling(ctx, d, engine, o)
		if err != nil {
			return rep, err
		}
		rep.HTTPCeiling = &c
	}

	o.Log.Info("disk ceiling")
	if rep.Disk, err = MeasureDisk(fresh.Dir, 2*time.Second); err != nil {
		return rep, err
	}
	if d.Dialect() == db.SQLite {
		o.Log.Info("row ceiling")
		rows, err := MeasureRows(ctx, fresh.Dir, 2*time.Second)
		if err != nil {
			return rep, err
		}
		rep.Rows = &rows
	}
	return rep, check(ctx, d, &rep)
}

// sampleLag reads the search indexes' lag every 100 ms until ctx ends.
func sampleLag(ctx context.Context, orders *order.Store) []time.Duration {
	var out []time.Duration
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return out
		case <-tick.C:
			if lag, err := orders.SearchLag(ctx); err == nil {
				out = append(out, lag)
			}
		}
	}
}

func generators(w Workload, n int, seed uint64) []*generator {
	gens := make([]*generator, n)
	for i := range gens {
		gens[i] = w.generator(i, seed)
	}
	return gens
}

// check proves the run oversold nothing (no balance reserves more than it
// holds, the ledger reconciles) and that the search indexes, caught up,
// hold every order.
func check(ctx context.Context, d *db.DB, rep *Report) error {
	if err := order.NewStore(d).CatchUpSearch(ctx); err != nil {
		return err
	}
	if err := d.Read(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_search_keys k
			WHERE k.key = 'r:' || o.external_ref AND k.order_id = o.id)`).Scan(&rep.SearchMissing)
	}); err != nil {
		return err
	}
	stock := inventory.NewStore(d)
	rec, err := stock.Reconcile(ctx)
	if err != nil {
		return err
	}
	rep.ReconcileOK = rec.OK
	var cursor string
	for {
		page, err := stock.Balances(ctx, inventory.Filter{Limit: 500, After: cursor})
		if err != nil {
			return err
		}
		for _, b := range page {
			rep.Oversold += max(0, b.Reserved-b.OnHand)
			if b.SKU == HotSKU {
				rep.HotReserved, rep.HotOnHand = b.Reserved, b.OnHand
			}
		}
		if len(page) < 500 {
			break
		}
		cursor = inventory.BalanceCursor(page[len(page)-1])
	}
	if !rec.OK {
		return errs.E(errs.Internal, "reconcile found %d differences after the benchmark", len(rec.Differences))
	}
	return nil
}

// String renders the report for people.
func (r Report) String() string {
	s := fmt.Sprintf("database %s, %d SKUs (hot SKU takes %.0f%% of lines, Zipf %.2f for the rest), %d CPUs, %d orders already in it\n",
		r.Database, r.SKUs, 100*r.HotShare, r.Skew, r.CPUs, r.OrdersBefore)
	if r.Rate > 0 {
		s += fmt.Sprintf("load: %.0f orders/s offered to the engine and the HTTP API (latency from when each fell due)\n", r.Rate)
	}
	s += fmt.Sprintf("engine (group commit): %9.0f orders/s  p50 %6.2f ms  p99 %6.2f ms  (%d orders, avg batch %.0f)\n",
		r.OrdersPerSec, r.P50ms, r.P99ms, r.Engine.Orders, r.AvgBatch)
	s += fmt.Sprintf("naive (tx per order):  %9.0f orders/s  p50 %6.2f ms  p99 %6.2f ms  (%d orders)\n",
		r.NaiveOrdersPerSec, r.Naive.P50ms, r.Naive.P99ms, r.Naive.Orders)
	s += fmt.Sprintf("speed-up over naive:   %9.1fx\n", r.SpeedupOverNaive)
	s += fmt.Sprintf("search lag (indexes following intake): p50 %.0f ms  p99 %.0f ms  max %.0f ms (%d samples); caught up %.0f ms after the run\n",
		r.SearchLag.P50ms, r.SearchLag.P99ms, r.SearchLag.MaxMs, r.SearchLag.Count, r.SearchCatchUpMs)
	if r.HTTP != nil {
		s += fmt.Sprintf("HTTP API on loopback:  %9.0f orders/s  p50 %6.2f ms  p99 %6.2f ms  (%d orders, %d refused)\n",
			r.HTTP.PerSecond, r.HTTP.P50ms, r.HTTP.P99ms, r.HTTP.Orders, r.HTTP.Refused)
	}
	if c := r.HTTPCeiling; c != nil {
		s += fmt.Sprintf("HTTP, no-op engine:    %9.0f orders/s  p50 %6.2f ms  p99 %6.2f ms  (the HTTP edge's ceiling; the full endpoint runs at %.0f %% of it)\n",
			c.PerSecond, c.P50ms, c.P99ms, 100*r.HTTP.PerSecond/c.PerSecond)
	}
	s += fmt.Sprintf("disk: %0.f fsyncs/s; group-commit ceiling %0.f records/s (%d x %d B per fsync)\n",
		r.Disk.FsyncsPerSec, r.Disk.GroupRecordsPerSec, r.Disk.RecordsPerGroup, r.Disk.RecordBytes)
	if r.Rows != nil {
		s += fmt.Sprintf("sqlite rows ceiling: %0.f orders/s as 4 rows, %0.f with number/reference/e-mail indexes, %0.f as 1 row (%d orders per commit)\n",
			r.Rows.FourRowsPerSec, r.Rows.FourRowsIndexedPerSec, r.Rows.OneRowPerSec, r.Rows.Batch)
	}
	s += fmt.Sprintf("oversold: %d units; hot SKU reserved %d of %d on hand; reconcile ok: %v; orders missing from search: %d\n",
		r.Oversold, r.HotReserved, r.HotOnHand, r.ReconcileOK, r.SearchMissing)
	return s
}
