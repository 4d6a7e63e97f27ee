package order_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// LockStandings reads many orders' standing as Get does (an id not found is
// left out), and AddNotes writes entries of several orders in one call, in
// the order given, with the states the notes carry.
func TestStandingsAndNotesOfManyOrders(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := setup(t, d, order.Config{})
		skus := r.AddProducts(t, 1)
		r.AddWarehouse(t, "EAST")
		r.Receive(t, "EAST", skus[0], 10)
		a := r.PaidOrder(t, "STA", flowtest.Line(skus[0], 1))
		b := r.Accepted(t, flowtest.Request("STB", flowtest.Line(skus[0], 1)))
		ctx := context.Background()
		who := actor.Actor{ID: "carrier:test"}
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			got, err := order.LockStandings(ctx, tx, []string{b.ID, a.ID, "ord_missing"})
			require.NoError(t, err)
			require.Len(t, got, 2)
			for _, want := range []order.Order{r.Get(t, a.ID), r.Get(t, b.ID)} {
				o := got[want.ID]
				require.NotNil(t, o, want.ID)
				require.Equal(t, want.Number, o.Number)
				require.Equal(t, want.Status, o.Status)
				require.Equal(t, want.PaymentStatus, o.PaymentStatus)
				require.Equal(t, want.HoldKind, o.HoldKind)
				require.Equal(t, want.Short, o.Short)
				require.Equal(t, want.ReleasedAt == nil, o.ReleasedAt == nil)
			}
			return order.AddNotes(ctx, tx, who, []order.OrderNote{
				{OrderID: a.ID, Note: order.Note{Type: "order.test_one", Status: got[a.ID].Status, PaymentStatus: got[a.ID].PaymentStatus}},
				{OrderID: b.ID, Note: order.Note{Type: "order.test_one", Status: got[b.ID].Status, PaymentStatus: got[b.ID].PaymentStatus}},
				{OrderID: a.ID, Note: order.Note{Type: "order.test_two", Status: got[a.ID].Status, PaymentStatus: got[a.ID].PaymentStatus,
					Detail: map[string]any{"n": 2}}},
			})
		}))
		var types []string
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT type, actor FROM order_events WHERE order_id = $1 AND type LIKE 'order.test_%' ORDER BY seq`, a.ID)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var typ, by string
				if err := rows.Scan(&typ, &by); err != nil {
					return err
				}
				require.Equal(t, "carrier:test", by)
				types = append(types, typ)
			}
			return rows.Err()
		}))
		require.Equal(t, []string{"order.test_one", "order.test_two"}, types)
	})
}
