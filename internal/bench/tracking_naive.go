package bench

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
)

// NaiveTracking is the baseline's figures: ingestion written the way a
// typical system does it, one transaction per event that keeps the event
// (skipping a repeated id), reads the parcel's status and writes the
// event's status over it ("the last event received wins"), marking the
// parcel delivered when a delivered event comes. It runs on tables of its
// own, copied from the parcels of the first NaiveParcels orders, with
// those parcels' events in the same shuffled order and the same calls.
type NaiveTracking struct {
	Parcels      int     `json:"parcels"`
	Events       int     `json:"events_sent"`
	Seconds      float64 `json:"seconds"`
	EventsPerSec float64 `json:"events_per_sec"`
	CPUSeconds   float64 `json:"cpu_seconds"`
	EventsPerCPU float64 `json:"events_per_cpu_sec"`
	CallLatency  Latency `json:"call_latency"`
	Wrong        int     `json:"parcels_wrong" doc:"Parcels whose status is not their latest event's"`
	MovedBack    int     `json:"delivered_moved_back" doc:"Delivered parcels an older event moved back to an earlier status"`
	Delivered    int     `json:"delivered_twice" doc:"Parcels marked delivered more than once (a delivered notice per time)"`
}

// runNaive copies the first parcels into the baseline's tables and sends
// their events through it.
func runNaive(ctx context.Context, d *db.DB, w *trackWorld, st *trackStream, rng *rand.Rand, o TrackingOptions) (NaiveTracking, error) {
	n := NaiveTracking{}
	take := map[string]int{}
	for i, p := range w.parcels {
		if len(take) >= o.NaiveParcels {
			break
		}
		take[p.tracking] = i
	}
	n.Parcels = len(take)
	err := d.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE naive_parcels (tracking_number TEXT PRIMARY KEY, status TEXT NOT NULL,
			status_at TIMESTAMP NOT NULL, delivered_count INTEGER NOT NULL DEFAULT 0, moved_back INTEGER NOT NULL DEFAULT 0)`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE naive_events (carrier TEXT NOT NULL, event_id TEXT NOT NULL, tracking_number TEXT NOT NULL,
			status TEXT NOT NULL, occurred_at TIMESTAMP NOT NULL, PRIMARY KEY (carrier, event_id))`); err != nil {
			return err
		}
		var rows [][]any
		for tr := range take {
			rows = append(rows, []any{tr, ship.TrackPickedUp, tx.Now})
		}
		return db.InsertRows(ctx, tx, "naive_parcels", []string{"tracking_number", "status", "status_at"}, rows)
	})
	if err != nil {
		return n, fmt.Errorf("baseline tables: %w", err)
	}
	var events []ship.TrackingEvent
	for _, e := range st.events {
		if _, ok := take[e.TrackingNumber]; ok {
			events = append(events, e)
		}
	}
	n.Events = len(events)
	sub := &trackStream{events: events}
	calls := sub.batches(rng, o.BatchMin, o.BatchMax)
	cpu0, cpuOK := processCPU()
	elapsed, times, err := driveCalls(ctx, calls, o.Workers, func(ctx context.Context, evs []ship.TrackingEvent) error {
		for _, e := range evs {
			if err := d.Write(ctx, func(tx *db.Tx) error { return naiveEvent(ctx, tx, e) }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("baseline: %w", err)
	}
	n.Seconds = elapsed.Seconds()
	n.EventsPerSec = float64(n.Events) / n.Seconds
	if cpu1, ok := processCPU(); ok && cpuOK {
		n.CPUSeconds = (cpu1 - cpu0).Seconds()
		n.EventsPerCPU = float64(n.Events) / n.CPUSeconds
	}
	n.CallLatency = latency(times)
	err = d.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT tracking_number, status, delivered_count, moved_back FROM naive_parcels`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var tr, status string
			var delivered, back int
			if err := rows.Scan(&tr, &status, &delivered, &back); err != nil {
				return err
			}
			if status != st.expected[take[tr]] {
				n.Wrong++
			}
			if back > 0 {
				n.MovedBack++
			}
			if delivered > 1 {
				n.Delivered++
			}
		}
		return rows.Err()
	})
	return n, err
}

// naiveEvent is the baseline's handling of one event, in its own
// transaction: keep it unless its id was seen, then read the parcel and
// write the event's status over it.
func naiveEvent(ctx context.Context, tx *db.Tx, e ship.TrackingEvent) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO naive_events (carrier, event_id, tracking_number, status, occurred_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, trackCarrier, e.EventID, e.TrackingNumber, e.Status, e.OccurredAt)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // a repeat: nothing to do
	}
	lock := ""
	if tx.Dialect == db.Postgres {
		lock = " FOR UPDATE"
	}
	var status string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM naive_parcels WHERE tracking_number = $1`+lock, e.TrackingNumber).Scan(&status); err != nil {
		return err
	}
	delivered, back := 0, 0
	if e.Status == ship.TrackDelivered {
		delivered = 1
	}
	if status == ship.TrackDelivered && e.Status != ship.TrackDelivered {
		back = 1
	}
	_, err = tx.ExecContext(ctx, `UPDATE naive_parcels SET status = $2, status_at = $3, delivered_count = delivered_count + $4,
		moved_back = moved_back + $5 WHERE tracking_number = $1`, e.TrackingNumber, e.Status, e.OccurredAt, delivered, back)
	return err
}
