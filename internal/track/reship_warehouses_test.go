package track_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/track"
)

// newTwoSiteRoute is newRoute with a second warehouse, WEST, that alone
// holds SKU-004 (10 units), has cartons M, its own GS1 prefix and ships
// by Eastline too.
func newTwoSiteRoute(t *testing.T, d *db.DB, clk *clock.Fixed) *route {
	r := flowtest.New(t, d, flowtest.Options{Clock: clk})
	skus := r.AddProducts(t, 5)
	r.AddDock(t, skus[:4], 200, 500)
	r.AddWarehouse(t, "WEST")
	r.Receive(t, "WEST", "SKU-004", 10)
	_, err := r.Packing.PutCarton(flowtest.As(flowtest.Chief), "WEST", "M", pack.Carton{InnerMM: [3]int64{250, 250, 250},
		OuterMM: [3]int64{262, 262, 262}, TareG: 300, MaxWeightG: 20000, CostMinor: 90, Material: "corrugated", OnHand: 50, Active: true})
	require.NoError(t, err)
	rules, err := r.Packing.PackRules(flowtest.As(flowtest.Chief), "WEST")
	require.NoError(t, err)
	rules.GS1Prefix = "0614142" // SSCCs of its own
	_, err = r.Packing.SetPackRules(flowtest.As(flowtest.Chief), "WEST", rules)
	require.NoError(t, err)
	var carrier map[string]any
	require.NoError(t, json.Unmarshal(flowtest.Eastline, &carrier))
	for _, sv := range carrier["services"].([]any) {
		sv := sv.(map[string]any)
		origins := sv["origins"].([]any)
		west := map[string]any{}
		for k, v := range origins[0].(map[string]any) {
			west[k] = v
		}
		west["warehouse"] = "WEST"
		sv["origins"] = append(origins, west)
	}
	data, err := json.Marshal(carrier)
	require.NoError(t, err)
	_, err = r.Shipping.PutCarrier(flowtest.As(flowtest.Chief), data, true)
	require.NoError(t, err)
	return &route{Rig: r, t: t, clk: clk}
}

// balances is on hand and reserved by warehouse code and SKU.
func (k *route) balances() map[[2]string][2]int64 {
	k.t.Helper()
	out := map[[2]string][2]int64{}
	ctx := context.Background()
	require.NoError(k.t, k.DB.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT w.code, p.sku, b.on_hand, b.reserved FROM stock_balances b
			JOIN products p ON p.id = b.product_id JOIN warehouses w ON w.id = b.warehouse_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var wh, sku string
			var onHand, reserved int64
			if err := rows.Scan(&wh, &sku, &onHand, &reserved); err != nil {
				return err
			}
			out[[2]string{wh, sku}] = [2]int64{onHand, reserved}
		}
		return rows.Err()
	}))
	return out
}

// An order shipped from two warehouses in two parcels, one of them lost:
// the reship sends again only the lost parcel's line, from the warehouse
// that shipped it, and reserves only there, though the other warehouse
// now holds the product too; nobody's stock but the reship's warehouse's
// moves, and the parcel that arrived is not sent again.
func TestReshipOfOneWarehousesParcel(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newTwoSiteRoute(t, d, clk)
		o := k.ReleasedOrder(t, "MW1", flowtest.Line("SKU-000", 2), flowtest.Line("SKU-004", 1))
		require.Len(t, o.Fulfilments, 2, "one fulfilment per warehouse")
		byWarehouse := map[string]string{} // warehouse code -> fulfilment id
		for _, f := range o.Fulfilments {
			byWarehouse[f.Warehouse] = f.ID
		}
		east := k.sendFrom("EAST", byWarehouse["EAST"], "MW1e")
		west := k.sendFrom("WEST", byWarehouse["WEST"], "MW1w")
		k.ingest(journey(east, monday)...)
		c := k.lose(o.ID, west)
		k.Receive(t, "EAST", "SKU-004", 10) // EAST could send it now: it must not
		want := k.balances()

		v, err := k.Tracking.Act(flowtest.As(flowtest.Agent), c.ID, track.ActIn{Action: track.ActReship})
		require.NoError(t, err)
		step := v.History[len(v.History)-1]
		assert.Equal(t, "reshipped", step.Detail["status"])

		o = k.Get(t, o.ID)
		require.Len(t, o.Fulfilments, 3)
		f := o.Fulfilments[0]
		for _, x := range o.Fulfilments {
			if x.ID != byWarehouse["EAST"] && x.ID != byWarehouse["WEST"] {
				f = x
			}
		}
		assert.Equal(t, "WEST", f.Warehouse, "sent again from the warehouse that shipped it")
		require.Len(t, f.Lines, 1, "only the lost parcel's line")
		assert.Equal(t, o.Lines[1].LineNo, f.Lines[0].LineNo)
		assert.Equal(t, int64(1), f.Lines[0].Quantity)
		assert.False(t, o.Short)

		w := want[[2]string{"WEST", "SKU-004"}]
		want[[2]string{"WEST", "SKU-004"}] = [2]int64{w[0], w[1] + 1}
		assert.Equal(t, want, k.balances(), "one unit reserved at WEST, nothing else moved")
	})
}
