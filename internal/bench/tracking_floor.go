package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
)

// FloorTracking is the figures of the writes alone: what any correct
// ingestion of the same stream must write, with nothing read and nothing
// decided. Every unique event is inserted into a copy of tracking_events
// (same columns, same index) and every parcel an event touched is
// updated once per transaction in a copy of parcel_tracking (same
// indexes), in transactions of the size Ingest's group commit made from
// the same calls, through prepared statements, from one goroutine. No
// order, fulfilment, timeline, case or notice is written: the floor is
// below what Ingest must do, so Ingest's distance to it is the cost of
// reading, deciding and the effects.
type FloorTracking struct {
	Events       int     `json:"events_sent"`
	Transactions int     `json:"transactions"`
	Seconds      float64 `json:"seconds"`
	EventsPerSec float64 `json:"events_per_sec" doc:"Events sent (new and repeated) over the wall time: the ceiling for Ingest"`
}

// runFloor writes st's events as the floor does, the calls taken groupOf
// at a time into one transaction.
func runFloor(ctx context.Context, d *db.DB, st *trackStream, calls [][]ship.TrackingEvent, parcelOf map[string]string, groupOf int) (FloorTracking, error) {
	f := FloorTracking{Events: len(st.events)}
	err := d.Write(ctx, func(tx *db.Tx) error {
		for _, q := range []string{
			`CREATE TABLE floor_events AS SELECT * FROM tracking_events LIMIT 0`,
			`CREATE UNIQUE INDEX floor_events_parcel ON floor_events (parcel_id, event_id)`,
			`CREATE TABLE floor_parcels AS SELECT * FROM parcel_tracking`,
			`CREATE UNIQUE INDEX floor_parcels_id ON floor_parcels (parcel_id)`,
			`CREATE UNIQUE INDEX floor_parcels_number ON floor_parcels (carrier, tracking_number)`,
			`CREATE UNIQUE INDEX floor_parcels_token ON floor_parcels (token)`,
			`CREATE INDEX floor_parcels_fulfilment ON floor_parcels (fulfilment_id)`,
			`CREATE INDEX floor_parcels_silence ON floor_parcels (last_event_at) WHERE status NOT IN ('delivered', 'returned_to_sender', 'lost')`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return f, fmt.Errorf("floor tables: %w", err)
	}
	type key struct{ parcel, event string }
	seen := map[key]bool{}
	start := time.Now()
	for i := 0; i < len(calls); i += groupOf {
		var rows [][]any
		touched := map[string]ship.TrackingEvent{}
		for _, call := range calls[i:min(i+groupOf, len(calls))] {
			for _, e := range call {
				p := parcelOf[e.TrackingNumber]
				if seen[key{p, e.EventID}] {
					continue
				}
				seen[key{p, e.EventID}] = true
				rows = append(rows, []any{trackCarrier, e.EventID, p, e.Status, e.Reason, e.Description, e.Location,
					e.OccurredAt, time.Now().UTC(), true, nil, "", "webhook", string(e.Raw)})
				touched[p] = e
			}
		}
		f.Transactions++
		err := d.Write(ctx, func(tx *db.Tx) error {
			if err := db.InsertRows(ctx, tx, "floor_events", eventColumnsFloor, rows); err != nil {
				return err
			}
			for p, e := range touched {
				if _, err := tx.ExecPrepared(ctx, `UPDATE floor_parcels SET status = $2, reason = $3, location = $4, status_at = $5,
					status_event = $6, last_event_at = $5, updated_at = $7 WHERE parcel_id = $1`,
					p, e.Status, e.Reason, e.Location, e.OccurredAt, e.EventID, tx.Now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return f, fmt.Errorf("floor: %w", err)
		}
	}
	f.Seconds = time.Since(start).Seconds()
	f.EventsPerSec = float64(f.Events) / f.Seconds
	return f, nil
}

var eventColumnsFloor = []string{"carrier", "event_id", "parcel_id", "status", "reason", "description", "location", "occurred_at",
	"received_at", "applied", "cod_collected_minor", "cod_currency", "source", "raw"}
