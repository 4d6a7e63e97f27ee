package order_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/warehouse"
)

// reviewFixture is an engine taking COD orders to the US (confirmed at
// once, so review follows), two rated warehouses, a job runner and the
// review store reviewers work in.
type reviewFixture struct {
	*fixture
	runner *job.Runner
	tasks  *review.Store
	skus   []string
}

func reviewSetup(t *testing.T, d *db.DB, clk *clock.Fixed) *reviewFixture {
	t.Helper()
	f := setup(t, d, order.Config{COD: order.CODRules{Countries: []string{"US"}}})
	r := &reviewFixture{fixture: f, tasks: review.NewStore(d, review.Config{})}
	f.orders = order.NewStore(d, order.WithTasks(r.tasks))
	r.runner = job.New(d, clk, slog.New(slog.DiscardHandler), job.Config{})
	order.RegisterJobs(r.runner, f.orders, nil, slog.New(slog.DiscardHandler))
	r.skus = f.addProducts(t, 2)
	f.addRatedWarehouse(t, "EAST", warehouse.Region{Country: "US", ParcelCostMinor: 900, TransitDays: 4})
	f.addRatedWarehouse(t, "WEST", warehouse.Region{Country: "US", PostalPrefixes: []string{"9"}, ParcelCostMinor: 300, TransitDays: 1})
	return r
}

func (r *reviewFixture) cod(t *testing.T, ref string, lines ...order.LineInput) order.Order {
	t.Helper()
	req := request(ref, lines...)
	req.PaymentMethod = "cod"
	return r.accepted(t, req)
}

// runJobs runs every due job (confirmations, reviews) and returns the order.
func (r *reviewFixture) runJobs(t *testing.T, orderID string) order.Order {
	t.Helper()
	_, err := r.runner.RunDue(context.Background())
	require.NoError(t, err)
	o, err := r.orders.Get(r.ctx, orderID)
	require.NoError(t, err)
	return o
}

func (r *reviewFixture) rule(t *testing.T, rule risk.Rule) {
	t.Helper()
	rule.Active = true
	_, err := r.tasks.CreateRule(actor.With(context.Background(), admin), rule)
	require.NoError(t, err)
}

func (r *reviewFixture) reserved(t *testing.T, wh, sku string) int64 {
	t.Helper()
	bs, err := r.stock.Balances(r.ctx, inventory.Filter{Warehouse: wh, SKU: sku, Limit: 10})
	require.NoError(t, err)
	var n int64
	for _, b := range bs {
		n += b.Reserved
	}
	return n
}

func (r *reviewFixture) decide(t *testing.T, orderID string, d review.Decision) {
	t.Helper()
	tasks, err := r.tasks.List(r.ctx, review.Filter{OrderID: orderID, Status: review.StatusOpen})
	require.NoError(t, err)
	require.Len(t, tasks, 1)
	ctx := actor.With(context.Background(), agent)
	_, err = r.tasks.Claim(ctx, tasks[0].ID)
	require.NoError(t, err)
	_, err = r.tasks.Decide(ctx, tasks[0].ID, d, r.orders.Decider())
	require.NoError(t, err)
}

var (
	admin = actor.Actor{ID: "key_admin", Name: "admin", Role: actor.Admin}
	agent = actor.Actor{ID: "key_agent", Name: "agent", Role: actor.CustomerService}
)

func eventTypes(t *testing.T, f *fixture, orderID string) []string {
	t.Helper()
	evs, err := f.orders.Events(f.ctx, orderID)
	require.NoError(t, err)
	var out []string
	for _, e := range evs {
		out = append(out, e.Type)
	}
	return out
}

