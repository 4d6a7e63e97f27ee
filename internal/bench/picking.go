package bench

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"runtime"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/warehouse"
)

// PickingOptions configure `waybill bench picking`.
type PickingOptions struct {
	DB         string // a postgres:// URL (a fresh schema in it), else a fresh SQLite file in Dir
	Dir        string
	Orders     int // released fulfilments the shift picks
	Products   int
	Pickers    int
	Strategy   pick.Strategy
	WaveOrders int // fulfilments per wave at most
	CartTotes  int
	WrongRate  float64 // share of stops first scanned at a wrong bin
	ReplayRate float64 // share of accepted scans sent again
	Seed       uint64
	Log        *slog.Logger
}

// Latency is a distribution of request times in milliseconds.
type Latency struct {
	Count int     `json:"count"`
	P50ms float64 `json:"p50_ms"`
	P95ms float64 `json:"p95_ms"`
	P99ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
}

func latency(ts []time.Duration) Latency {
	if len(ts) == 0 {
		return Latency{}
	}
	ts = slices.Clone(ts)
	slices.Sort(ts)
	at := func(q int) float64 { return ms(ts[min(len(ts)-1, len(ts)*q/100)]) }
	return Latency{Count: len(ts), P50ms: at(50), P95ms: at(95), P99ms: at(99), MaxMs: ms(ts[len(ts)-1])}
}

// PickingReport is every figure of one shift.
type PickingReport struct {
	Database     string  `json:"database"`
	CPUs         int     `json:"cpus"`
	Orders       int     `json:"orders"`
	Lines        int     `json:"order_lines"`
	Products     int     `json:"products"`
	Bins         int     `json:"bins"`
	Pickers      int     `json:"pickers"`
	Strategy     string  `json:"strategy"`
	WaveOrders   int     `json:"wave_max_orders"`
	CartTotes    int     `json:"cart_totes"`
	SetupSeconds float64 `json:"setup_seconds"`

	ShiftSeconds   float64 `json:"shift_seconds"`
	Scans          int     `json:"scans_accepted"`
	WrongScans     int     `json:"scans_wrong_bin_refused"`
	ReplayedScans  int     `json:"scans_replayed"`
	ScansPerSec    float64 `json:"scans_per_sec"`
	ScanLatency    Latency `json:"scan_latency" doc:"Every scan request: accepted, wrong bin and repeated"`
	QuietLatency   Latency `json:"scan_latency_no_release" doc:"The scans sent while no wave was being released"`
	Claims         int     `json:"claims"`
	ClaimsPerSec   float64 `json:"claims_per_sec"`
	ClaimLatency   Latency `json:"claim_latency"`
	Waves          int     `json:"waves"`
	Tasks          int     `json:"tasks"`
	WaveRelease    Latency `json:"wave_release"`
	ReleaseSeconds float64 `json:"wave_release_total_seconds"`
	Picked         int     `json:"fulfilments_picked"`
	UnitsPicked    int64   `json:"units_picked"`

	Walking Walking `json:"walking"`
	Checks  Checks  `json:"checks"`
}

