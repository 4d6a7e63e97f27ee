package flowtest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
)

// The fixtures later stages start from get there through the real flow:
// a paid order is confirmed and paid, a released one has gone through
// review to its warehouse, and its fulfilment is ready to pick.
func TestFixtures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := flowtest.New(t, d, flowtest.Options{})
		skus := r.AddProducts(t, 1)
		r.AddWarehouse(t, "US-EWR1")
		r.Receive(t, "US-EWR1", skus[0], 5)

		paid := r.PaidOrder(t, "fx-1", flowtest.Line(skus[0], 1))
		require.Equal(t, order.Confirmed, paid.Status)
		require.Equal(t, order.Paid, paid.PaymentStatus)
		require.Equal(t, paid.TotalMinor, paid.PaidMinor)

		ful := r.ReleasedFulfilment(t, "fx-2", flowtest.Line(skus[0], 2))
		require.Equal(t, fulfilment.ReadyToPick, ful.Status)
		require.Equal(t, "US-EWR1", ful.Warehouse)
		require.Len(t, ful.Lines, 1)
		require.Equal(t, int64(2), ful.Lines[0].Quantity)
		require.Equal(t, order.Released, r.Get(t, paid.ID).Status, "the first order was released by the same run of jobs")
		require.Equal(t, int64(3), r.Reserved(t, "US-EWR1", skus[0]), "released stock stays reserved until picked")
	})
}
