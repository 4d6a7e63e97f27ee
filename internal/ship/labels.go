package ship

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/document"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/ship/rate"
)

// Label formats: a 4x6 in PDF for office printers, ZPL for thermal ones.
const (
	FormatPDF = "pdf"
	FormatZPL = "zpl"
)

// Labels renders a shipment's labels from what is stored: printing again
// is the same labels, and books nothing. PDF is one parcel's label (parcel,
// from 1); ZPL is one parcel's, or every parcel's in one job with parcel 0;
// no format is the warehouse's (its pack rules' label format).
// A voided shipment prints nothing: its tracking numbers are dead. It
// returns the document and its content type.
func (s *Store) Labels(ctx context.Context, shipID, format string, parcel int) ([]byte, string, error) {
	sh, err := s.Shipment(ctx, shipID)
	if err != nil {
		return nil, "", err
	}
	if sh.Status == StatusVoided {
		return nil, "", errs.E(errs.Conflict, "shipment %s is voided: book the fulfilment again for new labels", shipID)
	}
	if format == "" { // the warehouse's stations' printers
		if err := s.db.Read(ctx, func(tx *db.Tx) error {
			var whID string
			if err := tx.QueryRowContext(ctx, `SELECT warehouse_id FROM shipments WHERE id = $1`, shipID).Scan(&whID); err != nil {
				return err
			}
			format, err = pack.LabelFormat(ctx, tx, whID)
			return err
		}); err != nil {
			return nil, "", err
		}
	}
	if parcel < 0 || parcel > len(sh.Parcels) || (parcel == 0 && format == FormatPDF) {
		return nil, "", errs.Field("parcel", errs.CodeOutOfRange, "parcel must be 1 to %d (0: every parcel, ZPL only)", len(sh.Parcels))
	}
	base, err := s.labelBase(ctx, sh)
	if err != nil {
		return nil, "", err
	}
	opts := document.Options{Created: sh.CreatedAt}
	var out []byte
	for i, p := range sh.Parcels {
		if parcel != 0 && p.Seq != parcel {
			continue
		}
		l := base
		l.Parcel, l.Parcels, l.WeightGrams, l.SortCode, l.Tracking = i+1, len(sh.Parcels), int(p.WeightG), p.RoutingCode, p.TrackingNumber
		l.References = []document.Reference{{Name: "SSCC", Value: p.SSCC}}
		var b []byte
		switch format {
		case FormatPDF:
			b, err = document.LabelPDF(l, opts)
		case FormatZPL:
			b, err = document.LabelZPL(l, opts)
		default:
			return nil, "", errs.Field("format", errs.CodeUnknown, "format must be pdf or zpl")
		}
		if err != nil {
			return nil, "", err
		}
		out = append(out, b...)
	}
	if format == FormatPDF {
		return out, "application/pdf", nil
	}
	return out, "application/zpl; charset=utf-8", nil
}

// labelBase is what every label of a shipment shares: the warehouse as
// sender, the order's address as recipient, the order number, the carrier
// and service by name.
func (s *Store) labelBase(ctx context.Context, sh Shipment) (document.Label, error) {
	l := document.Label{Carrier: sh.Carrier, Service: sh.Service}
	if c := sh.Choice.Chosen; c != nil && c.Carrier == sh.Carrier && c.Service == sh.Service && c.Name != "" {
		l.Service = c.Name
	}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var orderID string
		if err := tx.QueryRowContext(ctx, `SELECT f.order_id, w.name, w.address_line1, w.address_line2, w.city, w.region, w.postal_code, w.country
			FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id WHERE f.id = $1`, sh.FulfilmentID).
			Scan(&orderID, &l.Sender.Company, &l.Sender.Line1, &l.Sender.Line2, &l.Sender.City, &l.Sender.Region, &l.Sender.PostalCode,
				&l.Sender.Country); err != nil {
			return err
		}
		o, err := order.Read(ctx, tx, orderID)
		if err != nil {
			return err
		}
		l.Recipient, l.RecipientPhone, l.OrderNumber = o.ShippingAddress, o.Customer.Phone, o.Number
		if l.Recipient.Name == "" {
			l.Recipient.Name = o.Customer.Name
		}
		var doc string
		if err := tx.QueryRowContext(ctx, `SELECT data FROM carriers WHERE code = $1`, sh.Carrier).Scan(&doc); err == nil {
			if c, err := rate.ParseCarrier([]byte(doc)); err == nil {
				l.Carrier = c.Name // an external carrier prints as its code
			}
		}
		return nil
	})
	return l, err
}