// RunPicking sets up a warehouse with released fulfilments (not timed),
// runs one shift on the floor's HTTP API (timed), compares its walking
// distance with picking order by order, and checks the floor and the
// ledger after it. Any broken check fails the run.
func RunPicking(ctx context.Context, o PickingOptions) (PickingReport, error) {
	rep := PickingReport{CPUs: runtime.GOMAXPROCS(0), Orders: o.Orders, Products: o.Products, Pickers: o.Pickers,
		Strategy: string(o.Strategy), WaveOrders: o.WaveOrders, CartTotes: o.CartTotes}
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
	admin := actor.With(ctx, actor.CLI("bench"))
	rng := rand.New(rand.NewPCG(o.Seed, 41))
	bins, _ := pickFloor()
	rep.Bins = len(bins)
	products := pickCatalogue(rng, o.Products, bins)
	orders := pickOrders(rng, o.Orders, products)
	for _, ls := range orders {
		rep.Lines += len(ls)
	}
	if err := seedFloor(admin, d, products); err != nil {
		return rep, err
	}
	fl := newFlow(d, o.Log)
	err = fl.releaseOrders(ctx, orders)
	fl.stop()
	if err != nil {
		return rep, err
	}
	if err := readyCount(ctx, d, o.Orders); err != nil {
		return rep, err
	}
	rep.SetupSeconds = time.Since(start).Seconds()
	o.Log.Info("set up", "orders", o.Orders, "seconds", rep.SetupSeconds)

	base, sup, pickers, stop, err := floorServer(admin, d, o)
	if err != nil {
		return rep, err
	}
	s, err := runShift(ctx, sup, pickers, shiftPlan{warehouse: pickWarehouse, strategy: o.Strategy, waveOrders: o.WaveOrders,
		cartTotes: o.CartTotes, wrongRate: o.WrongRate, replayRate: o.ReplayRate, seed: o.Seed})
	stop()
	if err != nil {
		return rep, fmt.Errorf("the shift on %s: %w", base, err)
	}
	rep.fill(s)
	o.Log.Info("shift over", "seconds", rep.ShiftSeconds, "scans", rep.Scans)

	layout, err := warehouse.NewStore(d).Layout(admin, pickWarehouse)
	if err != nil {
		return rep, err
	}
	rl, at, err := pick.RouteLayout(layout)
	if err != nil {
		return rep, err
	}
	if rep.Walking, err = walking(s.waves, rl, at); err != nil {
		return rep, err
	}
	rep.Checks, err = checkFloor(ctx, d, o.Orders)
	if err == nil && rep.Picked != o.Orders {
		err = fmt.Errorf("the scans completed %d fulfilments of %d", rep.Picked, o.Orders)
	}
	return rep, err
}

func (r *PickingReport) fill(s *shift) {
	r.ShiftSeconds = s.elapsed.Seconds()
	r.Scans, r.WrongScans, r.ReplayedScans = s.accepted, s.wrong, s.replayed
	r.ScansPerSec = float64(s.accepted) / r.ShiftSeconds
	all, quiet := s.scanTimes()
	r.ScanLatency, r.QuietLatency = latency(all), latency(quiet)
	r.Claims, r.ClaimsPerSec, r.ClaimLatency = s.claims, float64(s.claims)/r.ShiftSeconds, latency(s.claimTimes)
	r.Waves, r.WaveRelease = len(s.waves), latency(s.releaseTimes)
	for _, t := range s.releaseTimes {
		r.ReleaseSeconds += t.Seconds()
	}
	for _, w := range s.waves {
		r.Tasks += len(w.Tasks)
	}
	r.Picked, r.UnitsPicked = s.picked, s.units
}

// readyCount checks the flow released every order as one fulfilment
// ready to pick.
func readyCount(ctx context.Context, d *db.DB, orders int) error {
	var n int
	err := d.Read(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM fulfilments WHERE status = 'ready_to_pick'`).Scan(&n)
	})
	if err == nil && n != orders {
		err = fmt.Errorf("set-up: %d of %d orders became fulfilments ready to pick (held by review or short?)", n, orders)
	}
	return err
}

// floorServer serves the floor's API (pick.Register, the handlers
// cmd/waybill mounts) on loopback with API-key authentication, and makes
// the supervisor's key and one per picker, all of role warehouse.
func floorServer(ctx context.Context, d *db.DB, o PickingOptions) (string, *floorClient, []*floorClient, func(), error) {
	keys := auth.NewKeys(d)
	srv := httpapi.New(httpapi.Options{Auth: keys, Logger: o.Log})
	pick.Register(srv.API(), pick.NewStore(d))
	mint := func(name string) (string, error) {
		_, key, err := keys.Create(ctx, name, actor.Warehouse)
		return key, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, nil, nil, err
	}
	base := "http://" + ln.Addr().String()
	serveCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(serveCtx, ln, 5*time.Second) }()
	stop := func() {
		cancel()
		<-done
	}
	key, err := mint("bench supervisor")
	if err != nil {
		stop()
		return "", nil, nil, nil, err
	}
	sup := newFloorClient(base, key)
	var pickers []*floorClient
	for i := range o.Pickers {
		key, err := mint(fmt.Sprintf("bench picker %d", i+1))
		if err != nil {
			stop()
			return "", nil, nil, nil, err
		}
		pickers = append(pickers, newFloorClient(base, key))
	}
	return base, sup, pickers, stop, nil
}
