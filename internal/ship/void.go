package ship

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
)

// Void cancels a labelled shipment with its carrier, then here: its labels
// are dead, its parcels leave their lane, and the fulfilment can be booked
// again (a new attempt, a new idempotency key). A shipment on a manifest
// or handed over is refused.
func (s *Store) Void(ctx context.Context, shipID string) (Shipment, error) {
	sh, err := s.Shipment(ctx, shipID)
	if err != nil {
		return Shipment{}, err
	}
	if sh.Status == StatusVoided {
		return sh, nil
	}
	if sh.Status != StatusLabelled {
		return Shipment{}, errs.E(errs.Conflict, "shipment %s is %s: only a labelled shipment is voided", shipID, sh.Status)
	}
	// Its return label goes first: a parcel that never left comes back on none.
	if _, err := s.VoidReturn(ctx, shipID); err != nil && !errs.Is(err, errs.NotFound) {
		return Shipment{}, err
	}
	network, _, err := s.network(ctx)
	if err != nil {
		return Shipment{}, err
	}
	c, ok := network[sh.Carrier]
	if !ok {
		return Shipment{}, errs.E(errs.Unavailable, "carrier %s is not configured", sh.Carrier)
	}
	if err := c.Void(ctx, VoidRequest{IdempotencyKey: "void:" + shipID, ShipmentID: sh.CarrierShipmentID}); err != nil {
		return Shipment{}, err
	}
	who, _ := actor.From(ctx)
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE shipments SET status = 'voided', updated_at = $2 WHERE id = $1 AND status = 'labelled'`, shipID, tx.Now)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "shipment %s changed while it was voided; look again", shipID)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE shipment_parcels SET lane = NULL, staged_at = NULL WHERE shipment_id = $1`, shipID); err != nil {
			return err
		}
		return fulfilment.Note(ctx, tx, sh.FulfilmentID, fulfilment.Packed, "fulfilment.label_voided", who.ID,
			map[string]any{"shipment_id": shipID, "carrier": sh.Carrier})
	})
	if err != nil {
		return Shipment{}, err
	}
	return s.Shipment(ctx, shipID)
}
