package ship

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/document"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship/rate"
)

// ManifestPDF prints a stored manifest for the carrier's driver to count,
// scan and sign: the warehouse's address as sender, the carrier by name,
// every parcel with its tracking number as Code 128. Printing it again is
// the same document (dated when the manifest closed).
func (s *Store) ManifestPDF(ctx context.Context, manID string) ([]byte, error) {
	m, err := s.Manifest(ctx, manID)
	if err != nil {
		return nil, err
	}
	date, err := time.Parse(time.DateOnly, m.ShipDate)
	if err != nil {
		return nil, fmt.Errorf("manifest %s has ship date %q: %w", m.ID, m.ShipDate, err)
	}
	doc := document.Manifest{ID: m.ID, CarrierManifestID: m.CarrierManifestID, Carrier: m.Carrier, Warehouse: m.Warehouse, ShipDate: date}
	err = s.db.Read(ctx, func(tx *db.Tx) error {
		a := &doc.Sender
		if err := tx.QueryRowContext(ctx, `SELECT w.name, w.address_line1, w.address_line2, w.city, w.region, w.postal_code, w.country
			FROM manifests m JOIN warehouses w ON w.id = m.warehouse_id WHERE m.id = $1`, m.ID).
			Scan(&a.Company, &a.Line1, &a.Line2, &a.City, &a.Region, &a.PostalCode, &a.Country); err != nil {
			return db.NotFound(err, "no manifest %s", errs.Clip(manID))
		}
		var data string
		if err := tx.QueryRowContext(ctx, `SELECT data FROM carriers WHERE code = $1`, m.Carrier).Scan(&data); err == nil {
			if c, err := rate.ParseCarrier([]byte(data)); err == nil && c.Name != "" {
				doc.Carrier = c.Name // an external carrier prints as its code
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range m.Parcels {
		doc.Parcels = append(doc.Parcels, document.ManifestParcel{OrderNumber: p.OrderNumber, Tracking: p.TrackingNumber,
			SSCC: p.SSCC, WeightGrams: p.WeightG, Country: p.Country, PostalCode: p.PostalCode})
	}
	return document.ManifestPDF(doc, document.Options{Created: m.CreatedAt})
}
