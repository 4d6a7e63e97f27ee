package track

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
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
		o, err := order.ReadBrief(ctx, tx, ref)
		if err != nil {
			return err
		}
		if who, ok := actor.From(ctx); ok && !who.SeesChannel(o.Channel) {
			return errs.E(errs.NotFound, "no order %s", errs.Clip(ref)) // a key confined to other channels
		}
		out, err = orderParcels(ctx, tx, o.ID, "")
		return err
	})
	if out == nil {
		out = []Parcel{}
	}
	return out, err
}

// orderParcels reads the tracked parcels of an order's fulfilments
// matching cond (its arguments are $1 on, args), oldest first, then by id.
func orderParcels(ctx context.Context, tx *db.Tx, orderID, cond string, args ...any) ([]Parcel, error) {
	fids, err := fulfilment.IDsOfOrder(ctx, tx, orderID)
	if err != nil {
		return nil, err
	}
	if cond != "" {
		cond += " AND "
	}
	type created struct {
		Parcel
		at time.Time
	}
	var found []created
	err = db.InChunks(fids, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT `+parcelColumns+`, t.created_at FROM parcel_tracking t WHERE `+cond+
			`t.fulfilment_id IN (`+tx.Placeholders(len(args)+1, len(part))+`)`, slices.Concat(args, part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c created
			p, err := scanParcel(scanWith{rows, &c.at})
			if err != nil {
				return err
			}
			c.Parcel = *p
			found = append(found, c)
		}
		return rows.Err()
	})
	slices.SortFunc(found, func(a, b created) int {
		return cmp.Or(a.at.Compare(b.at), strings.Compare(a.ParcelID, b.ParcelID))
	})
	out := make([]Parcel, len(found))
	for i, c := range found {
		out[i] = c.Parcel
	}
	return out, err
}

// scanWith scans a row of more columns than sc's caller asks for: the
// rest go into more.
type scanWith struct {
	sc   interface{ Scan(...any) error }
	more *time.Time
}

func (w scanWith) Scan(dest ...any) error { return w.sc.Scan(append(dest, w.more)...) }

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
	NewEstimate    string        `json:"new_estimate,omitempty" doc:"The carrier's later date for a parcel it expects after the promised one (YYYY-MM-DD)"`
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
			PromisedDate: p.PromisedDate, NewEstimate: newEstimate(p), DeliveredAt: p.DeliveredAt, Events: []PublicEvent{}}
		oids, err := fulfilment.OrdersOf(ctx, tx, []string{p.FulfilmentID})
		if err != nil {
			return err
		}
		oid := ""
		if of := oids[p.FulfilmentID]; len(of) > 0 {
			oid = of[0]
		}
		o, err := order.ReadBrief(ctx, tx, oid)
		if err != nil {
			return err
		}
		pub.OrderNumber, pub.Locale = o.Number, o.Locale
		siblings, err := orderParcels(ctx, tx, o.ID, "")
		if err != nil {
			return err
		}
		pub.Parcels = len(siblings)
		for _, q := range siblings {
			if q.ParcelID <= p.ParcelID {
				pub.Parcel++
			}
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
