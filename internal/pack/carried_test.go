package pack_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/pack"
)

// A packed parcel tells what it carries by product (lines summed), which
// orders' units it holds, and where it came from (its warehouse and
// fulfilment); an unknown parcel carries nothing and comes from nowhere.
func TestWhatAParcelCarries(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		o, fid := s.Packed(t, "EAST", "M", "CAR-1", flowtest.Line("SKU-002", 2), flowtest.Line("SKU-000", 1))
		st, err := s.Packing.Station(as(ann), fid)
		require.NoError(t, err)
		require.Len(t, st.Parcels, 1)
		parcel := st.Parcels[0].ID
		o = s.Get(t, o.ID)
		require.Len(t, o.Fulfilments, 1)
		skus := map[string]string{}
		for _, l := range o.Lines {
			skus[l.SKU] = l.ProductID
		}
		want := []pack.ProductUnits{{ProductID: skus["SKU-000"], Quantity: 1}, {ProductID: skus["SKU-002"], Quantity: 2}}
		if want[0].ProductID > want[1].ProductID {
			want[0], want[1] = want[1], want[0]
		}

		ctx := context.Background()
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			got, err := pack.ProductsOf(ctx, tx, parcel)
			require.NoError(t, err)
			require.Equal(t, want, got)
			orders, err := pack.OrdersIn(ctx, tx, parcel)
			require.NoError(t, err)
			require.Equal(t, []string{o.ID}, orders)
			wh, f, err := pack.Origin(ctx, tx, parcel)
			require.NoError(t, err)
			require.Equal(t, o.Fulfilments[0].WarehouseID, wh)
			require.Equal(t, fid, f)

			got, err = pack.ProductsOf(ctx, tx, "pcl_missing")
			require.NoError(t, err)
			require.Empty(t, got)
			orders, err = pack.OrdersIn(ctx, tx, "pcl_missing")
			require.NoError(t, err)
			require.Empty(t, orders)
			_, _, err = pack.Origin(ctx, tx, "pcl_missing")
			require.True(t, errs.Is(err, errs.NotFound), "%v", err)
			return nil
		}))
	})
}
