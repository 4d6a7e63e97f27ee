package review_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
)

// These tests drive the real flow (flowtest.USShop): COD orders to the US,
// confirmed at once so review follows, two rated warehouses, the job
// runner, and the review store reviewers work in.

// line is units of a SKU, as flowtest.Line.
var line = flowtest.Line

// settle runs every due job (confirmations, reviews, releases) and returns
// the order as they left it.
func settle(t *testing.T, r *flowtest.USShop, orderID string) order.Order {
	t.Helper()
	r.RunJobs(t)
	return r.Get(t, orderID)
}

// codRequest is a COD order to Mountain View, CA, for the lines.
func codRequest(ref string, lines ...order.LineInput) order.PlaceRequest {
	req := flowtest.Request(ref, lines...)
	req.PaymentMethod = "cod"
	return req
}

func warehousesOf(o order.Order) []string {
	var out []string
	for _, a := range o.Allocations {
		out = append(out, a.Warehouse)
	}
	return out
}

func actorWith(r *flowtest.USShop, a actor.Actor) context.Context { return actor.With(r.Ctx, a) }

// A confirmed order that trips no rule is released at once as one
// fulfilment per warehouse, in ready_to_pick, with its reservations kept.
func TestReviewReleasesCleanOrders(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		r.Receive(t, "WEST", r.SKUs[0], 5)
		r.Receive(t, "EAST", r.SKUs[1], 5)
		o := r.COD(t, "rev-1", line(r.SKUs[0], 1), line(r.SKUs[1], 2))
		require.Equal(t, order.Confirmed, o.Status)

		o = settle(t, r, o.ID)
		require.Equal(t, order.Released, o.Status)
		require.NotNil(t, o.ReleasedAt)
		require.Len(t, o.Fulfilments, 2, "one per warehouse")
		for _, fl := range o.Fulfilments {
			require.Equal(t, fulfilment.ReadyToPick, fl.Status)
			require.Len(t, fl.Lines, 1)
		}
		require.Equal(t, int64(1), r.Reserved(t, "WEST", r.SKUs[0]), "released stock stays reserved until picked")
		require.Subset(t, r.EventTypes(t, o.ID), []string{"order.placed", "order.confirmed", "order.reviewed", "order.released"})

		// A review run again (a job retried after its effect committed) changes nothing.
		kind := order.ReviewJob{}.Kind()
		require.NoError(t, d.Write(r.Ctx, func(tx *db.Tx) error {
			return job.EnqueueArgs(r.Ctx, tx, order.ReviewJob{OrderID: o.ID}, o.ID+"@again", time.Time{})
		}))
		n, err := r.Runner.RunDue(context.Background())
		require.NoError(t, err)
		require.Equal(t, 1, n, "the second review ran")
		var state string
		require.NoError(t, d.Read(r.Ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(r.Ctx, `SELECT state FROM jobs WHERE kind = $1 AND dedupe_key = $2`, kind, o.ID+"@again").Scan(&state)
		}))
		require.Equal(t, "done", state, "and succeeded")
		again := r.Get(t, o.ID)
		require.Equal(t, o.Fulfilments, again.Fulfilments, "a second run changes nothing")
		require.Equal(t, int64(1), r.Reserved(t, "WEST", r.SKUs[0]))
	})
}

// A hold rule opens a task; the order waits on hold until a reviewer
// approves, and is then re-sourced with the stock there is now: stock that
// arrived meanwhile turns intake's two parcels into one.
func TestReviewHoldApproveResources(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		r.Rule(t, risk.Rule{Name: "big orders", Kind: risk.HighValue, Weight: 50, Action: risk.Hold,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 2000}})
		r.Receive(t, "WEST", r.SKUs[0], 5)
		r.Receive(t, "EAST", r.SKUs[1], 5)
		o := r.COD(t, "rev-2", line(r.SKUs[0], 1), line(r.SKUs[1], 2))
		require.Equal(t, 2, o.Sourcing.Parcels, "split at intake: no warehouse holds both")

		o = settle(t, r, o.ID)
		require.Equal(t, order.OnHold, o.Status)
		require.Equal(t, 50, o.RiskScore)
		require.Len(t, o.RiskReasons, 1)
		require.Contains(t, o.RiskReasons[0].Text, "30.00 USD")
		tasks, err := r.Tasks.List(r.Ctx, review.Filter{OrderID: o.ID})
		require.NoError(t, err)
		require.Len(t, tasks, 1)
		require.Equal(t, review.RiskReview, tasks[0].Kind)

		r.Receive(t, "WEST", r.SKUs[1], 5) // WEST can now ship both
		r.Decide(t, o.ID, review.Decision{Outcome: review.Approve, Note: "called the customer"})
		o = r.Get(t, o.ID)
		require.Equal(t, order.Released, o.Status)
		require.Equal(t, 1, o.Sourcing.Parcels, "re-sourced into one parcel")
		require.Equal(t, []string{"WEST", "WEST"}, warehousesOf(o))
		require.Len(t, o.Fulfilments, 1)
		require.Equal(t, int64(0), r.Reserved(t, "EAST", r.SKUs[1]), "the EAST reservation moved")
		require.Equal(t, int64(2), r.Reserved(t, "WEST", r.SKUs[1]))
		require.Subset(t, r.EventTypes(t, o.ID), []string{"order.held", "order.review_approved", "order.resourced", "order.released"})
		report, err := r.Stock.Reconcile(r.Ctx)
		require.NoError(t, err)
		require.True(t, report.OK, "%+v", report)
	})
}

