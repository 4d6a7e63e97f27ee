package track

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Event is one carrier event in a parcel's history.
type Event struct {
	EventID     string    `json:"event_id"`
	Status      string    `json:"status"`
	Reason      string    `json:"reason,omitempty"`
	Description string    `json:"description,omitempty"`
	Location    string    `json:"location,omitempty"`
	OccurredAt  time.Time `json:"occurred_at"`
	ReceivedAt  time.Time `json:"received_at"`
	Applied     bool      `json:"applied" doc:"Whether it moved the parcel; a late or superseded event is history only"`
	Source      string    `json:"source" enum:"webhook,poll,api"`
	Raw         string    `json:"raw,omitempty" doc:"The carrier's event as it arrived"`
}

// History is a parcel with its events, in the order they happened.
type History struct {
	Parcel
	Events []Event `json:"events" nullable:"false"`
}

// ParcelHistory reads a parcel's tracking by its id (pcl_…) or tracking
// number.
func (s *Store) ParcelHistory(ctx context.Context, ref string) (History, error) {
	var h History
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		p, err := scanParcel(tx.QueryRowContext(ctx, `SELECT `+parcelColumns+` FROM parcel_tracking t
			WHERE t.parcel_id = $1 OR t.tracking_number = $2 ORDER BY t.created_at DESC LIMIT 1`, ref, normal(ref)))
		if err != nil {
			return db.NotFound(err, "no tracked parcel %s", errs.Clip(ref))
		}
		h.Parcel = *p
		h.Events, err = eventsOf(ctx, tx, p.ParcelID, true)
		return err
	})
	return h, err
}

// OrderParcels reads the tracking of every parcel of an order, by its id
// or number, oldest parcel first.
func (s *Store) OrderParcels(ctx context.Context, ref string) ([]Parcel, error) {
	var out []Parcel
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var oid, channel string
		if err := tx.QueryRowContext(ctx, `SELECT id, channel FROM orders WHERE id = $1 OR number = $1`, ref).Scan(&oid, &channel); err != nil {
			return db.NotFound(err, "no order %s", errs.Clip(ref))
		}
		if who, ok := actor.From(ctx); ok && !who.SeesChannel(channel) {
			return errs.E(errs.NotFound, "no order %s", errs.Clip(ref)) // a key confined to other channels
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+parcelColumns+` FROM parcel_tracking t WHERE t.fulfilment_id IN
			(SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1) ORDER BY t.created_at, t.parcel_id`, oid)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanParcel(rows)
			if err != nil {
				return err
			}
			out = append(out, *p)
		}
		return rows.Err()
	})
	if out == nil {
		out = []Parcel{}
	}
	return out, err
}

// eventsOf is a parcel's history, in the order the events happened;
// withRaw includes the carrier's own form.
func eventsOf(ctx context.Context, tx *db.Tx, parcelID string, withRaw bool) ([]Event, error) {
	rows, err := tx.QueryContext(ctx, `SELECT event_id, status, reason, description, location, occurred_at, received_at, applied,
		source, raw FROM tracking_events WHERE parcel_id = $1 ORDER BY occurred_at, event_id`, parcelID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.EventID, &e.Status, &e.Reason, &e.Description, &e.Location, &e.OccurredAt, &e.ReceivedAt, &e.Applied,
			&e.Source, &e.Raw); err != nil {
			return nil, err
		}
		e.OccurredAt, e.ReceivedAt = e.OccurredAt.UTC(), e.ReceivedAt.UTC()
		if !withRaw {
			e.Raw = ""
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Public is what a parcel's public tracking page shows: its status and
// history, the promised date, the carrier and tracking number, the
// order's number and the customer's language: nothing personal (no name,
// no address, no contents).
type Public struct {
	Carrier        string        `json:"carrier"`
	TrackingNumber string        `json:"tracking_number"`
	OrderNumber    string        `json:"order_number"`
	Locale         string        `json:"locale"`
	Status         string        `json:"status"`
	Reason         string        `json:"reason,omitempty"`
	StatusAt       time.Time     `json:"status_at"`
	PromisedDate   string        `json:"promised_date"`
	DeliveredAt    *time.Time    `json:"delivered_at,omitempty"`
	Parcel         int           `json:"parcel" doc:"This parcel's number among the order's parcels"`
	Parcels        int           `json:"parcels"`
	Events         []PublicEvent `json:"events" nullable:"false" doc:"Newest first"`
}

// PublicEvent is one step on the public page.
type PublicEvent struct {
	Status     string    `json:"status"`
	Reason     string    `json:"reason,omitempty"`
	Location   string    `json:"location,omitempty"`
	OccurredAt time.Time `json:"occurred_at"`
}

// ByToken reads a parcel's public page by its token. An unknown token is
// not found, with nothing said about why.
func (s *Store) ByToken(ctx context.Context, token string) (Public, error) {
	var pub Public
	if len(token) != 26 {
		return pub, errs.E(errs.NotFound, "no such tracking page")
	}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		p, err := scanParcel(tx.QueryRowContext(ctx, `SELECT `+parcelColumns+` FROM parcel_tracking t WHERE t.token = $1`, token))
		if err != nil {
			return db.NotFound(err, "no such tracking page")
		}
		pub = Public{Carrier: p.Carrier, TrackingNumber: p.TrackingNumber, Status: p.Status, Reason: p.Reason, StatusAt: p.StatusAt,
			PromisedDate: p.PromisedDate, DeliveredAt: p.DeliveredAt, Events: []PublicEvent{}}
		var oid string
		if err := tx.QueryRowContext(ctx, `SELECT o.id, o.number, o.locale FROM orders o WHERE o.id =
			(SELECT min(order_id) FROM fulfilment_lines WHERE fulfilment_id = $1)`, p.FulfilmentID).Scan(&oid, &pub.OrderNumber, &pub.Locale); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*), sum(CASE WHEN t.parcel_id <= $2 THEN 1 ELSE 0 END) FROM parcel_tracking t WHERE t.fulfilment_id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1)`,
			oid, p.ParcelID).Scan(&pub.Parcels, &pub.Parcel); err != nil {
			return err
		}
		evs, err := eventsOf(ctx, tx, p.ParcelID, false)
		if err != nil {
			return err
		}
		for i := len(evs) - 1; i >= 0; i-- {
			e := evs[i]
			pub.Events = append(pub.Events, PublicEvent{Status: e.Status, Reason: e.Reason, Location: e.Location, OccurredAt: e.OccurredAt})
		}
		return nil
	})
	return pub, err
}
