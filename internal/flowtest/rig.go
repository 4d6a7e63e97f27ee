// Package flowtest is the shared test rig of the order flow: a database
// with every stage wired as cmd/waybill wires it (the same hooks, the same
// job handlers), and fixtures that drive the real flow to a stage (a
// placed order, a paid one, a released fulfilment) for the tests of that
// stage and every later one, on both databases. Like net/http/httptest, it
// is imported by tests only.
package flowtest

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/release"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/table"
	"github.com/waybill/waybill/internal/ship/rate"
	"github.com/waybill/waybill/internal/shortage"
	"github.com/waybill/waybill/internal/track"
	"github.com/waybill/waybill/internal/warehouse"
)

// Options shape a Rig; the zero value is the server's defaults.
type Options struct {
	Engine      order.Config  // the intake engine's settings; Coupons and Shortages are plugged in, Settings defaults to the Rig's
	MergeWindow time.Duration // release.Config.MergeWindow
	Review      review.Config // SLAs; Orders and Release are plugged in
	Clock       clock.Clock   // the job runner's clock; nil uses the database's
	Notifier    order.Notifier
	Carriers    []ship.Carrier // external carriers for the ship stage (a simulated one in tests)
}

// Rig is a database with the whole order flow wired: the engine running,
// each stage's store, and a job runner (not started: RunJobs runs what is
// due, so a test decides when the hand-offs happen).
type Rig struct {
	Ctx       context.Context // a shop's integration key, the actor of orders and stock movements
	DB        *db.DB
	Engine    *order.Engine
	Orders    *order.Store
	Stock     *inventory.Store
	Coupons   *coupon.Store
	Payments  *payment.Store
	Tasks     *review.Store
	Release   *release.Store
	Shortages *shortage.Store
	Runner    *job.Runner
	Settings  *setting.Store // the operator's rules, as PATCH /v1/settings changes them
	Floor     *pick.Store    // the warehouse floor: waves, pick tasks, scans
	Packing   *pack.Store    // the pack stations: parcels, cartons, weights
	Shipping  *ship.Store    // dispatch: bookings, staging, manifests, handovers
	Tracking  *track.Store   // tracking: carrier events, delivery, cases, completion
}

// Shop is the actor a Rig places orders and books stock as.
var Shop = actor.Actor{ID: "key_shop", Name: "shop", Role: actor.Integration}

// New wires the flow over d as cmd/waybill's registerCapabilities does and
// starts the engine until the test ends.
func New(t testing.TB, d *db.DB, opts Options) *Rig {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	r := &Rig{Ctx: actor.With(context.Background(), Shop), DB: d,
		Stock: inventory.NewStore(d, inventory.WithWaiting(release.Waiting)), Orders: order.NewStore(d),
		Coupons: coupon.NewStore(d), Shortages: shortage.NewStore(d), Settings: setting.NewStore(d)}
	cfg := opts.Engine
	cfg.Coupons, cfg.Shortages = coupon.Intake{}, shortage.Intake{}
	if cfg.Settings == nil {
		cfg.Settings = r.Settings
	}
	r.Engine = order.NewEngine(d, log, cfg)
	r.Release = release.New(d, release.Config{MergeWindow: opts.MergeWindow, Orders: r.Orders})
	rc := opts.Review
	rc.Orders, rc.Release = r.Orders, r.Release
	if rc.Settings == nil {
		rc.Settings = r.Settings
	}
	r.Tasks = review.NewStore(d, rc)
	r.Payments = payment.NewStore(d, r.Orders, r.Tasks.PaymentHooks())
	r.Orders.OnCancel(ship.OnOrderCancelled, coupon.GiveBack, review.CloseOnCancel, release.AnnounceFreed, pick.OnOrderCancelled,
		pack.OnOrderCancelled)
	r.Floor = pick.NewStore(d)
	r.Shipping = ship.NewStore(d, ship.Config{External: opts.Carriers,
		Table: func(data rate.Carrier, serials ship.Serials) ship.Carrier { return table.New(data, serials) }})
	r.Tracking = track.New(d, r.Shipping.Trackers())
	r.Shipping.OnHandedOver(r.Tracking.HandedOver, r.Tracking.WatchHandedOver)
	r.Release.OnArrival(r.Tracking.HurryReships)
	r.Packing = pack.NewStore(d).PriceWith(r.Shipping.Postage)
	r.Runner = job.New(d, opts.Clock, log, job.Config{})
	order.RegisterJobs(r.Runner, r.Orders, opts.Notifier, log)
	review.RegisterJobs(r.Runner, r.Tasks)
	release.RegisterJobs(r.Runner, r.Release)
	pick.RegisterJobs(r.Runner, r.Floor)
	ship.RegisterJobs(r.Runner, r.Shipping)
	track.RegisterJobs(r.Runner, r.Tracking)
	invoices, _ := opts.Notifier.(pack.InvoiceMailer)
	pack.RegisterJobs(r.Runner, r.Packing, invoices)
	r.Engine.Start()
	t.Cleanup(r.Engine.Stop)
	return r
}

