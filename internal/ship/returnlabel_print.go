package ship

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/document"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship/rate"
)

// ReturnLabels renders a shipment's return labels from the stored return,
// marked RETURN: the customer as sender, the warehouse as recipient.
// Printing books nothing; a shipment without a return label (none booked,
// or voided) is a 404 saying to book one. PDF is one parcel's label
// (parcel, from 1); ZPL is one parcel's, or every parcel's with parcel 0.
// It returns the document and its content type.
func (s *Store) ReturnLabels(ctx context.Context, shipID, format string, parcel int) ([]byte, string, error) {
	if format != FormatPDF && format != FormatZPL {
		return nil, "", errs.Field("format", errs.CodeUnknown, "format must be pdf or zpl")
	}
	sh, err := s.Shipment(ctx, shipID)
	if err != nil {
		return nil, "", err
	}
	if sh.Status == StatusVoided {
		return nil, "", errs.E(errs.Conflict, "shipment %s is voided: its return label is not printed (void it too)", shipID)
	}
	r, err := s.liveReturn(ctx, shipID)
	if errs.Is(err, errs.NotFound) {
		return nil, "", errs.E(errs.NotFound, "shipment %s has no return label: book one first (POST /v1/shipments/%s/return-label)",
			errs.Clip(shipID), errs.Clip(shipID))
	}
	if err != nil {
		return nil, "", err
	}
	if parcel < 0 || parcel > len(r.Parcels) || (parcel == 0 && format == FormatPDF) {
		return nil, "", errs.Field("parcel", errs.CodeOutOfRange, "parcel must be 1 to %d (0: every parcel, ZPL only)", len(r.Parcels))
	}
	base := document.Label{Sender: r.Sender, SenderPhone: r.SenderPhone, Recipient: r.Recipient, OrderNumber: r.OrderNumber, Return: true}
	base.Carrier, base.Service = s.carrierNames(ctx, r.Carrier, r.Service)
	opts := document.Options{Created: r.CreatedAt}
	var out []byte
	for i, p := range r.Parcels {
		if parcel != 0 && i+1 != parcel {
			continue
		}
		l := base
		l.Parcel, l.Parcels, l.WeightGrams, l.SortCode, l.Tracking = i+1, len(r.Parcels), int(p.WeightG), p.RoutingCode, p.TrackingNumber
		l.References = []document.Reference{{Name: "Return", Value: r.ID}}
		var b []byte
		if format == FormatPDF {
			b, err = document.LabelPDF(l, opts)
		} else {
			b, err = document.LabelZPL(l, opts)
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

// carrierNames is a table carrier's and its service's names as labels
// print them; an external carrier prints as its codes.
func (s *Store) carrierNames(ctx context.Context, carrier, service string) (string, string) {
	var doc string
	if err := s.db.Read(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT data FROM carriers WHERE code = $1`, carrier).Scan(&doc)
	}); err != nil {
		return carrier, service
	}
	c, err := rate.ParseCarrier([]byte(doc))
	if err != nil {
		return carrier, service
	}
	if svc, ok := c.Service(service); ok && svc.Name != "" {
		service = svc.Name
	}
	return c.Name, service
}
