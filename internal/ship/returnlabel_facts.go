package ship

import (
	"context"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// returnFacts is what booking a shipment's return needs: the shipment, the
// customer and the warehouse, the parcels with their sizes, the attempt.
type returnFacts struct {
	sh                  Shipment
	customer, warehouse address.Address
	phone, orderNumber  string
	orderID, currency   string
	valueMinor          int64
	parcels             []packed
	attempt             int
}

// returnFacts reads a shipment's return facts; a voided shipment is
// refused.
func (s *Store) returnFacts(ctx context.Context, shipID string) (returnFacts, error) {
	var f returnFacts
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		f.sh, err = shipmentTx(ctx, tx, `s.id = $1`, shipID)
		if errs.Is(err, errs.NotFound) {
			return errs.E(errs.NotFound, "no shipment %s: a return label answers a shipment that went out", errs.Clip(shipID))
		}
		if err != nil {
			return err
		}
		if f.sh.Status == StatusVoided {
			return errs.E(errs.Conflict, "shipment %s is voided: its parcels never left, so nothing comes back", shipID)
		}
		w := &f.warehouse
		if err := tx.QueryRowContext(ctx, `SELECT f.order_id, w.name, w.address_line1, w.address_line2, w.city, w.region, w.postal_code,
			w.country FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id WHERE f.id = $1`, f.sh.FulfilmentID).
			Scan(&f.orderID, &w.Company, &w.Line1, &w.Line2, &w.City, &w.Region, &w.PostalCode, &w.Country); err != nil {
			return err
		}
		o, err := order.Read(ctx, tx, f.orderID)
		if err != nil {
			return err
		}
		f.customer, f.phone, f.orderNumber, f.currency = o.ShippingAddress, o.Customer.Phone, o.Number, o.Currency
		if f.customer.Name == "" {
			f.customer.Name = o.Customer.Name
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(ol.total_minor * fl.quantity / ol.quantity), 0) FROM fulfilment_lines fl
			JOIN order_lines ol ON ol.order_id = fl.order_id AND ol.line_no = fl.line_no WHERE fl.fulfilment_id = $1`, f.sh.FulfilmentID).
			Scan(&f.valueMinor); err != nil {
			return err
		}
		for _, sp := range f.sh.Parcels {
			p := packed{id: sp.ParcelID, sscc: sp.SSCC, seq: sp.Seq}
			if err := tx.QueryRowContext(ctx, `SELECT weight_g, length_mm, width_mm, height_mm FROM parcels WHERE id = $1`, sp.ParcelID).
				Scan(&p.weightG, &p.l, &p.w, &p.h); err != nil {
				return err
			}
			f.parcels = append(f.parcels, p)
		}
		if len(f.parcels) == 0 {
			return errs.E(errs.Conflict, "shipment %s has no parcel to return", shipID)
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) + 1 FROM return_shipments WHERE shipment_id = $1`, shipID).Scan(&f.attempt)
	})
	return f, err
}