// A confirmed order that trips no rule is released at once as one
// fulfilment per warehouse, in ready_to_pick, with its reservations kept.
func TestReviewReleasesCleanOrders(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := reviewSetup(t, d, clk)
		r.receive(t, "WEST", r.skus[0], 5)
		r.receive(t, "EAST", r.skus[1], 5)
		o := r.cod(t, "rev-1", line(r.skus[0], 1), line(r.skus[1], 2))
		require.Equal(t, order.Confirmed, o.Status)

		o = r.runJobs(t, o.ID)
		require.Equal(t, order.Released, o.Status)
		require.NotNil(t, o.ReleasedAt)
		require.Len(t, o.Fulfilments, 2, "one per warehouse")
		for _, fl := range o.Fulfilments {
			require.Equal(t, order.ReadyToPick, fl.Status)
			require.Len(t, fl.Lines, 1)
		}
		require.Equal(t, int64(1), r.reserved(t, "WEST", r.skus[0]), "released stock stays reserved until picked")
		require.Subset(t, eventTypes(t, r.fixture, o.ID), []string{"order.placed", "order.confirmed", "order.reviewed", "order.released"})

		// A review run again (a job retried after its effect committed) changes nothing.
		require.NoError(t, d.Write(r.ctx, func(tx *db.Tx) error {
			return job.Enqueue(r.ctx, tx, job.Job{Kind: order.JobReview, Key: o.ID + "@again"})
		}))
		n, err := r.runner.RunDue(context.Background())
		require.NoError(t, err)
		require.Equal(t, 1, n, "the second review ran")
		var state string
		require.NoError(t, d.Read(r.ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(r.ctx, `SELECT state FROM jobs WHERE kind = $1 AND dedupe_key = $2`, order.JobReview, o.ID+"@again").Scan(&state)
		}))
		require.Equal(t, "done", state, "and succeeded")
		again := r.get(t, o.ID)
		require.Equal(t, o.Fulfilments, again.Fulfilments, "a second run changes nothing")
		require.Equal(t, int64(1), r.reserved(t, "WEST", r.skus[0]))
	})
}

// A hold rule opens a task; the order waits on hold until a reviewer
// approves, and is then re-sourced with the stock there is now: stock that
// arrived meanwhile turns intake's two parcels into one.
func TestReviewHoldApproveResources(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := reviewSetup(t, d, clk)
		r.rule(t, risk.Rule{Name: "big orders", Kind: risk.HighValue, Weight: 50, Action: risk.Hold,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 2000}})
		r.receive(t, "WEST", r.skus[0], 5)
		r.receive(t, "EAST", r.skus[1], 5)
		o := r.cod(t, "rev-2", line(r.skus[0], 1), line(r.skus[1], 2))
		require.Equal(t, 2, o.Sourcing.Parcels, "split at intake: no warehouse holds both")

		o = r.runJobs(t, o.ID)
		require.Equal(t, order.OnHold, o.Status)
		require.Equal(t, 50, o.RiskScore)
		require.Len(t, o.RiskReasons, 1)
		require.Contains(t, o.RiskReasons[0].Text, "30.00 USD")
		tasks, err := r.tasks.List(r.ctx, review.Filter{OrderID: o.ID})
		require.NoError(t, err)
		require.Len(t, tasks, 1)
		require.Equal(t, review.RiskReview, tasks[0].Kind)

		r.receive(t, "WEST", r.skus[1], 5) // WEST can now ship both
		r.decide(t, o.ID, review.Decision{Outcome: review.Approve, Note: "called the customer"})
		o, err = r.orders.Get(r.ctx, o.ID)
		require.NoError(t, err)
		require.Equal(t, order.Released, o.Status)
		require.Equal(t, 1, o.Sourcing.Parcels, "re-sourced into one parcel")
		require.Equal(t, []string{"WEST", "WEST"}, warehousesOf(o))
		require.Len(t, o.Fulfilments, 1)
		require.Equal(t, int64(0), r.reserved(t, "EAST", r.skus[1]), "the EAST reservation moved")
		require.Equal(t, int64(2), r.reserved(t, "WEST", r.skus[1]))
		require.Subset(t, eventTypes(t, r.fixture, o.ID), []string{"order.held", "order.review_approved", "order.resourced", "order.released"})
		report, err := r.stock.Reconcile(r.ctx)
		require.NoError(t, err)
		require.True(t, report.OK, "%+v", report)
	})
}

