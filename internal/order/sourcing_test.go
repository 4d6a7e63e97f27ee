package order_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/warehouse"
)

// The engine sources each order as a whole with the optimiser: one parcel
// from a dearer warehouse beats two from a cheap one plus the extra-parcel
// penalty; the cheaper of two equally eligible warehouses wins (the
// nearest-first rule would take the first by code); the plan's explanation and ship date are kept with the order.
func TestEngineSourcesWholeOrders(t *testing.T) {
	// 15:00 in New York, an hour before the warehouses' 16:00 cut-off.
	at := time.Date(2026, 3, 2, 20, 0, 0, 0, time.UTC)
	dbtest.EachAt(t, at, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := setup(t, d, order.Config{})
		skus := f.AddProducts(t, 2)
		f.AddRatedWarehouse(t, "EAST", warehouse.Region{Country: "US", ParcelCostMinor: 900, TransitDays: 4})
		f.AddRatedWarehouse(t, "WEST", warehouse.Region{Country: "US", PostalPrefixes: []string{"9"}, ParcelCostMinor: 300, TransitDays: 1})
		f.Receive(t, "EAST", skus[0], 10)
		f.Receive(t, "EAST", skus[1], 10)
		f.AddRatedWarehouse(t, "NORTH", warehouse.Region{Country: "US", ParcelCostMinor: 200, TransitDays: 3})
		f.Receive(t, "WEST", skus[0], 10)
		f.Receive(t, "NORTH", skus[1], 10)

		// WEST is cheapest but holds only one SKU: EAST ships all in one parcel.
		o := f.Accepted(t, flowtest.Request("whole-1", flowtest.Line(skus[0], 1), flowtest.Line(skus[1], 1)))
		require.Equal(t, []string{"EAST", "EAST"}, warehousesOf(o))
		require.Equal(t, "2026-03-02", o.ShipsOn, "before the cut-off it ships today")
		require.NotNil(t, o.Sourcing)
		require.Equal(t, 1, o.Sourcing.Parcels)
		codes := map[string]bool{}
		for _, c := range o.Sourcing.Explanation.Candidates {
			codes[c.Code] = true
		}
		require.Equal(t, map[string]bool{"EAST": true, "WEST": true, "NORTH": true}, codes, "every warehouse was weighed")
		require.GreaterOrEqual(t, len(o.Sourcing.Explanation.Options), 2, "the runner-up is kept")

		o = f.Accepted(t, flowtest.Request("whole-3", flowtest.Line(skus[1], 1)))
		require.Equal(t, []string{"NORTH"}, warehousesOf(o), "NORTH is cheaper than EAST for the same parcel")

		// What WEST can ship alone it ships: the cheaper single parcel.
		clk.Advance(90 * time.Minute) // 16:30 in New York: past the cut-off
		o = f.Accepted(t, flowtest.Request("whole-2", flowtest.Line(skus[0], 2)))
		require.Equal(t, []string{"WEST"}, warehousesOf(o))
		require.Equal(t, "2026-03-03", o.ShipsOn, "after the cut-off it ships tomorrow")

		stored, err := f.Orders.Get(f.Ctx, o.ID)
		require.NoError(t, err)
		require.Equal(t, o.Sourcing, stored.Sourcing, "the explanation is stored with the order")
		require.Equal(t, "2026-03-03", stored.ShipsOn)
	})
}

func warehousesOf(o order.Order) []string {
	var out []string
	for _, a := range o.Allocations {
		out = append(out, a.Warehouse)
	}
	return out
}
