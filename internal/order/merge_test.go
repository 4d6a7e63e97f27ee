package order_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	actorpkg "github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
)

// mergeSetup is reviewSetup with a 10-minute merge window.
func mergeSetup(t *testing.T, d *db.DB, clk *clock.Fixed) *reviewFixture {
	t.Helper()
	r := reviewSetup(t, d, clk)
	r.orders = order.NewStore(d, order.WithTasks(r.tasks), order.WithMergeWindow(10*time.Minute))
	r.fixture.orders = r.orders
	order.RegisterJobs(r.runner, r.orders, nil, slog.New(slog.DiscardHandler))
	return r
}

// Approved orders of one customer to one address placed within the merge
// window of each other ship as one fulfilment; another address, or an
// order placed after the window, ships on its own; a merged order cancelled
// later leaves the shared fulfilment to the others.
func TestMergeWindow(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := mergeSetup(t, d, clk)
		r.receive(t, "WEST", r.skus[0], 20)
		r.receive(t, "WEST", r.skus[1], 20)

		a := r.cod(t, "m-a", line(r.skus[0], 1))
		a = r.runJobs(t, a.ID)
		require.Equal(t, order.Confirmed, a.Status, "approved, waiting for the window")
		require.Empty(t, a.Fulfilments)
		require.Contains(t, eventTypes(t, r.fixture, a.ID), "order.awaiting_merge")

		clk.Advance(4 * time.Minute)
		other := request("m-c", line(r.skus[0], 1))
		other.PaymentMethod = "cod"
		other.ShippingAddress.Line1 = "1 Infinite Loop"
		other.ShippingAddress.City, other.ShippingAddress.PostalCode = "Cupertino", "95014"
		c := r.accepted(t, other)

		clk.Advance(5 * time.Minute) // 9 minutes after a
		same := request("m-b", line(r.skus[1], 2))
		same.PaymentMethod = "cod"
		same.ShippingAddress.Line1 = "1600 AMPHITHEATRE PARKWAY" // the same place, spelled otherwise
		b := r.accepted(t, same)
		r.runJobs(t, b.ID) // reviews b and c; a's window is still open

		clk.Advance(2 * time.Minute)
		late := r.cod(t, "m-d", line(r.skus[0], 1)) // 11 minutes after a: outside its window
		a = r.runJobs(t, a.ID)
		require.Equal(t, order.Released, a.Status)
		b, c, late = r.get(t, b.ID), r.get(t, c.ID), r.get(t, late.ID)
		require.Equal(t, order.Released, b.Status, "merged into a's release")
		require.Len(t, a.Fulfilments, 1)
		require.Len(t, b.Fulfilments, 1)
		require.Equal(t, a.Fulfilments[0].ID, b.Fulfilments[0].ID, "one parcel for both")
		require.Equal(t, a.ID, b.Fulfilments[0].OrderID, "owned by the first order")
		queue, err := r.orders.Fulfilments(r.ctx, order.FulfilmentFilter{Warehouse: "WEST", Status: "ready_to_pick", Limit: 10})
		require.NoError(t, err)
		require.Len(t, queue, 1, "the warehouse sees one parcel")
		require.ElementsMatch(t, []string{a.ID, b.ID}, []string{queue[0].Lines[0].OrderID, queue[0].Lines[1].OrderID})
		require.Equal(t, order.Confirmed, c.Status, "another address waits for its own window")
		require.Equal(t, order.Confirmed, late.Status)

		clk.Advance(15 * time.Minute)
		c, late = r.runJobs(t, c.ID), r.get(t, late.ID)
		require.Equal(t, order.Released, c.Status)
		require.Equal(t, order.Released, late.Status)
		require.NotEqual(t, c.Fulfilments[0].ID, late.Fulfilments[0].ID)

		_, err = r.orders.Cancel(actorpkg.With(r.ctx, admin), b.ID, "customer changed their mind")
		require.NoError(t, err)
		a = r.get(t, a.ID)
		require.Equal(t, order.ReadyToPick, a.Fulfilments[0].Status, "a still ships")
		require.Len(t, a.Fulfilments[0].Lines, 1)
		require.Empty(t, r.get(t, b.ID).Fulfilments)
	})
}

// The merge window's edges: an order placed exactly one window after
// another ships with it, one placed a second later does not.
func TestMergeWindowEdges(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := mergeSetup(t, d, clk)
		r.rule(t, risk.Rule{Name: "big orders", Kind: risk.HighValue, Weight: 50, Action: risk.Hold,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 3000}})
		r.receive(t, "WEST", r.skus[0], 20)

		a := r.cod(t, "e-a", line(r.skus[0], 4)) // held by the rule: released when a person approves
		r.runJobs(t, a.ID)
		clk.Advance(10 * time.Minute)
		edge := r.cod(t, "e-b", line(r.skus[0], 1))
		clk.Advance(time.Second)
		past := r.cod(t, "e-c", line(r.skus[0], 1))
		r.runJobs(t, edge.ID) // reviews both; their own windows are open, so they wait

		clk.Advance(time.Minute)
		r.decide(t, a.ID, review.Decision{Outcome: review.Approve})
		a, edge, past = r.get(t, a.ID), r.get(t, edge.ID), r.get(t, past.ID)
		require.Equal(t, order.Released, a.Status)
		require.Equal(t, order.Released, edge.Status, "placed exactly one window later: merged")
		require.Equal(t, a.Fulfilments[0].ID, edge.Fulfilments[0].ID)
		require.Equal(t, order.Confirmed, past.Status, "a second later: not merged")
	})
}

// A presale order served early waits for its release date even when a
// sibling of the same customer and address is released within the merge
// window: merging must not ship it before the date.
func TestMergeKeepsPresalesToTheirDate(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := mergeSetup(t, d, clk)
		r.policy(t, r.skus[0], "", order.ShortagePolicy{Policy: order.PolicyPresale, MaxWaiting: 5, ReleaseOn: "2026-04-01"})
		r.receive(t, "WEST", r.skus[1], 5)

		pre := r.cod(t, "pm-1", line(r.skus[0], 1))
		require.Equal(t, order.PolicyPresale, pre.Lines[0].ShortPolicy)
		r.receive(t, "WEST", r.skus[0], 5) // the presale's stock comes early
		pre = r.runJobs(t, pre.ID)
		require.Zero(t, pre.Lines[0].ShortQuantity, "served from the early stock")
		require.Equal(t, order.Confirmed, pre.Status, "but waiting for its date")

		clk.Advance(time.Minute)
		now := r.cod(t, "pm-2", line(r.skus[1], 1))
		clk.Advance(11 * time.Minute)
		now = r.runJobs(t, now.ID)
		require.Equal(t, order.Released, now.Status)
		pre = r.get(t, pre.ID)
		require.Equal(t, order.Confirmed, pre.Status, "not merged into its sibling's parcel before 2026-04-01")
		require.Empty(t, pre.Fulfilments)
	})
}
