package fulfilment_test

import (
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

// Get reads one fulfilment as the queue shows it, lines and packing
// instructions included; an unknown id is not found.
func TestGetReadsOneFulfilment(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.New(t, d, flowtest.Options{Clock: clk})
		skus := r.AddProducts(t, 1)
		r.AddWarehouse(t, "EWR")
		r.Receive(t, "EWR", skus[0], 10)
		want := r.ReleasedFulfilment(t, "get-1", flowtest.Line(skus[0], 3))
		s := fulfilment.NewStore(d)
		got, err := s.Get(r.Ctx, want.ID)
		require.NoError(t, err)
		require.Equal(t, want.ID, got.ID)
		require.Equal(t, "EWR", got.Warehouse)
		require.Equal(t, fulfilment.ReadyToPick, got.Status)
		require.Len(t, got.Lines, 1)
		require.Equal(t, skus[0], got.Lines[0].SKU)
		require.Equal(t, int64(3), got.Lines[0].Quantity)
		require.Equal(t, "Product "+skus[0], got.Lines[0].Name)

		_, err = s.Get(r.Ctx, "ful_nope")
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)
	})
}
