package webhook

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Delivery is one event for one endpoint, with its attempts when read alone.
type Delivery struct {
	ID            string          `json:"id"`
	EndpointID    string          `json:"endpoint_id"`
	EventID       string          `json:"event_id" doc:"Also the webhook-id header of every attempt"`
	EventType     string          `json:"event_type"`
	State         string          `json:"state" enum:"pending,delivered,failed"`
	Attempts      int             `json:"attempts"`
	LastStatus    int             `json:"last_status" doc:"The receiver's last HTTP status; 0 when it could not be reached"`
	LastError     string          `json:"last_error,omitempty"`
	NextAttemptAt *time.Time      `json:"next_attempt_at,omitempty"`
	CreatedAt     time.Time       `json:"created_at"`
	DeliveredAt   *time.Time      `json:"delivered_at,omitempty"`
	Payload       json.RawMessage `json:"payload,omitempty" doc:"The body as signed and sent"`
	Log           []Attempt       `json:"log,omitempty"`
}

// Attempt is one HTTP attempt in the delivery log.
type Attempt struct {
	Attempt    int       `json:"attempt"`
	At         time.Time `json:"at"`
	Replay     bool      `json:"replay"`
	StatusCode int       `json:"status_code" doc:"0 when the receiver could not be reached"`
	DurationMS int64     `json:"duration_ms"`
	Error      string    `json:"error,omitempty"`
	Response   string    `json:"response,omitempty" doc:"The start of the receiver's answer (at most 1 KiB)"`
}

const selectDelivery = `SELECT id, endpoint_id, event_id, event_type, state, attempts, last_status, last_error,
	next_attempt_at, created_at, delivered_at FROM webhook_deliveries`

func scanDelivery(row scanner) (Delivery, error) {
	var d Delivery
	var next, delivered sql.NullTime
	if err := row.Scan(&d.ID, &d.EndpointID, &d.EventID, &d.EventType, &d.State, &d.Attempts, &d.LastStatus,
		&d.LastError, &next, &d.CreatedAt, &delivered); err != nil {
		return Delivery{}, err
	}
	d.NextAttemptAt, d.DeliveredAt, d.CreatedAt = utcPtr(next), utcPtr(delivered), d.CreatedAt.UTC()
	return d, nil
}

// DeliveryFilter selects an endpoint's deliveries for Deliveries.
type DeliveryFilter struct {
	EndpointID string
	State      string // "" for every state
	Before     string // cursor: deliveries older than this id
	Limit      int
}

// Deliveries lists an endpoint's deliveries, newest first, without their
// payloads and logs.
func (s *Store) Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error) {
	var out []Delivery
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		out = out[:0]
		if _, err := getEndpoint(ctx, tx, f.EndpointID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, selectDelivery+` WHERE endpoint_id = $1 AND ($2 = '' OR state = $2)
			AND ($3 = '' OR id < $3) ORDER BY id DESC LIMIT $4`, f.EndpointID, f.State, f.Before, f.Limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDelivery(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// Delivery returns a delivery with its payload and every attempt, oldest first.
func (s *Store) Delivery(ctx context.Context, id string) (Delivery, error) {
	var d Delivery
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = scanDelivery(tx.QueryRowContext(ctx, selectDelivery+` WHERE id = $1`, id)); err != nil {
			return db.NotFound(err, "no webhook delivery %q", id)
		}
		var payload string
		if err := tx.QueryRowContext(ctx, `SELECT payload FROM webhook_deliveries WHERE id = $1`, id).Scan(&payload); err != nil {
			return err
		}
		d.Payload = json.RawMessage(payload)
		rows, err := tx.QueryContext(ctx, `SELECT attempt, at, replay, status_code, duration_ms, error, response
			FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		d.Log = []Attempt{}
		for rows.Next() {
			var a Attempt
			if err := rows.Scan(&a.Attempt, &a.At, &a.Replay, &a.StatusCode, &a.DurationMS, &a.Error, &a.Response); err != nil {
				return err
			}
			a.At = a.At.UTC()
			d.Log = append(d.Log, a)
		}
		return rows.Err()
	})
	return d, err
}
