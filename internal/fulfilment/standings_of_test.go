package fulfilment_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
)

// OrdersOf and StandingsOfOrders read, for many ids at once (more
// than one IN list's worth), which orders each fulfilment carries and
// where each order's fulfilments stand; unknown ids are left out.
func TestOrdersOfAndStandingsOfOrders(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.New(t, d, flowtest.Options{Clock: clk})
		skus := r.AddProducts(t, 1)
		r.AddWarehouse(t, "EWR")
		r.Receive(t, "EWR", skus[0], 10)
		a := r.ReleasedFulfilment(t, "carry-1", flowtest.Line(skus[0], 1))
		b := r.ReleasedFulfilment(t, "carry-2", flowtest.Line(skus[0], 2))
		fids := []string{a.ID, b.ID, "ful_nope"}
		for i := range 600 { // past one IN list: the ids come back whole
			fids = append(fids, "ful_pad"+string(rune('a'+i%26)))
		}
		var carried map[string][]string
		var standings map[string][]fulfilment.Standing
		require.NoError(t, d.Read(r.Ctx, func(tx *db.Tx) error {
			var err error
			if carried, err = fulfilment.OrdersOf(r.Ctx, tx, fids); err != nil {
				return err
			}
			standings, err = fulfilment.StandingsOfOrders(r.Ctx, tx, []string{a.OrderID, b.OrderID, "ord_nope"})
			return err
		}))
		require.Equal(t, map[string][]string{a.ID: {a.OrderID}, b.ID: {b.OrderID}}, carried)
		require.Equal(t, map[string][]fulfilment.Standing{
			a.OrderID: {{ID: a.ID, Status: fulfilment.ReadyToPick}},
			b.OrderID: {{ID: b.ID, Status: fulfilment.ReadyToPick}},
		}, standings)
	})
}
