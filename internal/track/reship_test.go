package track_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// lostCase ships an order of units of sku, loses its parcel and claims
// the lost case as Agent: the order, the parcel's number and the case.
func (k *route) lostCase(ref, sku string, units int64) (order.Order, string, track.Case) {
	k.t.Helper()
	o, sh := k.Shipped(k.t, "EAST", "M", ref, flowtest.Line(sku, units))
	require.Len(k.t, sh.Parcels, 1)
	tr := sh.Parcels[0].TrackingNumber
	return o, tr, k.lose(o.ID, tr)
}

// lose has the carrier pick up and lose the order's parcel tr, and claims
// the case that opens as Agent.
func (k *route) lose(orderID, tr string) track.Case {
	k.t.Helper()
	k.ingest(ev(tr+"-pu", tr, ship.TrackPickedUp, monday.Add(time.Hour)), ev(tr+"-lo", tr, ship.TrackLost, monday.Add(2*time.Hour)))
	c := k.openCases(orderID)[track.CaseLost]
	require.NotEmpty(k.t, c.ID, "the lost parcel opens a case")
	_, err := k.Tracking.ClaimCase(flowtest.As(flowtest.Agent), c.ID)
	require.NoError(k.t, err)
	return c
}

// reshipOf is the order's fulfilment that is not fid: the reship's.
func reshipOf(t *testing.T, o order.Order, fid string) fulfilment.Fulfilment {
	t.Helper()
	var out []fulfilment.Fulfilment
	for _, f := range o.Fulfilments {
		if f.ID != fid {
			out = append(out, f)
		}
	}
	require.Len(t, out, 1, "one new fulfilment")
	return out[0]
}

// sendOn picks, packs and hands over a fulfilment already released at
// EAST, the way flowtest's Shipped does for a new order: its parcel's
// number.
func (k *route) sendOn(fid, ref string) string {
	k.t.Helper()
	return k.sendFrom("EAST", fid, ref)
}

// sendFrom is sendOn at warehouse wh.
func (k *route) sendFrom(wh, fid, ref string) string {
	t := k.t
	t.Helper()
	w, err := k.Floor.Release(flowtest.As(flowtest.Chief), pick.WaveRequest{Warehouse: wh})
	require.NoError(t, err)
	require.NotEmpty(t, w.Tasks, "the wave picks the reship")
	for _, wt := range w.Tasks {
		task, err := k.Floor.Claim(flowtest.As(flowtest.Picker), wt.ID)
		require.NoError(t, err)
		for _, l := range task.Lines {
			_, err := k.Floor.Pick(flowtest.As(flowtest.Picker), task.ID, pick.Scan{ScanID: "p-" + l.ID, Line: l.ID, Bin: l.Bin, Item: l.SKU,
				Quantity: l.Left(), Tote: "T-" + ref})
			require.NoError(t, err)
		}
	}
	packer := flowtest.As(flowtest.Packer)
	st, err := k.Packing.Station(packer, fid)
	require.NoError(t, err)
	var weight int64
	var parcel string
	for _, l := range st.Lines {
		res, err := k.Packing.Scan(packer, fid, pack.ItemScan{ScanID: "pk-" + ref + l.SKU, Item: l.SKU, Quantity: l.Left()})
		require.NoError(t, err)
		weight += l.Left() * l.WeightG
		parcel = res.Parcel
	}
	cartons, err := k.Packing.Cartons(packer, wh)
	require.NoError(t, err)
	for _, c := range cartons {
		if c.Code == "M" {
			weight += c.TareG
		}
	}
	res, err := k.Packing.Close(packer, parcel, pack.CloseParcel{ScanID: "close-" + ref, Carton: "M", WeightG: weight})
	require.NoError(t, err)
	require.True(t, res.Done, "held: %s", res.Parcel.Note)
	sh, err := k.Shipping.Book(packer, fid, ship.BookRequest{})
	require.NoError(t, err)
	require.Len(t, sh.Parcels, 1)
	tr := sh.Parcels[0].TrackingNumber
	_, err = k.Shipping.Stage(packer, ship.StageScan{Parcel: tr, Lane: strings.ToUpper(sh.Carrier)})
	require.NoError(t, err)
	m, err := k.Shipping.CloseManifest(packer, ship.ManifestIn{Warehouse: wh, Carrier: sh.Carrier})
	require.NoError(t, err)
	rep, err := k.Shipping.Handover(packer, m.ID, ship.HandoverIn{Scans: []string{tr}})
	require.NoError(t, err)
	require.Contains(t, rep.Shipped, fid)
	return tr
}

