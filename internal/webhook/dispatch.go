package webhook

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
)

// cursorName is the dispatcher's row in webhook_cursor.
const cursorName = "webhooks"

// Message is the body of every delivery, in the shape Standard Webhooks
// suggests: the event's type and time, and the event itself as the feed
// shows it.
type Message struct {
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	Data      order.FeedEvent `json:"data"`
}

// Dispatch takes the next events of the changes feed after the
// dispatcher's cursor and makes one delivery (and its first job) per
// subscribed, enabled endpoint, moving the cursor in the same transaction:
// each (event, endpoint) gets exactly one delivery however often this runs,
// on however many instances. It returns how many events it took.
func (s *Store) Dispatch(ctx context.Context) (int, error) {
	if idle, err := s.idle(ctx); err != nil || idle {
		return 0, err
	}
	var n int
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		pos, err := lockCursor(ctx, tx)
		if err != nil {
			return err
		}
		events, next, err := order.ReadFeed(ctx, tx, pos, s.cfg.Batch)
		if err != nil || len(events) == 0 {
			n = 0
			return err
		}
		n = len(events)
		endpoints, err := enabledEndpoints(ctx, tx)
		if err != nil {
			return err
		}
		for _, ev := range events {
			for _, ep := range endpoints {
				// An endpoint receives what happens after it was created.
				if !ep.Subscribes(ev.Type) || ev.At.Before(ep.CreatedAt) {
					continue
				}
				if err := s.newDelivery(ctx, tx, ep.ID, ev); err != nil {
					return err
				}
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE webhook_cursor SET since = $2, upto = $3, xid = $4, seq = $5, idx = $6, updated_at = $7
			WHERE name = $1`, cursorName, next.Since, next.Upto, int64(next.XID), next.Seq, next.Index, tx.Now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("dispatch webhooks: %w", err)
	}
	return n, nil
}

// idle reports, in a read, that no event waits past the cursor, so an idle
// dispatcher does not take SQLite's one writer every poll.
func (s *Store) idle(ctx context.Context) (bool, error) {
	var idle bool
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		pos, err := readCursor(ctx, tx, "")
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		evs, _, err := order.ReadFeed(ctx, tx, pos, 1)
		idle = len(evs) == 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("dispatch webhooks: %w", err)
	}
	return idle, nil
}

// lockCursor reads the dispatcher's place, creating it at the start of
// the feed, and on PostgreSQL locks it so two instances take turns.
func lockCursor(ctx context.Context, tx *db.Tx) (order.FeedPosition, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_cursor (name, xid, seq, updated_at) VALUES ($1, 0, 0, $2)
		ON CONFLICT (name) DO NOTHING`, cursorName, tx.Now); err != nil {
		return order.FeedPosition{}, err
	}
	lock := ""
	if tx.Dialect == db.Postgres {
		lock = ` FOR UPDATE`
	}
	return readCursor(ctx, tx, lock)
}

// readCursor reads the dispatcher's place, with lock's clause.
func readCursor(ctx context.Context, tx *db.Tx, lock string) (order.FeedPosition, error) {
	var p order.FeedPosition
	var xid int64
	err := tx.QueryRowContext(ctx, `SELECT since, upto, xid, seq, idx FROM webhook_cursor WHERE name = $1`+lock, cursorName).
		Scan(&p.Since, &p.Upto, &xid, &p.Seq, &p.Index)
	p.XID = uint64(xid)
	return p, err
}

func enabledEndpoints(ctx context.Context, tx *db.Tx) ([]Endpoint, error) {
	rows, err := tx.QueryContext(ctx, selectEndpoint+` WHERE enabled ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Endpoint
	for rows.Next() {
		e, err := scanEndpoint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// newDelivery records the delivery of ev to an endpoint and enqueues its
// first attempt; a delivery that exists already is left alone.
func (s *Store) newDelivery(ctx context.Context, tx *db.Tx, endpointID string, ev order.FeedEvent) error {
	body, err := json.Marshal(Message{Type: ev.Type, Timestamp: ev.At, Data: ev})
	if err != nil {
		return err
	}
	deliveryID := id.New("whd", tx.Now)
	res, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, state,
		next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6) ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
		deliveryID, endpointID, ev.ID, ev.Type, string(body), tx.Now)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return job.EnqueueArgs(ctx, tx, DeliverJob{DeliveryID: deliveryID}, deliveryID, time.Time{})
}

// Dispatcher runs Dispatch in the background: at once again after a full
// batch, else every PollInterval.
type Dispatcher struct {
	s    *Store
	stop context.CancelFunc
	done chan struct{}
}

// Start begins dispatching until Stop.
func (s *Store) Start(ctx context.Context) *Dispatcher {
	ctx, cancel := context.WithCancel(ctx)
	d := &Dispatcher{s: s, stop: cancel, done: make(chan struct{})}
	go d.loop(ctx)
	return d
}

func (d *Dispatcher) loop(ctx context.Context) {
	defer close(d.done)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		n, err := d.s.Dispatch(ctx)
		if err != nil && ctx.Err() == nil {
			d.s.cfg.Log.ErrorContext(ctx, "dispatch webhooks", "err", err)
		}
		wait := d.s.cfg.PollInterval
		if err == nil && n >= d.s.cfg.Batch {
			wait = 0
		}
		timer.Reset(wait)
	}
}

// Stop ends the loop and waits for the pass under way.
func (d *Dispatcher) Stop() {
	d.stop()
	<-d.done
}
