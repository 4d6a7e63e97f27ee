package track

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/notify"
	"github.com/waybill/waybill/internal/ship"
)

// ParcelFact implements notify.ParcelFacts: where the parcel of an order
// with this tracking number stands, for the customer's tracking notices
// and the link to its public page. Only a parcel of that order answers,
// so a notice never describes another customer's parcel.
func (s *Store) ParcelFact(ctx context.Context, orderID, trackingNumber string) (notify.ParcelFact, error) {
	var f notify.ParcelFact
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		ps, err := orderParcels(ctx, tx, orderID, "t.tracking_number = $1", normal(trackingNumber))
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return errs.E(errs.NotFound, "order %s has no tracked parcel %s", errs.Clip(orderID), errs.Clip(trackingNumber))
		}
		p := ps[len(ps)-1] // the newest
		name, err := ship.CarrierName(ctx, tx, p.Carrier)
		if err != nil {
			return err
		}
		f = notify.ParcelFact{Carrier: name, TrackingNumber: p.TrackingNumber, Status: p.Status, Reason: p.Reason,
			Location: p.Location, PromisedDate: p.PromisedDate, Token: p.Token, NewEstimate: newEstimate(&p),
			Settled: p.Status == ship.TrackDelivered || p.Status == ship.TrackReturnedToSender || p.Status == ship.TrackLost}
		return nil
	})
	return f, err
}

// newEstimate is the carrier's date for a parcel it expects later than
// promised; empty when it gave none or expects it on time.
func newEstimate(p *Parcel) string {
	if p.EstimatedDate > p.PromisedDate {
		return p.EstimatedDate
	}
	return ""
}
