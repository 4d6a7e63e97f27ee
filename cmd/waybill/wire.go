package main

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/notify"
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
	"github.com/waybill/waybill/internal/webhook"
)

// stages are the wired stores registerCapabilities built, for the console.
type stages struct {
	Products    *catalog.Store
	Warehouses  *warehouse.Store
	Stock       *inventory.Store
	Orders      *order.Store
	Engine      *order.Engine
	Review      *review.Store
	Payments    *payment.Store
	Shortages   *shortage.Store
	Fulfilments *fulfilment.Store
	Floor       *pick.Store
	Packing     *pack.Store
	Shipping    *ship.Store
	Tracking    *track.Store
	Settings    *setting.Store
}

// registerCapabilities is the one place that wires the system: each
// capability's store, the hooks and interfaces by which one stage acts in
// another's transaction, the job handlers that carry work from stage to
// stage, and the API operations, in the order of the flow an order takes.
// It starts their background work; the returned function stops it. The
// wired stores come back for the console, whose pages must act through
// the same hooks as the API (a cancel gives coupons back, a receipt
// serves waiting orders).
func registerCapabilities(api *httpapi.API, reg prometheus.Registerer, d *db.DB, log *slog.Logger, svc services,
	settings *setting.Store, purgers ...job.Purger) (wired stages, stop func()) {
	// Master data.
	products, sites := catalog.NewStore(d), warehouse.NewStore(d)
	catalog.Register(api, products)
	warehouse.Register(api, sites)
	// Stock that arrives is announced when an order waits for it; the
	// release stage, which serves waiting orders, says who waits.
	stock := inventory.NewStore(d, inventory.WithWaiting(release.Waiting))
	inventory.Register(api, stock)

	// The stages, earliest first. Intake asks the coupon and shortage
	// stages for their decisions on every batch, and the operator's
	// settings (COD, payment window, idempotency retention) once per
	// batch; review asks the settings whether a customer's note holds.
	orders := order.NewStore(d)
	engine := order.NewEngine(d, log, order.Config{GiftWrapFees: svc.giftWrapFees,
		Coupons: coupon.Intake{}, Shortages: shortage.Intake{}, Settings: settings})
	engine.Start()
	releases := release.New(d, release.Config{MergeWindow: svc.mergeWindow, Orders: orders})
	tasks := review.NewStore(d, review.Config{Orders: orders, Release: releases, Settings: settings})
	payments := payment.NewStore(d, orders, tasks.PaymentHooks())

	// What a cancel must undo in the other stages, in its transaction: the
	// dispatch refuses once part of it is with a carrier and voids its
	// labels, the floor cancels its lines not yet picked and puts picked
	// units away, the pack stations cancel its parcels.
	orders.OnCancel(ship.OnOrderCancelled, coupon.GiveBack, review.CloseOnCancel, release.AnnounceFreed, pick.OnOrderCancelled,
		pack.OnOrderCancelled)

	order.Register(api, engine, orders)
	coupon.Register(api, coupon.NewStore(d))
	payment.Register(api, payments, svc.gateways)
	review.Register(api, tasks)
	shortages, fulfilments := shortage.NewStore(d), fulfilment.NewStore(d)
	shortage.Register(api, shortages)
	fulfilment.Register(api, fulfilments)
	// The warehouse floor: waves, pick tasks, scans, put-aways.
	floor := pick.NewStore(d)
	pick.Register(api, floor)
	// Dispatch: rate shopping, carrier bookings, staging, manifests and the
	// handover. Table carriers' rate data is stored; external carriers are
	// HTTP clients given here.
	shipping := ship.NewStore(d, ship.Config{External: svc.carriers,
		Table: func(data rate.Carrier, serials ship.Serials) ship.Carrier { return table.New(data, serials) }})
	ship.Register(api, shipping)
	// Tracking: each parcel handed over is followed to the door, by the
	// carriers' webhooks and polls through their adapters.
	tracking := track.New(d, shipping.Trackers())
	shipping.OnHandedOver(tracking.HandedOver)
	releases.OnArrival(tracking.HurryReships)
	track.Register(api, tracking)
	track.RegisterCases(api, tracking)
	track.RegisterCOD(api, tracking)
	shipping.OnHandedOver(tracking.WatchHandedOver)
	// The pack stations: parcels scanned, cartoned (the cartonizer prices
	// parcels with the carriers' rates), weighed.
	packing := pack.NewStore(d).PriceWith(shipping.Postage)
	pack.Register(api, packing)
	// Outbound webhooks read the changes feed (GET /v1/events) with a
	// cursor of their own, so no stage calls them.
	webhookCfg := svc.webhooks
	webhookCfg.Log = log
	webhooks := webhook.NewStore(d, webhookCfg)
	webhook.Register(api, webhooks)

	// Hand-offs between stages are durable jobs: intake and payment hand
	// confirmed orders to review (order.ReviewJob); release waits out merge
	// windows and release dates (release.DueJob) and serves waiting orders
	// when stock arrives (inventory.StockArrived).
	runner := job.New(d, nil, log, job.Config{})
	// The tracking notices read where a parcel stands from the tracking
	// stage, and the notices link each parcel's public page.
	if m, ok := svc.notifier.(notify.Messenger); ok {
		m.Parcels, m.PublicURL = tracking, svc.publicURL
		svc.notifier = m
	}
	order.RegisterJobs(runner, orders, svc.notifier, log)
	review.RegisterJobs(runner, tasks)
	release.RegisterJobs(runner, releases)
	pick.RegisterJobs(runner, floor)
	ship.RegisterJobs(runner, shipping)
	track.RegisterJobs(runner, tracking)
	invoices, _ := svc.notifier.(pack.InvoiceMailer) // the messenger e-mails invoices when it has an e-mail sender
	pack.RegisterJobs(runner, packing, invoices)
	runner.PurgeWith(job.Purger{What: "expired idempotency keys", Purge: httpapi.PurgeExpiredKeys(d)})
	for _, p := range purgers { // the console's stale sessions and links
		runner.PurgeWith(p)
	}
	registerMetrics(reg, engine, orders, runner)
	if err := runner.Start(context.Background()); err != nil {
		log.Error("job runner did not start", "err", err)
	}
	// Webhook attempts (webhook.DeliverJob) wait on other people's servers,
	// up to their timeout each, so they have a runner of their own: a slow
	// receiver cannot hold up the stages' hand-offs. The dispatcher turns
	// new events into deliveries.
	hooksRunner := job.New(d, nil, log, job.Config{Workers: 8})
	webhook.RegisterJobs(hooksRunner, webhooks)
	hooksRunner.PurgeWith(job.Purger{What: "finished webhook deliveries", Purge: webhooks.Purge})
	if err := hooksRunner.Start(context.Background()); err != nil {
		log.Error("webhook runner did not start", "err", err)
	}
	dispatcher := webhooks.Start(context.Background())
	// The search indexes follow intake (order.Store.FollowSearch).
	follower := orders.FollowSearch(context.Background(), log)
	wired = stages{Products: products, Warehouses: sites, Stock: stock, Orders: orders, Engine: engine, Review: tasks,
		Payments: payments, Shortages: shortages, Fulfilments: fulfilments, Floor: floor, Packing: packing, Shipping: shipping, Tracking: tracking,
		Settings: settings}
	return wired, func() {
		engine.Stop()
		follower.Stop()
		dispatcher.Stop()
		hooksRunner.Stop()
		runner.Stop()
	}
}
