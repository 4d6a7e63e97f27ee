package order

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// ShippedPart records, in tx, that a fulfilment of o was handed to its
// carrier (detail names the carrier and tracking numbers): the timeline
// says so, the customer gets the shipped message for it, and when nothing
// of the order is left to ship (all is the shipping stage's verdict) the
// order is shipped.
func ShippedPart(ctx context.Context, tx *db.Tx, o *Order, all bool, who actor.Actor, detail map[string]any) error {
	if all && o.Status.CanMove(Shipped) {
		if err := move(ctx, tx, o, func(s *standing) { s.Status = Shipped }); err != nil {
			return err
		}
	}
	if err := AddEvent(ctx, tx, o, "order.shipped", who, detail); err != nil {
		return err
	}
	return enqueueEventMessage(ctx, tx, o.ID, ShippedMessage, id.New("shp", tx.Now))
}
