package track

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
)

// parcelColumns are what a Parcel is read from.
const parcelColumns = `t.parcel_id, t.shipment_id, t.fulfilment_id, t.carrier, t.tracking_number, t.token, t.status, t.reason,
	t.location, t.status_at, t.status_event, t.last_event_at, t.promised_date, t.delivered_at, t.cod_collected_minor, t.cod_currency,
	t.estimated_date, t.estimate_at`

func scanParcel(sc interface{ Scan(...any) error }) (*Parcel, error) {
	var p Parcel
	var delivered, estimateAt sql.NullTime
	var cod sql.NullInt64
	if err := sc.Scan(&p.ParcelID, &p.ShipmentID, &p.FulfilmentID, &p.Carrier, &p.TrackingNumber, &p.Token, &p.Status, &p.Reason,
		&p.Location, &p.StatusAt, &p.statusEvent, &p.LastEventAt, &p.PromisedDate, &delivered, &cod, &p.CODCurrency,
		&p.EstimatedDate, &estimateAt); err != nil {
		return nil, err
	}
	if estimateAt.Valid {
		p.estimateAt = estimateAt.Time.UTC()
	}
	p.StatusAt, p.LastEventAt = p.StatusAt.UTC(), p.LastEventAt.UTC()
	p.PublicPath = PublicPath(p.Token)
	if delivered.Valid {
		at := delivered.Time.UTC()
		p.DeliveredAt = &at
	}
	if cod.Valid {
		p.CODCollected = &cod.Int64
	}
	return &p, nil
}

// PublicPath is the path of the public tracking page of the parcel with
// token.
func PublicPath(token string) string { return "/track/" + token }

// lockParcels reads (and on PostgreSQL locks, in id order) the carrier's
// parcels with these tracking numbers. A number booked with the carrier
// but not handed over yet (the carrier's scan came before the driver's
// handover was recorded) starts being followed here, as label created.
func lockParcels(ctx context.Context, tx *db.Tx, carrier string, numbers []string) (map[string]*Parcel, error) {
	out := make(map[string]*Parcel, len(numbers))
	lock := ""
	if tx.Dialect == db.Postgres {
		lock = " FOR UPDATE"
	}
	read := func() error {
		return db.InChunks(numbers, func(part []any) error {
			rows, err := tx.QueryPrepared(ctx, `SELECT `+parcelColumns+` FROM parcel_tracking t WHERE t.carrier = $1
				AND t.tracking_number IN (`+tx.Placeholders(2, len(part))+`) ORDER BY t.parcel_id`+lock, append([]any{carrier}, part...)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				p, err := scanParcel(rows)
				if err != nil {
					return err
				}
				out[p.TrackingNumber] = p
			}
			return rows.Err()
		})
	}
	if err := read(); err != nil {
		return nil, err
	}
	var missing []string
	for _, n := range numbers {
		if out[n] == nil {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	found, err := ship.BookedParcels(ctx, tx, carrier, missing)
	if err != nil || len(found) == 0 {
		return out, err
	}
	if err := follow(ctx, tx, found, ship.TrackLabelCreated, nil, keepFollowed); err != nil {
		return nil, err
	}
	numbers = missing
	return out, read()
}

// knownEvents are the events these parcels' histories already have, as
// parcel id, a space, and event id: one range of the history's index per
// parcel.
func knownEvents(ctx context.Context, tx *db.Tx, parcels map[string]*Parcel) (map[string]bool, error) {
	ids := make([]string, 0, len(parcels))
	for _, p := range parcels {
		ids = append(ids, p.ParcelID)
	}
	slices.Sort(ids)
	known := map[string]bool{}
	err := db.InChunks(ids, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT parcel_id, event_id FROM tracking_events WHERE parcel_id IN (`+
			tx.Placeholders(1, len(part))+`)`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var parcel, event string
			if err := rows.Scan(&parcel, &event); err != nil {
				return err
			}
			known[parcel+" "+event] = true
		}
		return rows.Err()
	})
	return known, err
}

var eventColumns = []string{"carrier", "event_id", "parcel_id", "status", "reason", "description", "location", "occurred_at",
	"received_at", "applied", "cod_collected_minor", "cod_currency", "source", "raw"}

// insertEvents keeps the new events in their parcels' history.
func insertEvents(ctx context.Context, tx *db.Tx, carrier string, arrivals []*arrival) error {
	if len(arrivals) == 0 {
		return nil
	}
	rows := make([][]any, len(arrivals))
	for i, a := range arrivals {
		var cod any
		if a.CODCollected > 0 {
			cod = a.CODCollected
		}
		rows[i] = []any{carrier, a.EventID, a.parcel.ParcelID, a.Status, a.Reason, a.Description, a.Location,
			a.OccurredAt.UTC().Truncate(time.Microsecond), tx.Now, a.applied, cod, a.CODCurrency, string(a.call.source), string(a.Raw)}
	}
	return db.InsertRows(ctx, tx, "tracking_events", eventColumns, rows)
}

// saveParcels writes where the parcels stand now, one prepared update per
// parcel of the columns an event changes (the row exists: the parcels
// were locked before); a final status ends a parcel's polling.
func saveParcels(ctx context.Context, tx *db.Tx, ps []*Parcel) error {
	for _, p := range ps {
		var cod any
		if p.CODCollected != nil {
			cod = *p.CODCollected
		}
		if _, err := tx.ExecPrepared(ctx, `UPDATE parcel_tracking SET status = $2, reason = $3, location = $4, status_at = $5,
			status_event = $6, last_event_at = $7, delivered_at = $8, cod_collected_minor = $9, cod_currency = $10, updated_at = $11,
			estimated_date = $12, estimate_at = $13, poll_at = CASE WHEN $2 IN ('delivered', 'returned_to_sender') THEN NULL ELSE poll_at END WHERE parcel_id = $1`,
			p.ParcelID, p.Status, p.Reason, p.Location, p.StatusAt.UTC().Truncate(time.Microsecond), p.statusEvent,
			p.LastEventAt.UTC().Truncate(time.Microsecond), p.DeliveredAt, cod, p.CODCurrency, tx.Now, p.EstimatedDate,
			nullTime(p.estimateAt)); err != nil {
			return err
		}
	}
	return nil
}

// trim is s cut to n bytes on a rune boundary.
func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// nullTime is t for a nullable column: NULL when zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}
