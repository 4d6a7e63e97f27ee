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
	rows, err := tx.QueryContext(ctx, `SELECT p.parcel_id, p.tracking_number, s.carrier, s.fulfilment_id, s.delivery_date
		FROM shipment_parcels p JOIN shipments s ON s.id = p.shipment_id WHERE p.shipment_id = $1 ORDER BY p.seq`, shipmentID)
	if err != nil {
		return err
	}
	type parcel struct{ id, tracking, carrier, fulfilment, promised string }
	var ps []parcel
	for rows.Next() {
		var p parcel
		if err := rows.Scan(&p.id, &p.tracking, &p.carrier, &p.fulfilment, &p.promised); err != nil {
			rows.Close()
			return err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var pollAt *time.Time
	if len(ps) > 0 {
		if t, ok := s.trackers[ps[0].carrier]; ok && t.Polls() {
			r, err := rulesTx(ctx, tx)
			if err != nil {
				return err
			}
			at := tx.Now.Add(r.PollEvery)
			pollAt = &at
		}
	}
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO parcel_tracking (parcel_id, shipment_id, fulfilment_id, carrier, tracking_number,
			token, status, status_at, last_event_at, promised_date, poll_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $8, $8)
			ON CONFLICT (parcel_id) DO UPDATE SET poll_at = excluded.poll_at, updated_at = excluded.updated_at`,
			p.id, shipmentID, p.fulfilment, p.carrier, normal(p.tracking), newToken(), ship.TrackPickedUp, tx.Now, p.promised, pollAt); err != nil {
			return err
		}
	}
	if pollAt != nil {
		return enqueuePoll(ctx, tx, ps[0].carrier, *pollAt)
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
