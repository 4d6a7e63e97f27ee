package ship

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
)

// VoidJob voids a cancelled order's shipment with its carrier, after the
// cancel committed: the carrier is an outside party, called outside the
// transaction and retried until it answers.
type VoidJob struct {
	ShipmentID string `json:"shipment_id"`
}

// Kind implements job.Args.
func (VoidJob) Kind() string { return "ship.void" }

// OnOrderCancelled refuses to cancel an order part of which the carrier
// has (that is a return, after-sales), and otherwise voids the order's
// shipments in the cancel's transaction: here at once, with the carrier by
// a VoidJob (an order.CancelHook).
func OnOrderCancelled(ctx context.Context, tx *db.Tx, c order.Cancellation) error {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.status FROM shipments s WHERE s.status <> 'voided'
		AND s.fulfilment_id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1) ORDER BY s.id`, c.Order.ID)
	if err != nil {
		return err
	}
	var void []string
	for rows.Next() {
		var id, status string
		if err := rows.Scan(&id, &status); err != nil {
			rows.Close()
			return err
		}
		if status == StatusHandedOver {
			rows.Close()
			return errs.E(errs.Conflict, "part of order %s is with the carrier already: it comes back as a return, not a cancel", c.Order.Number)
		}
		void = append(void, id)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, id := range void {
		if _, err := tx.ExecContext(ctx, `UPDATE shipments SET status = 'voided', updated_at = $2 WHERE id = $1`, id, tx.Now); err != nil {
			return err
		}
		if err := job.EnqueueArgs(ctx, tx, VoidJob{ShipmentID: id}, id, tx.Now); err != nil {
			return err
		}
	}
	return nil
}

// RegisterJobs gives the runner the ship stage's handlers.
func RegisterJobs(r *job.Runner, s *Store) {
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a VoidJob) error { return s.voidWithCarrier(ctx, a.ShipmentID) })
}

// voidWithCarrier tells the carrier a shipment voided here is cancelled,
// and its return label with it.
func (s *Store) voidWithCarrier(ctx context.Context, shipID string) error {
	sh, err := s.Shipment(ctx, shipID)
	if err != nil {
		return err
	}
	network, _, err := s.network(ctx)
	if err != nil {
		return err
	}
	c, ok := network[sh.Carrier]
	if !ok {
		return errs.E(errs.Unavailable, "carrier %s is not configured", sh.Carrier)
	}
	if _, err := s.VoidReturn(ctx, shipID); err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	return c.Void(ctx, VoidRequest{IdempotencyKey: "void:" + shipID, ShipmentID: sh.CarrierShipmentID})
}
