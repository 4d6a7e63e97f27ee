package pack

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/order"
)

// OnOrderCancelled takes a cancelled order off the pack stations, in the
// cancel's transaction (an order.CancelHook registered after the floor's,
// which cancels the order's fulfilments and turns its picked units into
// put-away tasks): the parcels of its cancelled fulfilments are cancelled,
// and a carton a packed one took goes back to stock, unpacked for reuse.
func OnOrderCancelled(ctx context.Context, tx *db.Tx, c order.Cancellation) error {
	_, err := tx.ExecContext(ctx, `UPDATE cartons SET on_hand = on_hand + (SELECT count(*) FROM parcels p
			JOIN fulfilments f ON f.id = p.fulfilment_id
			WHERE p.warehouse_id = cartons.warehouse_id AND p.carton = cartons.code AND p.status = 'packed' AND f.status = 'cancelled'
			AND f.id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1)), updated_at = $2
		WHERE EXISTS (SELECT 1 FROM parcels p JOIN fulfilments f ON f.id = p.fulfilment_id
			WHERE p.warehouse_id = cartons.warehouse_id AND p.carton = cartons.code AND p.status = 'packed' AND f.status = 'cancelled'
			AND f.id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1))`, c.Order.ID, tx.Now)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE parcels SET status = 'cancelled', updated_at = $2 WHERE status <> 'cancelled'
		AND fulfilment_id IN (SELECT f.id FROM fulfilments f WHERE f.status = 'cancelled'
			AND f.id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1))`, c.Order.ID, tx.Now)
	return err
}