// AddProducts creates n products SKU-000…, priced 10.00 USD each, 500 g.
func (r *Rig) AddProducts(t testing.TB, n int) []string {
	t.Helper()
	var ins []catalog.ProductInput
	var skus []string
	for i := range n {
		sku := fmt.Sprintf("SKU-%03d", i)
		skus = append(skus, sku)
		ins = append(ins, catalog.ProductInput{SKU: sku, Name: "Product " + sku, Category: "general", WeightG: 500,
			LengthMM: 100, WidthMM: 100, HeightMM: 100, PriceMinor: 1000, Currency: "USD"})
	}
	_, err := catalog.NewStore(r.DB).CreateMany(r.Ctx, ins)
	require.NoError(t, err)
	return skus
}

// AddWarehouse creates a warehouse serving the whole US with one bin,
// A-01-01-1.
func (r *Rig) AddWarehouse(t testing.TB, code string) {
	t.Helper()
	r.AddRatedWarehouse(t, code, warehouse.Region{Country: "US"})
}

// AddRatedWarehouse creates a warehouse in Newark serving the given
// regions (with their rates) and one bin, A-01-01-1.
func (r *Rig) AddRatedWarehouse(t testing.TB, code string, regions ...warehouse.Region) {
	t.Helper()
	ws := warehouse.NewStore(r.DB)
	_, err := ws.Create(r.Ctx, warehouse.Input{Code: code, Name: "Site " + code, Latitude: 40, Longitude: -74,
		Address:       warehouse.Address{Line1: "1 Dock St", City: "Newark", Region: "NJ", PostalCode: "07105", Country: "US"},
		RegionsServed: regions, CutoffTime: "16:00", Timezone: "America/New_York"})
	require.NoError(t, err)
	_, err = ws.AddBins(r.Ctx, code, []warehouse.BinInput{{Code: "A-01-01-1", X: 1, Y: 1}})
	require.NoError(t, err)
}

// Receive books qty units of sku into the warehouse's bin A-01-01-1, which
// serves the orders waiting for it when the jobs run.
func (r *Rig) Receive(t testing.TB, wh, sku string, qty int64) {
	t.Helper()
	_, err := r.Stock.Receive(r.Ctx, inventory.Receipt{Warehouse: wh, Bin: "A-01-01-1", SKU: sku, Quantity: qty, Reference: "PO"})
	require.NoError(t, err)
}

// Reserved is the stock of sku reserved in a warehouse.
func (r *Rig) Reserved(t testing.TB, wh, sku string) int64 {
	t.Helper()
	bs, err := r.Stock.Balances(r.Ctx, inventory.Filter{Warehouse: wh, SKU: sku, Limit: 10})
	require.NoError(t, err)
	var n int64
	for _, b := range bs {
		n += b.Reserved
	}
	return n
}

// RunJobs runs every due job (confirmations, reviews, releases, stock
// arrivals), once each.
func (r *Rig) RunJobs(t testing.TB) {
	t.Helper()
	_, err := r.Runner.RunDue(context.Background())
	require.NoError(t, err)
}

// Get reads an order by id or number.
func (r *Rig) Get(t testing.TB, ref string) order.Order {
	t.Helper()
	o, err := r.Orders.Get(r.Ctx, ref)
	require.NoError(t, err)
	return o
}

// EventTypes lists an order's timeline, oldest first.
func (r *Rig) EventTypes(t testing.TB, orderID string) []string {
	t.Helper()
	evs, err := r.Orders.Events(r.Ctx, orderID)
	require.NoError(t, err)
	var out []string
	for _, e := range evs {
		out = append(out, e.Type)
	}
	return out
}
