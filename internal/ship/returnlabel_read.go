package ship

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// ReturnOf reads a shipment's return, the one not voided: what the return
// labels print.
func (s *Store) ReturnOf(ctx context.Context, shipID string) (ReturnShipment, error) {
	return s.liveReturn(ctx, shipID)
}

// liveReturn reads a shipment's return not voided (NotFound if none).
func (s *Store) liveReturn(ctx context.Context, shipID string) (ReturnShipment, error) {
	var r ReturnShipment
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		r, err = returnTx(ctx, tx, `shipment_id = $1 AND status <> 'voided'`, shipID)
		return err
	})
	if errs.Is(err, errs.NotFound) {
		return r, errs.E(errs.NotFound, "shipment %s has no return label", errs.Clip(shipID))
	}
	return r, err
}

// lastReturn reads a shipment's latest return, voided or not.
func (s *Store) lastReturn(ctx context.Context, shipID string) (ReturnShipment, error) {
	var r ReturnShipment
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		r, err = returnTx(ctx, tx, `shipment_id = $1 ORDER BY attempt DESC LIMIT 1`, shipID)
		return err
	})
	if errs.Is(err, errs.NotFound) {
		return r, errs.E(errs.NotFound, "shipment %s has no return label", errs.Clip(shipID))
	}
	return r, err
}

// returnTx reads the return where says, with its parcels, in tx.
func returnTx(ctx context.Context, tx *db.Tx, where string, arg any) (ReturnShipment, error) {
	var r ReturnShipment
	var sender, recipient string
	err := tx.QueryRowContext(ctx, `SELECT id, shipment_id, carrier, service, carrier_shipment_id, status, price_minor, currency,
		sender, recipient, sender_phone, order_number, created_at FROM return_shipments WHERE `+where, arg).
		Scan(&r.ID, &r.ShipmentID, &r.Carrier, &r.Service, &r.CarrierShipmentID, &r.Status, &r.PriceMinor, &r.Currency,
			&sender, &recipient, &r.SenderPhone, &r.OrderNumber, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E(errs.NotFound, "no return label")
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(sender), &r.Sender); err != nil {
		return r, errs.Wrap(errs.Internal, err, "stored sender of return "+r.ID)
	}
	if err := json.Unmarshal([]byte(recipient), &r.Recipient); err != nil {
		return r, errs.Wrap(errs.Internal, err, "stored recipient of return "+r.ID)
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, parcel_id, tracking_number, routing_code, weight_g FROM return_parcels
		WHERE return_id = $1 ORDER BY seq`, r.ID)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	r.Parcels = []ReturnParcel{}
	for rows.Next() {
		var p ReturnParcel
		if err := rows.Scan(&p.Seq, &p.ParcelID, &p.TrackingNumber, &p.RoutingCode, &p.WeightG); err != nil {
			return r, err
		}
		r.Parcels = append(r.Parcels, p)
	}
	return r, rows.Err()
}
