package ship

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Shipment reads a shipment with its parcels.
func (s *Store) Shipment(ctx context.Context, id string) (Shipment, error) {
	var sh Shipment
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		sh, err = shipmentTx(ctx, tx, `s.id = $1`, id)
		return err
	})
	return sh, err
}

// OfFulfilment reads a fulfilment's shipment, the one not voided.
func (s *Store) OfFulfilment(ctx context.Context, fid string) (Shipment, error) {
	return s.live(ctx, fid)
}

// live reads a fulfilment's shipment not voided (NotFound if none).
func (s *Store) live(ctx context.Context, fid string) (Shipment, error) {
	var sh Shipment
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		sh, err = shipmentTx(ctx, tx, `s.fulfilment_id = $1 AND s.status <> 'voided'`, fid)
		return err
	})
	return sh, err
}

// shipmentTx reads the shipment where says, in tx.
func shipmentTx(ctx context.Context, tx *db.Tx, where string, arg any) (Shipment, error) {
	var sh Shipment
	var choice string
	var manifest sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT s.id, s.fulfilment_id, w.code, s.carrier, s.service, s.carrier_shipment_id, s.status,
		s.price_minor, s.currency, s.ship_date, s.delivery_date, s.choice, s.manifest_id, s.created_at, s.handed_over_at
		FROM shipments s JOIN warehouses w ON w.id = s.warehouse_id WHERE `+where, arg).
		Scan(&sh.ID, &sh.FulfilmentID, &sh.Warehouse, &sh.Carrier, &sh.Service, &sh.CarrierShipmentID, &sh.Status, &sh.PriceMinor,
			&sh.Currency, &sh.ShipDate, &sh.DeliveryDate, &choice, &manifest, &sh.CreatedAt, &sh.HandedOverAt)
	if errors.Is(err, sql.ErrNoRows) {
		return sh, errs.E(errs.NotFound, "no shipment for %s", errs.Clip(arg.(string)))
	}
	if err != nil {
		return sh, err
	}
	sh.ManifestID = manifest.String
	if err := json.Unmarshal([]byte(choice), &sh.Choice); err != nil {
		return sh, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.parcel_id, c.sscc, p.seq, p.tracking_number, p.routing_code, c.weight_g,
		coalesce(p.lane, ''), p.staged_at, p.handed_over_at FROM shipment_parcels p JOIN parcels c ON c.id = p.parcel_id
		WHERE p.shipment_id = $1 ORDER BY p.seq`, sh.ID)
	if err != nil {
		return sh, err
	}
	defer rows.Close()
	sh.Parcels = []ShipmentParcel{}
	for rows.Next() {
		var p ShipmentParcel
		var staged, handed *time.Time
		if err := rows.Scan(&p.ParcelID, &p.SSCC, &p.Seq, &p.TrackingNumber, &p.RoutingCode, &p.WeightG, &p.Lane, &staged, &handed); err != nil {
			return sh, err
		}
		p.StagedAt, p.HandedOverAt = staged, handed
		sh.Parcels = append(sh.Parcels, p)
	}
	return sh, rows.Err()
}