// A lost parcel's case reships it: its units are reserved again at the
// warehouse and go out as a new fulfilment with the same lines, which is
// picked, packed, shipped and delivered like any other; the order ends
// delivered. The same case cannot reship twice.
func TestReshipSendsTheLostParcelAgain(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		o, _, c := k.lostCase("RS1", "SKU-001", 2)
		first := o.Fulfilments[0].ID
		require.Equal(t, int64(0), k.Reserved(t, "EAST", "SKU-001"), "shipped: nothing reserved")
		agent := flowtest.As(flowtest.Agent)

		v, err := k.Tracking.Act(agent, c.ID, track.ActIn{Action: track.ActReship, Note: "sending again"})
		require.NoError(t, err)
		step := v.History[len(v.History)-1]
		assert.Equal(t, track.ActReship, step.Action)
		assert.Equal(t, "reshipped", step.Detail["status"])

		o = k.Get(t, o.ID)
		require.Len(t, o.Fulfilments, 2)
		f := reshipOf(t, o, first)
		assert.Equal(t, fulfilment.ReadyToPick, f.Status)
		require.Len(t, f.Lines, 1)
		assert.Equal(t, o.Lines[0].LineNo, f.Lines[0].LineNo)
		assert.Equal(t, int64(2), f.Lines[0].Quantity)
		assert.Equal(t, int64(2), k.Reserved(t, "EAST", "SKU-001"), "the reship's units are reserved")
		assert.False(t, o.Short)
		assert.Equal(t, order.Shipped, o.Status)
		assert.Contains(t, k.EventTypes(t, o.ID), "order.reship_requested")
		assert.Contains(t, k.EventTypes(t, o.ID), "order.released_more")

		_, err = k.Tracking.Act(agent, c.ID, track.ActIn{Action: track.ActReship})
		require.True(t, errs.Is(err, errs.Conflict), "a case reships once: %v", err)
		assert.Contains(t, err.Error(), "reshipped already")
		require.Len(t, k.Get(t, o.ID).Fulfilments, 2, "nothing sent twice")
		assert.Equal(t, int64(2), k.Reserved(t, "EAST", "SKU-001"))

		tr := k.sendOn(f.ID, "RS1b")
		assert.Equal(t, int64(0), k.Reserved(t, "EAST", "SKU-001"), "picked and shipped")
		k.ingest(journey(tr, monday.Add(3*time.Hour))...)
		o = k.Get(t, o.ID)
		assert.Equal(t, fulfilment.Delivered, reshipOf(t, o, first).Status)
		assert.Equal(t, order.Delivered, o.Status, "the reship delivered, the order is")
	})
}

// A reship the warehouse has no stock for waits like a short order: the
// order is short of the units, no fulfilment goes out and nobody else's
// stock is taken; it looks again every ReshipRetry, and when stock arrives
// it looks at once (release's arrival hook), reserves it and releases the
// units, without waiting out the hour.
func TestReshipWaitsForStock(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		o, _, c := k.lostCase("RW1", "SKU-002", 1)
		other := k.ReleasedOrder(t, "RW2", flowtest.Line("SKU-002", 199))
		require.Equal(t, int64(199), k.Reserved(t, "EAST", "SKU-002"), "every unit left is another order's")

		v, err := k.Tracking.Act(flowtest.As(flowtest.Agent), c.ID, track.ActIn{Action: track.ActReship})
		require.NoError(t, err)
		step := v.History[len(v.History)-1]
		assert.Equal(t, "waiting_for_stock", step.Detail["status"])
		o = k.Get(t, o.ID)
		assert.Len(t, o.Fulfilments, 1, "nothing to send yet")
		assert.True(t, o.Short)
		assert.Equal(t, int64(1), o.Lines[0].ShortQuantity)
		assert.Equal(t, int64(199), k.Reserved(t, "EAST", "SKU-002"), "the other order keeps its stock")

		clk.Advance(track.ReshipRetry)
		k.RunJobs(t)
		assert.Len(t, k.Get(t, o.ID).Fulfilments, 1, "still no stock")

		k.Receive(t, "EAST", "SKU-002", 1)
		k.RunJobs(t) // the arrival, which hurries the reship
		k.RunJobs(t) // the reship, due now
		o = k.Get(t, o.ID)
		require.Len(t, o.Fulfilments, 2, "the stock came: the reship goes out")
		f := reshipOf(t, o, o.Fulfilments[0].ID)
		if f.Status != fulfilment.ReadyToPick {
			f = o.Fulfilments[0]
		}
		assert.Equal(t, fulfilment.ReadyToPick, f.Status)
		assert.False(t, o.Short)
		assert.Equal(t, int64(200), k.Reserved(t, "EAST", "SKU-002"))
		assert.Equal(t, order.Released, k.Get(t, other.ID).Status)
	})
}

