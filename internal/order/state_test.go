package order_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/order"
)

// The transition tables, move by move: what is listed is allowed, anything
// else is not, and final states are final.
func TestTransitionTables(t *testing.T) {
	statuses := []order.Status{order.Placed, order.Confirmed, order.OnHold, order.Released, order.Cancelled}
	allowed := map[[2]order.Status]bool{
		{order.Placed, order.Confirmed}: true, {order.Placed, order.OnHold}: true, {order.Placed, order.Cancelled}: true,
		{order.OnHold, order.Confirmed}: true, {order.OnHold, order.Cancelled}: true,
		{order.Confirmed, order.OnHold}: true, {order.Confirmed, order.Released}: true, {order.Confirmed, order.Cancelled}: true,
		{order.Released, order.Cancelled}: true,
	}
	for _, from := range statuses {
		for _, to := range statuses {
			require.Equal(t, allowed[[2]order.Status{from, to}], from.CanMove(to), "%s → %s", from, to)
		}
	}
}
