package flowtest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/pick"
)

// Picker and Packer work the warehouse in fixtures; Chief is their
// supervisor.
var (
	Picker = actor.Actor{ID: "per_picker", Name: "picker", Role: actor.Warehouse}
	Packer = actor.Actor{ID: "per_packer", Name: "packer", Role: actor.Warehouse}
	Chief  = actor.Actor{ID: "per_chief", Name: "chief", Role: actor.Admin}
)

// As is a context acting as a.
func As(a actor.Actor) context.Context { return actor.With(context.Background(), a) }

// Picked is a released order waved, in warehouse wh, and picked whole
// into one tote (T-ref): a fulfilment waiting at the pack station. It
// returns the order as it stands and the fulfilment's id.
func (r *Rig) Picked(t testing.TB, wh, ref string, lines ...order.LineInput) (order.Order, string) {
	t.Helper()
	o := r.ReleasedOrder(t, ref, lines...)
	w, err := r.Floor.Release(As(Chief), pick.WaveRequest{Warehouse: wh})
	require.NoError(t, err)
	require.NotEmpty(t, w.Tasks, "the wave picks nothing")
	for _, wt := range w.Tasks {
		task, err := r.Floor.Claim(As(Picker), wt.ID)
		require.NoError(t, err)
		for _, l := range task.Lines {
			_, err := r.Floor.Pick(As(Picker), task.ID, pick.Scan{ScanID: "p-" + l.ID, Line: l.ID, Bin: l.Bin, Item: l.SKU,
				Quantity: l.Left(), Tote: "T-" + ref})
			require.NoError(t, err)
		}
	}
	o = r.Get(t, o.ID)
	require.Len(t, o.Fulfilments, 1)
	require.Equal(t, "picked", string(o.Fulfilments[0].Status))
	return o, o.Fulfilments[0].ID
}

// Packed is Picked, then packed whole into one parcel of carton (a carton
// of the warehouse's catalogue) weighing what it should: a fulfilment
// ready to ship.
func (r *Rig) Packed(t testing.TB, wh, carton, ref string, lines ...order.LineInput) (order.Order, string) {
	t.Helper()
	o, fid := r.Picked(t, wh, ref, lines...)
	st, err := r.Packing.Station(As(Packer), fid)
	require.NoError(t, err)
	var weight int64
	var parcel string
	for _, l := range st.Lines {
		res, err := r.Packing.Scan(As(Packer), fid, pack.ItemScan{ScanID: "pk-" + l.SKU, Item: l.SKU, Quantity: l.Left()})
		require.NoError(t, err)
		weight += l.Left() * l.WeightG
		parcel = res.Parcel
	}
	cartons, err := r.Packing.Cartons(As(Packer), wh)
	require.NoError(t, err)
	for _, c := range cartons {
		if c.Code == carton {
			weight += c.TareG
		}
	}
	res, err := r.Packing.Close(As(Packer), parcel, pack.CloseParcel{ScanID: "close-" + ref, Carton: carton, WeightG: weight})
	require.NoError(t, err)
	require.True(t, res.Done, "held: %s", res.Parcel.Note)
	return r.Get(t, o.ID), fid
}
