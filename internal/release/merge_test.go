package release_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/shortage"
)

// mergeSetup is the US shop with a 10-minute merge window.
func mergeSetup(t *testing.T, d *db.DB, clk *clock.Fixed) *flowtest.USShop {
	t.Helper()
	return flowtest.NewUSShop(t, d, clk, flowtest.Options{MergeWindow: 10 * time.Minute})
}

// runJobs runs every due job and reads the order again.
func runJobs(t *testing.T, r *flowtest.USShop, orderID string) order.Order {
	t.Helper()
	r.RunJobs(t)
	return r.Get(t, orderID)
}

// Approved orders of one customer to one address placed within the merge
// window of each other ship as one fulfilment; another address, or an
// order placed after the window, ships on its own; a merged order cancelled
// later leaves the shared fulfilment to the others.
func TestMergeWindow(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := mergeSetup(t, d, clk)
		r.Receive(t, "WEST", r.SKUs[0], 20)
		r.Receive(t, "WEST", r.SKUs[1], 20)

		a := r.COD(t, "m-a", flowtest.Line(r.SKUs[0], 1))
		a = runJobs(t, r, a.ID)
		require.Equal(t, order.Confirmed, a.Status, "approved, waiting for the window")
		require.Empty(t, a.Fulfilments)
		require.Contains(t, r.EventTypes(t, a.ID), "order.awaiting_merge")

		clk.Advance(4 * time.Minute)
		other := flowtest.Request("m-c", flowtest.Line(r.SKUs[0], 1))
		other.PaymentMethod = "cod"
		other.ShippingAddress.Line1 = "1 Infinite Loop"
		other.ShippingAddress.City, other.ShippingAddress.PostalCode = "Cupertino", "95014"
		c := r.Accepted(t, other)

		clk.Advance(5 * time.Minute) // 9 minutes after a
		same := flowtest.Request("m-b", flowtest.Line(r.SKUs[1], 2))
		same.PaymentMethod = "cod"
		same.ShippingAddress.Line1 = "1600 AMPHITHEATRE PARKWAY" // the same place, spelled otherwise
		b := r.Accepted(t, same)
		r.RunJobs(t) // reviews b and c; a's window is still open

		clk.Advance(2 * time.Minute)
		late := r.COD(t, "m-d", flowtest.Line(r.SKUs[0], 1)) // 11 minutes after a: outside its window
		a = runJobs(t, r, a.ID)
		require.Equal(t, order.Released, a.Status)
		b, c, late = r.Get(t, b.ID), r.Get(t, c.ID), r.Get(t, late.ID)
		require.Equal(t, order.Released, b.Status, "merged into a's release")
		require.Len(t, a.Fulfilments, 1)
		require.Len(t, b.Fulfilments, 1)
		require.Equal(t, a.Fulfilments[0].ID, b.Fulfilments[0].ID, "one parcel for both")
		require.Equal(t, a.ID, b.Fulfilments[0].OrderID, "owned by the first order")
		queue, err := fulfilment.NewStore(d).List(r.Ctx, fulfilment.Filter{Warehouse: "WEST", Status: "ready_to_pick", Limit: 10})
		require.NoError(t, err)
		require.Len(t, queue, 1, "the warehouse sees one parcel")
		require.ElementsMatch(t, []string{a.ID, b.ID}, []string{queue[0].Lines[0].OrderID, queue[0].Lines[1].OrderID})
		require.Equal(t, order.Confirmed, c.Status, "another address waits for its own window")
		require.Equal(t, order.Confirmed, late.Status)

		clk.Advance(15 * time.Minute)
		c, late = runJobs(t, r, c.ID), r.Get(t, late.ID)
		require.Equal(t, order.Released, c.Status)
		require.Equal(t, order.Released, late.Status)
		require.NotEqual(t, c.Fulfilments[0].ID, late.Fulfilments[0].ID)

		_, err = r.Orders.Cancel(actor.With(r.Ctx, flowtest.Admin), b.ID, "customer changed their mind")
		require.NoError(t, err)
		a = r.Get(t, a.ID)
		require.Equal(t, fulfilment.ReadyToPick, a.Fulfilments[0].Status, "a still ships")
		require.Len(t, a.Fulfilments[0].Lines, 1)
		require.Empty(t, r.Get(t, b.ID).Fulfilments)
	})
}

// The merge window's edges: an order placed exactly one window after
// another ships with it, one placed a second later does not.
func TestMergeWindowEdges(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := mergeSetup(t, d, clk)
		r.Rule(t, risk.Rule{Name: "big orders", Kind: risk.HighValue, Weight: 50, Action: risk.Hold,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 3000}})
		r.Receive(t, "WEST", r.SKUs[0], 20)

		a := r.COD(t, "e-a", flowtest.Line(r.SKUs[0], 4)) // held by the rule: released when a person approves
		r.RunJobs(t)
		clk.Advance(10 * time.Minute)
		edge := r.COD(t, "e-b", flowtest.Line(r.SKUs[0], 1))
		clk.Advance(time.Second)
		past := r.COD(t, "e-c", flowtest.Line(r.SKUs[0], 1))
		r.RunJobs(t) // reviews both; their own windows are open, so they wait

		clk.Advance(time.Minute)
		r.Decide(t, a.ID, review.Decision{Outcome: review.Approve})
		a, edge, past = r.Get(t, a.ID), r.Get(t, edge.ID), r.Get(t, past.ID)
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
		r.Policy(t, r.SKUs[0], "", shortage.Policy{Kind: order.PolicyPresale, MaxWaiting: 5, ReleaseOn: "2026-04-01"})
		r.Receive(t, "WEST", r.SKUs[1], 5)

		pre := r.COD(t, "pm-1", flowtest.Line(r.SKUs[0], 1))
		require.Equal(t, order.PolicyPresale, pre.Lines[0].ShortPolicy)
		r.Receive(t, "WEST", r.SKUs[0], 5) // the presale's stock comes early
		pre = runJobs(t, r, pre.ID)
		require.Zero(t, pre.Lines[0].ShortQuantity, "served from the early stock")
		require.Equal(t, order.Confirmed, pre.Status, "but waiting for its date")

		clk.Advance(time.Minute)
		now := r.COD(t, "pm-2", flowtest.Line(r.SKUs[1], 1))
		clk.Advance(11 * time.Minute)
		now = runJobs(t, r, now.ID)
		require.Equal(t, order.Released, now.Status)
		pre = r.Get(t, pre.ID)
		require.Equal(t, order.Confirmed, pre.Status, "not merged into its sibling's parcel before 2026-04-01")
		require.Empty(t, pre.Fulfilments)
	})
}
