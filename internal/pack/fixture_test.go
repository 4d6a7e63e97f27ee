package pack_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/pick"
)

// The people of the tests: two packers and two supervisors.
var (
	ann   = actor.Actor{ID: "per_ann", Name: "Ann", Role: actor.Warehouse}
	bob   = actor.Actor{ID: "per_bob", Name: "Bob", Role: actor.Warehouse}
	chief = actor.Actor{ID: "per_chief", Name: "Chief", Role: actor.Admin}
	boss  = actor.Actor{ID: "per_boss", Name: "Boss", Role: actor.Admin}
)

func as(a actor.Actor) context.Context { return actor.With(context.Background(), a) }

// station is a warehouse EAST with four products (SKU-000…003, 500 g,
// 100 mm cubes, 50 of each) and five cartons: S (one cube), C150 (one cube:
// two by volume), M (eight cubes), L (48 cubes), VAL (plain, for valuables).
type station struct {
	*flowtest.Rig
	t *testing.T
}

func newStation(t *testing.T, d *db.DB) *station {
	r := flowtest.New(t, d, flowtest.Options{})
	s := &station{Rig: r, t: t}
	skus := r.AddProducts(t, 4)
	r.AddWarehouse(t, "EAST")
	for _, sku := range skus {
		r.Receive(t, "EAST", sku, 50)
	}
	for code, c := range map[string]pack.Carton{
		"S":    {InnerMM: [3]int64{120, 120, 105}, OuterMM: [3]int64{130, 130, 115}, TareG: 100, MaxWeightG: 5000, CostMinor: 40, Material: "corrugated", OnHand: 10, Active: true},
		"M":    {InnerMM: [3]int64{250, 250, 250}, OuterMM: [3]int64{262, 262, 262}, TareG: 300, MaxWeightG: 20000, CostMinor: 90, Material: "corrugated", OnHand: 10, Active: true},
		"C150": {InnerMM: [3]int64{150, 150, 150}, OuterMM: [3]int64{160, 160, 160}, TareG: 120, MaxWeightG: 5000, CostMinor: 45, Material: "corrugated", OnHand: 5, Active: true},
		"L":    {InnerMM: [3]int64{410, 410, 310}, OuterMM: [3]int64{425, 425, 325}, TareG: 600, MaxWeightG: 30000, CostMinor: 150, Material: "corrugated", OnHand: 10, Active: true},
		"VAL":  {InnerMM: [3]int64{250, 250, 250}, OuterMM: [3]int64{262, 262, 262}, TareG: 300, MaxWeightG: 20000, CostMinor: 95, Material: "corrugated", Plain: true, OnHand: 2, Active: true},
	} {
		_, err := r.Packing.PutCarton(as(chief), "EAST", code, c)
		require.NoError(t, err)
	}
	return s
}

// picked is an order released, waved and picked whole into one tote: a
// fulfilment waiting at the pack station. It returns the order, the
// fulfilment's id and the tote.
func (s *station) picked(ref string, lines ...order.LineInput) (order.Order, string, string) {
	t := s.t
	t.Helper()
	o := s.ReleasedOrder(t, ref, lines...)
	w, err := s.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
	require.NoError(t, err)
	require.Len(t, w.Tasks, 1)
	task, err := s.Floor.Claim(as(ann), w.Tasks[0].ID)
	require.NoError(t, err)
	tote := "T-" + ref
	for _, l := range task.Lines {
		_, err := s.Floor.Pick(as(ann), task.ID, pick.Scan{ScanID: "p-" + l.ID, Line: l.ID, Bin: l.Bin, Item: l.SKU, Quantity: l.Left(), Tote: tote})
		require.NoError(t, err)
	}
	got := s.Get(t, o.ID)
	require.Len(t, got.Fulfilments, 1)
	require.Equal(t, "picked", string(got.Fulfilments[0].Status))
	return got, got.Fulfilments[0].ID, tote
}

// count runs a count(*) query.
func (s *station) count(q string, args ...any) int64 {
	s.t.Helper()
	var n int64
	require.NoError(s.t, s.DB.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), q, args...).Scan(&n)
	}))
	return n
}

// reconciled checks the ledger and the pack stage's own invariants: no
// parcel line holds more than its fulfilment line, and the picked balance
// is what totes and parcels hold.
func (s *station) reconciled() {
	t := s.t
	t.Helper()
	rep, err := s.Stock.Reconcile(context.Background())
	require.NoError(t, err)
	require.True(t, rep.OK, "reconcile: %+v", rep.Differences)
	require.Zero(t, s.count(`SELECT count(*) FROM fulfilment_lines l WHERE l.quantity < (SELECT coalesce(sum(i.quantity), 0)
		FROM parcel_items i JOIN parcels p ON p.id = i.parcel_id WHERE p.fulfilment_id = l.fulfilment_id AND p.status <> 'cancelled'
		AND i.order_id = l.order_id AND i.line_no = l.line_no)`), "a line packed beyond its quantity")
	require.Zero(t, s.count(`SELECT count(*) FROM parcels p WHERE p.status <> 'cancelled' AND NOT EXISTS
		(SELECT 1 FROM fulfilments f WHERE f.id = p.fulfilment_id AND f.status IN ('picked', 'packed', 'shipped'))`), "a live parcel of a dead fulfilment")
}