// A reject rule cancels the order and gives its stock back; a correction of
// the address re-sources the order for the new destination.
func TestReviewRejectAndCorrectAddress(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		r.Rule(t, risk.Rule{Name: "huge orders", Kind: risk.HighValue, Weight: 100, Action: risk.Reject,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 4000}})
		r.Rule(t, risk.Rule{Name: "PO boxes", Kind: risk.FlaggedAddress, Weight: 10, Action: risk.Hold,
			Params: risk.FlaggedAddressParams{POBox: true}})
		r.Receive(t, "WEST", r.SKUs[0], 10)
		r.Receive(t, "EAST", r.SKUs[0], 10)

		huge := r.COD(t, "rev-3", line(r.SKUs[0], 5))
		huge = settle(t, r, huge.ID)
		require.Equal(t, order.Cancelled, huge.Status)
		require.Equal(t, int64(0), r.Reserved(t, "WEST", r.SKUs[0]))

		req := codRequest("rev-4", line(r.SKUs[0], 1))
		req.ShippingAddress.Line1 = "PO Box 1234"
		boxed := r.Accepted(t, req)
		require.Equal(t, []string{"WEST"}, warehousesOf(boxed), "California is WEST's")
		boxed = settle(t, r, boxed.ID)
		require.Equal(t, order.OnHold, boxed.Status)
		tasks, err := r.Tasks.List(r.Ctx, review.Filter{OrderID: boxed.ID})
		require.NoError(t, err)
		require.Equal(t, review.VerifyAddress, tasks[0].Kind)

		east := address.Address{Name: "Ada Lovelace", Line1: "350 Fifth Avenue", City: "New York", Region: "NY",
			PostalCode: "10118", Country: "US"}
		r.Decide(t, boxed.ID, review.Decision{Outcome: review.CorrectAddress, Address: &east})
		boxed = r.Get(t, boxed.ID)
		require.Equal(t, order.Released, boxed.Status)
		require.Equal(t, "10118", boxed.ShippingAddress.PostalCode)
		require.Equal(t, []string{"EAST"}, warehousesOf(boxed), "New York is served by EAST only")
		require.Equal(t, int64(0), r.Reserved(t, "WEST", r.SKUs[0]))
		require.Equal(t, int64(1), r.Reserved(t, "EAST", r.SKUs[0]))
		var keys []string
		require.NoError(t, d.Read(r.Ctx, func(tx *db.Tx) error {
			rows, err := tx.QueryContext(r.Ctx, `SELECT key FROM order_risk_keys WHERE order_id = $1 AND dimension = 'address'`, boxed.ID)
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
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{Engine: order.Config{GiftWrapFees: map[string]int64{"USD": 450}}})
		r.Receive(t, "WEST", r.SKUs[0], 5)

		req := codRequest("gift-1", line(r.SKUs[0], 1))
		req.SpecialRequests = order.SpecialRequests{GiftWrap: true, GiftMessage: "Happy birthday, Ada!"}
		o := r.Accepted(t, req)
		require.Equal(t, int64(450), o.GiftWrapMinor)
		require.Equal(t, int64(1450), o.TotalMinor, "the fee is part of the total")
		o = settle(t, r, o.ID)
		require.Equal(t, order.Released, o.Status)
		require.True(t, o.Fulfilments[0].GiftWrap)
		require.Equal(t, "Happy birthday, Ada!", o.Fulfilments[0].GiftMessage)

		req = codRequest("note-1", line(r.SKUs[0], 1))
		req.SpecialRequests = order.SpecialRequests{Note: "Please leave it with the neighbour"}
		o = settle(t, r, r.Accepted(t, req).ID)
		require.Equal(t, order.OnHold, o.Status)
		tasks, err := r.Tasks.List(r.Ctx, review.Filter{OrderID: o.ID})
		require.NoError(t, err)
		require.Equal(t, review.SpecialRequest, tasks[0].Kind)
		require.Contains(t, tasks[0].Reason, "leave it with the neighbour")
	})
}

// An order that passes review untouched is re-sourced on its way out too:
// stock that arrived since intake turns two parcels into one.
func TestAutomaticReviewResources(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		r.Receive(t, "WEST", r.SKUs[0], 5)
		r.Receive(t, "EAST", r.SKUs[1], 5)
		o := r.COD(t, "auto-1", line(r.SKUs[0], 1), line(r.SKUs[1], 1))
		require.Equal(t, 2, o.Sourcing.Parcels)
		r.Receive(t, "WEST", r.SKUs[1], 5)
		o = settle(t, r, o.ID)
		require.Equal(t, order.Released, o.Status)
		require.Equal(t, 1, o.Sourcing.Parcels)
		require.Len(t, o.Fulfilments, 1)
		require.Equal(t, int64(0), r.Reserved(t, "EAST", r.SKUs[1]))
	})
}
