package track

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

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
		p, err := scanParcel(tx.QueryRowContext(ctx, `SELECT `+parcelColumns+` FROM parcel_tracking t WHERE t.tracking_number = $1
			AND t.fulfilment_id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $2)
			ORDER BY t.created_at DESC, t.parcel_id DESC LIMIT 1`, normal(trackingNumber), orderID))
		if err != nil {
			return db.NotFound(err, "order %s has no tracked parcel %s", errs.Clip(orderID), errs.Clip(trackingNumber))
		}
		name, err := carrierName(ctx, tx, p.Carrier)
		if err != nil {
			return err
		}
		f = notify.ParcelFact{Carrier: name, TrackingNumber: p.TrackingNumber, Status: p.Status, Reason: p.Reason,
			Location: p.Location, PromisedDate: p.PromisedDate, Token: p.Token,
			Settled: p.Status == ship.TrackDelivered || p.Status == ship.TrackReturnedToSender || p.Status == ship.TrackLost}
		return nil
	})
	return f, err
}

// carrierName is the name customers know a carrier by: a table carrier's
// from its stored rate data, else (an external carrier) its code.
func carrierName(ctx context.Context, tx *db.Tx, code string) (string, error) {
	var data string
	err := tx.QueryRowContext(ctx, `SELECT data FROM carriers WHERE code = $1`, code).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return code, nil
	}
	if err != nil {
		return "", err
	}
	var c struct {
		Name string `json:"name"`
	}
	if json.Unmarshal([]byte(data), &c) != nil || c.Name == "" {
		return code, nil
	}
	return c.Name, nil
}
