package ship

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// BookedParcel is a parcel booked with a carrier, as the tracking stage
// starts following it: its shipment, fulfilment, carrier, tracking number
// and the delivery date the service promised.
type BookedParcel struct {
	ParcelID       string
	ShipmentID     string
	FulfilmentID   string
	Carrier        string
	TrackingNumber string
	PromisedDate   string
}

const bookedFrom = `SELECT p.parcel_id, s.id, s.fulfilment_id, s.carrier, p.tracking_number, s.delivery_date
	FROM shipment_parcels p JOIN shipments s ON s.id = p.shipment_id`

// ShipmentParcels reads in tx a shipment's parcels in their order, for
// the handover that sends them on their way.
func ShipmentParcels(ctx context.Context, tx *db.Tx, shipmentID string) ([]BookedParcel, error) {
	rows, err := tx.QueryContext(ctx, bookedFrom+` WHERE p.shipment_id = $1 ORDER BY p.seq`, shipmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BookedParcel
	for rows.Next() {
		b, err := scanBooked(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BookedParcels reads in tx the carrier's parcels of shipments not voided
// with these tracking numbers (as stored: exactly), in no set order: a
// carrier's scan can come before the driver's handover is recorded.
func BookedParcels(ctx context.Context, tx *db.Tx, carrier string, numbers []string) ([]BookedParcel, error) {
	var out []BookedParcel
	err := db.InChunks(numbers, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, bookedFrom+` WHERE s.carrier = $1 AND s.status <> 'voided'
			AND p.tracking_number IN (`+tx.Placeholders(2, len(part))+`)`, append([]any{carrier}, part...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBooked(rows)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

func scanBooked(sc interface{ Scan(...any) error }) (BookedParcel, error) {
	var b BookedParcel
	err := sc.Scan(&b.ParcelID, &b.ShipmentID, &b.FulfilmentID, &b.Carrier, &b.TrackingNumber, &b.PromisedDate)
	return b, err
}
