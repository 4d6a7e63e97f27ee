package fulfilment_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
)

// IDsOfOrder finds every fulfilment carrying an order's lines (an order
// split over two warehouses has two), OrdersOf the orders each fulfilment
// carries, and StatusOf where one stands; an unknown fulfilment is not
// found.
func TestOrdersAndFulfilments(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.New(t, d, flowtest.Options{Clock: clk})
		skus := r.AddProducts(t, 2)
		r.AddWarehouse(t, "EWR")
		r.AddWarehouse(t, "JFK")
		r.Receive(t, "EWR", skus[0], 10)
		r.Receive(t, "JFK", skus[1], 10)
		split := r.ReleasedOrder(t, "OF-1", flowtest.Line(skus[0], 1), flowtest.Line(skus[1], 1))
		one := r.ReleasedOrder(t, "OF-2", flowtest.Line(skus[0], 2))
		split, one = r.Get(t, split.ID), r.Get(t, one.ID)
		require.Len(t, split.Fulfilments, 2)
		require.Len(t, one.Fulfilments, 1)
		var splitIDs []string
		for _, f := range split.Fulfilments {
			splitIDs = append(splitIDs, f.ID)
		}
		slices.Sort(splitIDs)
		oneID := one.Fulfilments[0].ID

		ctx := context.Background()
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			got, err := fulfilment.IDsOfOrder(ctx, tx, split.ID)
			require.NoError(t, err)
			require.Equal(t, splitIDs, got)
			got, err = fulfilment.IDsOfOrder(ctx, tx, "ord_missing")
			require.NoError(t, err)
			require.Empty(t, got)

			of, err := fulfilment.OrdersOf(ctx, tx, []string{oneID, splitIDs[1], splitIDs[0], oneID, "ful_missing"})
			require.NoError(t, err)
			require.Equal(t, map[string][]string{oneID: {one.ID}, splitIDs[0]: {split.ID}, splitIDs[1]: {split.ID}}, of)

			st, err := fulfilment.StatusOf(ctx, tx, oneID)
			require.NoError(t, err)
			require.Equal(t, fulfilment.ReadyToPick, st)
			_, err = fulfilment.StatusOf(ctx, tx, "ful_missing")
			require.True(t, errs.Is(err, errs.NotFound), "%v", err)
			return nil
		}))
	})
}
