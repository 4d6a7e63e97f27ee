package webhook

import (
	"context"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/job"
)

// Replay queues one more attempt of a delivery, now, whatever its state:
// for a receiver that lost what it acknowledged, or a delivery that failed
// while the receiver was down. It carries the same webhook-id, so a
// receiver that did act on it can tell. A replay is one attempt; it is not
// retried. The endpoint must be enabled.
func (s *Store) Replay(ctx context.Context, deliveryID string) (Delivery, error) {
	var d Delivery
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = scanDelivery(tx.QueryRowContext(ctx, selectDelivery+` WHERE id = $1`, deliveryID)); err != nil {
			return db.NotFound(err, "no webhook delivery %q", deliveryID)
		}
		var enabled bool
		if err := tx.QueryRowContext(ctx, `SELECT enabled FROM webhook_endpoints WHERE id = $1`, d.EndpointID).Scan(&enabled); err != nil {
			return err
		}
		if !enabled {
			return errs.E(errs.Conflict, "endpoint %s is disabled; enable it before replaying its deliveries", d.EndpointID)
		}
		if err := job.EnqueueArgs(ctx, tx, DeliverJob{DeliveryID: d.ID, Replay: true},
			d.ID+"/replay/"+id.New("rpl", tx.Now), tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "webhook_delivery.replay", "webhook_delivery", d.ID, nil)
	})
	return d, err
}
