package webhook

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// DeliverJob is one attempt to deliver a delivery: the first, made by
// Dispatch; each retry, enqueued by the failed attempt before it with the
// back-off as its delay; or a replay someone asked for.
type DeliverJob struct {
	DeliveryID string `json:"delivery_id"`
	Replay     bool   `json:"replay,omitempty"`
}

// Kind implements job.Args.
func (DeliverJob) Kind() string { return "webhook.deliver" }

// RegisterJobs adds the delivery handler to r.
func RegisterJobs(r *job.Runner, s *Store) {
	job.HandleArgs(r, func(ctx context.Context, c job.Claimed, a DeliverJob) error {
		return s.deliver(actor.With(ctx, Sender), c.ID, a)
	})
}

// maxResponse is how much of a receiver's answer the log keeps.
const maxResponse = 1024

// target is what an attempt needs to know about its delivery.
type target struct {
	state, eventID, payload string
	endpointID, url, secret string
	enabled, attempted      bool
}

// outcome is one attempt's result, as the log records it.
type outcome struct {
	at       time.Time
	status   int
	duration time.Duration
	err      string
	response string
}

func (o outcome) ok() bool { return o.err == "" && o.status >= 200 && o.status < 300 }

// deliver makes one attempt. Only a failure to record it is an error (the
// job runs again); a receiver's failure is recorded and retried by a new
// job at the back-off's time, so the schedule is this package's own.
func (s *Store) deliver(ctx context.Context, jobID string, a DeliverJob) error {
	t, err := s.target(ctx, jobID, a.DeliveryID)
	switch {
	case errors.Is(err, sql.ErrNoRows): // the endpoint was deleted
		return nil
	case err != nil:
		return err
	case t.attempted: // this job sent already; its runner died before finishing it
		return nil
	case !a.Replay && t.state != statePending: // delivered by a replay meanwhile, or given up
		return nil
	case !t.enabled:
		return s.giveUp(ctx, a.DeliveryID, "the endpoint is disabled")
	}
	return s.record(ctx, jobID, a, t, s.send(ctx, t))
}

func (s *Store) target(ctx context.Context, jobID, deliveryID string) (target, error) {
	var t target
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT d.state, d.event_id, d.payload, e.id, e.url, e.secret, e.enabled
			FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`, deliveryID).
			Scan(&t.state, &t.eventID, &t.payload, &t.endpointID, &t.url, &t.secret, &t.enabled); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM webhook_attempts WHERE job_id = $1)`, jobID).Scan(&t.attempted)
	})
	return t, err
}

// send POSTs the stored payload signed with the endpoint's secret. The
// webhook-id is the event's id, the same on every attempt and replay, so a
// receiver deduplicates by it; the timestamp is the attempt's, which
// receivers check for freshness.
func (s *Store) send(ctx context.Context, t target) outcome {
	o := outcome{at: s.now()}
	body := []byte(t.payload)
	h, err := gateway.SignStandard(t.secret, t.eventID, o.at, body)
	if err != nil {
		o.err = err.Error()
		return o
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(body))
	if err != nil {
		o.err = err.Error()
		return o
	}
	req.Header = h
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Waybill-Webhooks/1")
	start := time.Now() // the duration is measured on the monotonic clock, whatever the injected one says
	res, err := s.client.Do(req)
	if err != nil {
		o.duration, o.err = time.Since(start), err.Error()
		return o
	}
	defer res.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(res.Body, maxResponse))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
	o.duration, o.status = time.Since(start), res.StatusCode
	o.response = strings.ToValidUTF8(strings.ReplaceAll(string(head), "\x00", ""), "?")
	if !o.ok() {
		o.err = fmt.Sprintf("the receiver answered %d", res.StatusCode)
	}
	return o
}

// clip bounds an error text for the log.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
