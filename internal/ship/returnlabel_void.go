package ship

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// VoidReturn cancels a shipment's return label with its carrier, then
// here: its tracking numbers are dead, and asking for a return label again
// books a new one (a new attempt, a new idempotency key). Voiding again
// answers the voided return.
func (s *Store) VoidReturn(ctx context.Context, shipID string) (ReturnShipment, error) {
	r, err := s.lastReturn(ctx, shipID)
	if err != nil || r.Status == StatusVoided {
		return r, err
	}
	network, _, err := s.network(ctx)
	if err != nil {
		return ReturnShipment{}, err
	}
	c, ok := network[r.Carrier]
	if !ok {
		return ReturnShipment{}, errs.E(errs.Unavailable, "carrier %s is not configured", r.Carrier)
	}
	if err := c.Void(ctx, VoidRequest{IdempotencyKey: "void:" + r.ID, ShipmentID: r.CarrierShipmentID}); err != nil {
		return ReturnShipment{}, err
	}
	who, _ := actor.From(ctx)
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE return_shipments SET status = 'voided', updated_at = $2 WHERE id = $1 AND status = 'labelled'`,
			r.ID, tx.Now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil // voided by another clerk meanwhile: the same outcome
		}
		var orderID string
		if err := tx.QueryRowContext(ctx, `SELECT f.order_id FROM shipments s JOIN fulfilments f ON f.id = s.fulfilment_id WHERE s.id = $1`,
			shipID).Scan(&orderID); err != nil {
			return err
		}
		o, err := order.Read(ctx, tx, orderID)
		if err != nil {
			return err
		}
		return order.AddEvent(ctx, tx, &o, "order.return_label_voided", who, map[string]any{"return_id": r.ID, "shipment_id": shipID,
			"carrier": r.Carrier})
	})
	if err != nil {
		return ReturnShipment{}, err
	}
	return s.lastReturn(ctx, shipID)
}
