package order_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// Orders the engine places carry new numbers, in the order placed; an
// order stored with a number of the old form is still found by it.
func TestOrderNumbersOldAndNew(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, order.Config{})
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 10)
		first := f.Accepted(t, flowtest.Request("num-1", flowtest.Line("SKU-000", 1)))
		second := f.Accepted(t, flowtest.Request("num-2", flowtest.Line("SKU-000", 1)))
		newForm := regexp.MustCompile(`^WB-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{4}$`)
		require.Regexp(t, newForm, first.Number)
		require.Less(t, first.Number, second.Number, "numbers ascend as orders are placed")
		got, err := f.Orders.Get(f.Ctx, second.Number)
		require.NoError(t, err)
		require.Equal(t, second.ID, got.ID)

		require.NoError(t, d.Write(f.Ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(f.Ctx, `UPDATE orders SET number = 'WB-7K2M-Q9XZ' WHERE id = $1`, first.ID)
			return err
		}))
		got, err = f.Orders.Get(f.Ctx, "WB-7K2M-Q9XZ")
		require.NoError(t, err)
		require.Equal(t, first.ID, got.ID)
	})
}
