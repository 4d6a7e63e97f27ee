package track

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
)

// HandedOver starts following a shipment's parcels when the driver took
// them (ship's HandedOver hook, in the handover's transaction): each parcel
// is picked up now, with the service's promised date and a token for its
// public tracking page; a carrier that is polled gets its first poll due.
// A parcel the carrier already reported on (an event that came before the
// handover scan) keeps what it has.
func (s *Store) HandedOver(ctx context.Context, tx *db.Tx, shipmentID string) error {
	ps, err := ship.ShipmentParcels(ctx, tx, shipmentID)
	if err != nil {
		return err
	}
	var pollAt *time.Time
	if len(ps) > 0 {
		if t, ok := s.trackers[ps[0].Carrier]; ok && t.Polls() {
			r, err := rulesTx(ctx, tx)
			if err != nil {
				return err
			}
			at := tx.Now.Add(r.PollEvery)
			pollAt = &at
		}
	}
	if err := follow(ctx, tx, ps, ship.TrackPickedUp, pollAt, repollFollowed); err != nil {
		return err
	}
	if pollAt != nil {
		return enqueuePoll(ctx, tx, ps[0].Carrier, *pollAt)
	}
	return nil
}

// What follow does with a parcel followed already.
const (
	// keepFollowed leaves it as it is, whichever key it is known by (the
	// parcel, or its carrier and tracking number).
	keepFollowed = `ON CONFLICT DO NOTHING`
	// repollFollowed gives it the handover's first poll and keeps the rest:
	// the carrier's scan came before the handover.
	repollFollowed = `ON CONFLICT (parcel_id) DO UPDATE SET poll_at = excluded.poll_at, updated_at = excluded.updated_at`
)

// follow starts following booked parcels at status, as of now, with their
// first poll at pollAt (nil: none) and a token for each public page; a
// parcel followed already is handled as onConflict says.
func follow(ctx context.Context, tx *db.Tx, ps []ship.BookedParcel, status string, pollAt *time.Time, onConflict string) error {
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO parcel_tracking (parcel_id, shipment_id, fulfilment_id, carrier, tracking_number,
			token, status, status_at, last_event_at, promised_date, poll_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $8, $8) `+onConflict,
			p.ParcelID, p.ShipmentID, p.FulfilmentID, p.Carrier, normal(p.TrackingNumber), newToken(), status, tx.Now, p.PromisedDate,
			pollAt); err != nil {
			return err
		}
	}
	return nil
}

// newToken is an unguessable name for a parcel's public page: 128 random
// bits in lower-case base32.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// normal is a tracking number as stored and matched: trimmed, upper case.
func normal(tracking string) string { return strings.ToUpper(strings.TrimSpace(tracking)) }
