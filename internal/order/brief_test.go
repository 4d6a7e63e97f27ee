package order_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// ReadBrief finds an order by id or number with the facts a later stage
// shows of it; ReadBriefs reads many by id, leaving out ids not found.
func TestReadBriefs(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := setup(t, d, order.Config{})
		skus := r.AddProducts(t, 1)
		r.AddWarehouse(t, "EAST")
		r.Receive(t, "EAST", skus[0], 10)
		paid := r.Get(t, r.PaidOrder(t, "BRA", flowtest.Line(skus[0], 1)).ID)
		cod := r.Get(t, r.COD(t, "BRB", flowtest.Line(skus[0], 1)).ID)
		ctx := context.Background()
		brief := func(o order.Order) order.Brief {
			return order.Brief{ID: o.ID, Number: o.Number, Channel: o.Channel, Locale: o.Locale, Currency: o.Currency, Status: o.Status,
				PaymentMethod: o.PaymentMethod, PaymentStatus: o.PaymentStatus}
		}
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			for _, ref := range []string{cod.ID, cod.Number} {
				got, err := order.ReadBrief(ctx, tx, ref)
				require.NoError(t, err)
				require.Equal(t, brief(cod), got)
			}
			require.Equal(t, "cod", cod.PaymentMethod)
			require.Equal(t, order.CODPending, cod.PaymentStatus)
			_, err := order.ReadBrief(ctx, tx, "ord_missing")
			require.True(t, errs.Is(err, errs.NotFound), "%v", err)
			require.ErrorContains(t, err, "no order ord_missing")

			got, err := order.ReadBriefs(ctx, tx, []string{cod.ID, paid.ID, "ord_missing", paid.ID})
			require.NoError(t, err)
			require.Equal(t, map[string]order.Brief{paid.ID: brief(paid), cod.ID: brief(cod)}, got)
			got, err = order.ReadBriefs(ctx, tx, nil)
			require.NoError(t, err)
			require.Empty(t, got)
			return nil
		}))
	})
}