// A delivered order's problem ("the box was empty") reships everything it
// packed: a new fulfilment ships and is delivered though the order itself
// stays delivered (its status cannot go back); it does not complete while
// the reship is owed, closed case or not, and completes after the
// confirmation period from the reship's delivery; the reship's stock is
// booked out.
func TestReshipOfADeliveredOrder(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		o, sh := k.Shipped(t, "EAST", "M", "RD1", flowtest.Line("SKU-003", 2))
		first := o.Fulfilments[0].ID
		k.ingest(journey(sh.Parcels[0].TrackingNumber, monday)...)
		require.Equal(t, order.Delivered, k.Get(t, o.ID).Status)
		v, err := k.Tracking.RaiseProblem(flowtest.As(flowtest.Shop), o.ID, track.ProblemIn{Detail: "the box was empty"})
		require.NoError(t, err)
		agent := flowtest.As(flowtest.Agent)
		_, err = k.Tracking.ClaimCase(agent, v.ID)
		require.NoError(t, err)
		onHand := k.onHand("SKU-003")

		_, err = k.Tracking.Act(agent, v.ID, track.ActIn{Action: track.ActReship, Note: "new box"})
		require.NoError(t, err)
		o = k.Get(t, o.ID)
		f := reshipOf(t, o, first)
		require.Len(t, f.Lines, 1)
		assert.Equal(t, int64(2), f.Lines[0].Quantity)
		assert.Equal(t, int64(2), k.Reserved(t, "EAST", "SKU-003"))

		// Closing the case does not complete the order while the reship
		// is owed: it is still in the warehouse.
		_, err = k.Tracking.CloseCase(agent, v.ID, track.CloseIn{Outcome: "reshipped"})
		require.NoError(t, err)
		clk.Advance(8 * 24 * time.Hour)
		k.RunJobs(t)
		require.Equal(t, order.Delivered, k.Get(t, o.ID).Status, "the reship is still owed")

		tr := k.sendOn(f.ID, "RD1b")
		assert.Equal(t, onHand-2, k.onHand("SKU-003"), "the reship's units left the stock")
		assert.Equal(t, int64(0), k.Reserved(t, "EAST", "SKU-003"))
		clk.Advance(time.Hour)
		k.RunJobs(t)
		require.Equal(t, order.Delivered, k.Get(t, o.ID).Status, "the reship is on its way")
		k.ingest(journey(tr, clk.Now())...)
		o = k.Get(t, o.ID)
		assert.Equal(t, fulfilment.Delivered, reshipOf(t, o, first).Status)
		assert.Equal(t, order.Delivered, o.Status)
		clk.Advance(8 * 24 * time.Hour)
		k.RunJobs(t)
		o = k.Get(t, o.ID)
		assert.Equal(t, order.Completed, o.Status, "completed after the period from the reship's delivery")
		assert.Contains(t, k.EventTypes(t, o.ID), "order.parcel_delivered")
	})
}

// A lost cash-on-delivery parcel reshipped: the reship's parcel is due the
// order's whole total (the lost one collects nothing), not a share of it.
func TestReshippedCODParcelIsDueTheWholeTotal(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newCODRoute(t, d, clk)
		o, tr := k.shipCOD("RC1", flowtest.Line("SKU-001", 2))
		first := o.Fulfilments[0].ID
		k.ingest(ev(tr+"-lo", tr, ship.TrackLost, monday.Add(2*time.Hour)))
		c := k.openCases(o.ID)[track.CaseLost]
		require.NotEmpty(t, c.ID)
		agent := flowtest.As(flowtest.Agent)
		_, err := k.Tracking.ClaimCase(agent, c.ID)
		require.NoError(t, err)
		_, err = k.Tracking.Act(agent, c.ID, track.ActIn{Action: track.ActReship})
		require.NoError(t, err)
		rtr := k.sendOn(reshipOf(t, k.Get(t, o.ID), first).ID, "RC1b")
		k.ingest(journey(rtr, clk.Now())...)
		h, err := k.Tracking.ParcelHistory(context.Background(), rtr)
		require.NoError(t, err)
		require.Equal(t, ship.TrackDelivered, h.Status)
		require.NotNil(t, h.CODCollected)
		assert.Equal(t, o.TotalMinor, *h.CODCollected, "the whole total, not half")
		assert.Equal(t, order.Delivered, k.Get(t, o.ID).Status)
	})
}