// A reject rule cancels the order and gives its stock back; a correction of
// the address re-sources the order for the new destination.
func TestReviewRejectAndCorrectAddress(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := reviewSetup(t, d, clk)
		r.rule(t, risk.Rule{Name: "huge orders", Kind: risk.HighValue, Weight: 100, Action: risk.Reject,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 4000}})
		r.rule(t, risk.Rule{Name: "PO boxes", Kind: risk.FlaggedAddress, Weight: 10, Action: risk.Hold,
			Params: risk.FlaggedAddressParams{POBox: true}})
		r.receive(t, "WEST", r.skus[0], 10)
		r.receive(t, "EAST", r.skus[0], 10)

		huge := r.cod(t, "rev-3", line(r.skus[0], 5))
		huge = r.runJobs(t, huge.ID)
		require.Equal(t, order.Cancelled, huge.Status)
		require.Equal(t, int64(0), r.reserved(t, "WEST", r.skus[0]))

		req := request("rev-4", line(r.skus[0], 1))
		req.PaymentMethod = "cod"
		req.ShippingAddress.Line1 = "PO Box 1234"
		boxed := r.accepted(t, req)
		require.Equal(t, []string{"WEST"}, warehousesOf(boxed), "California is WEST's")
		boxed = r.runJobs(t, boxed.ID)
		require.Equal(t, order.OnHold, boxed.Status)
		tasks, err := r.tasks.List(r.ctx, review.Filter{OrderID: boxed.ID})
		require.NoError(t, err)
		require.Equal(t, review.VerifyAddress, tasks[0].Kind)

		east := address.Address{Name: "Ada Lovelace", Line1: "350 Fifth Avenue", City: "New York", Region: "NY",
			PostalCode: "10118", Country: "US"}
		r.decide(t, boxed.ID, review.Decision{Outcome: review.CorrectAddress, Address: &east})
		boxed, err = r.orders.Get(r.ctx, boxed.ID)
		require.NoError(t, err)
		require.Equal(t, order.Released, boxed.Status)
		require.Equal(t, "10118", boxed.ShippingAddress.PostalCode)
		require.Equal(t, []string{"EAST"}, warehousesOf(boxed), "New York is served by EAST only")
		require.Equal(t, int64(0), r.reserved(t, "WEST", r.skus[0]))
		require.Equal(t, int64(1), r.reserved(t, "EAST", r.skus[0]))
		var keys []string
		require.NoError(t, d.Read(r.ctx, func(tx *db.Tx) error {
			rows, err := tx.QueryContext(r.ctx, `SELECT key FROM order_risk_keys WHERE order_id = $1 AND dimension = 'address'`, boxed.ID)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					return err
				}
				keys = append(keys, k)
			}
			return rows.Err()
		}))
		require.Len(t, keys, 1)
		require.Contains(t, keys[0], "10118", "later orders' velocity counts it at the corrected address")
	})
}

// Gift wrap is charged as configured for the order's currency and reaches
// the warehouse as a packing instruction with the card's message; a free
// note from the customer goes to a person first.
func TestReviewGiftWrapAndNote(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := reviewSetup(t, d, clk)
		r.engine.Stop()
		r.engine = order.NewEngine(d, slog.New(slog.DiscardHandler), order.Config{COD: order.CODRules{Countries: []string{"US"}},
			GiftWrapFees: map[string]int64{"USD": 450}})
		r.engine.Start()
		t.Cleanup(r.engine.Stop)
		r.receive(t, "WEST", r.skus[0], 5)

		req := request("gift-1", line(r.skus[0], 1))
		req.PaymentMethod = "cod"
		req.SpecialRequests = order.SpecialRequests{GiftWrap: true, GiftMessage: "Happy birthday, Ada!"}
		o := r.accepted(t, req)
		require.Equal(t, int64(450), o.GiftWrapMinor)
		require.Equal(t, int64(1450), o.TotalMinor, "the fee is part of the total")
		o = r.runJobs(t, o.ID)
		require.Equal(t, order.Released, o.Status)
		require.True(t, o.Fulfilments[0].GiftWrap)
		require.Equal(t, "Happy birthday, Ada!", o.Fulfilments[0].GiftMessage)

		req = request("note-1", line(r.skus[0], 1))
		req.PaymentMethod = "cod"
		req.SpecialRequests = order.SpecialRequests{Note: "Please leave it with the neighbour"}
		o = r.runJobs(t, r.accepted(t, req).ID)
		require.Equal(t, order.OnHold, o.Status)
		tasks, err := r.tasks.List(r.ctx, review.Filter{OrderID: o.ID})
		require.NoError(t, err)
		require.Equal(t, review.SpecialRequest, tasks[0].Kind)
		require.Contains(t, tasks[0].Reason, "leave it with the neighbour")
	})
}

func actorWith(r *reviewFixture, a actor.Actor) context.Context { return actor.With(r.ctx, a) }

// An order that passes review untouched is re-sourced on its way out too:
// stock that arrived since intake turns two parcels into one.
func TestAutomaticReviewResources(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := reviewSetup(t, d, clk)
		r.receive(t, "WEST", r.skus[0], 5)
		r.receive(t, "EAST", r.skus[1], 5)
		o := r.cod(t, "auto-1", line(r.skus[0], 1), line(r.skus[1], 1))
		require.Equal(t, 2, o.Sourcing.Parcels)
		r.receive(t, "WEST", r.skus[1], 5)
		o = r.runJobs(t, o.ID)
		require.Equal(t, order.Released, o.Status)
		require.Equal(t, 1, o.Sourcing.Parcels)
		require.Len(t, o.Fulfilments, 1)
		require.Equal(t, int64(0), r.reserved(t, "EAST", r.skus[1]))
	})
}
