package webhook

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/job"
)

// The states of a delivery.
const (
	statePending   = "pending"   // an attempt is due or will be
	stateDelivered = "delivered" // a receiver answered 2xx
	stateFailed    = "failed"    // attempts ran out or the endpoint was disabled; a replay may still deliver it
)

// record writes an attempt to the log and its consequences, in one
// transaction: a success delivers the delivery and clears the endpoint's
// failure record; a failure starts or extends it, disables the endpoint
// once it has failed for DisableAfter, and otherwise schedules the next
// attempt (only a pending delivery is retried: a replay is one attempt).
func (s *Store) record(ctx context.Context, jobID string, a DeliverJob, t target, o outcome) error {
	return s.db.Write(ctx, func(tx *db.Tx) error {
		var attempt int
		var state string
		if err := tx.QueryRowContext(ctx, `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2,
			last_error = $3 WHERE id = $1 RETURNING attempts, state`, a.DeliveryID, o.status, clip(o.err, 500)).
			Scan(&attempt, &state); err != nil {
			return db.NotFound(err, "delivery %s is gone", a.DeliveryID)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_attempts (delivery_id, attempt, job_id, at, replay,
			status_code, duration_ms, error, response) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			a.DeliveryID, attempt, jobID, o.at, a.Replay, o.status, o.duration.Milliseconds(), clip(o.err, 1000), o.response); err != nil {
			return err
		}
		if o.ok() {
			if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = $2, next_attempt_at = NULL,
				delivered_at = COALESCE(delivered_at, $3) WHERE id = $1`, a.DeliveryID, stateDelivered, o.at); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1`, t.endpointID)
			return err
		}
		disabled, err := s.failing(ctx, tx, t.endpointID, o)
		if err != nil || state != statePending {
			return err
		}
		if disabled || attempt >= s.cfg.MaxAttempts {
			_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = $2, next_attempt_at = NULL WHERE id = $1`,
				a.DeliveryID, stateFailed)
			return err
		}
		next := o.at.Add(s.cfg.Backoff(attempt))
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1`,
			a.DeliveryID, next); err != nil {
			return err
		}
		return job.EnqueueArgs(ctx, tx, DeliverJob{DeliveryID: a.DeliveryID}, fmt.Sprintf("%s/retry/%d", a.DeliveryID, attempt), next)
	})
}

// failing records a failed attempt against its endpoint and disables the
// endpoint when every attempt has failed for DisableAfter; it reports
// whether the endpoint is now disabled.
func (s *Store) failing(ctx context.Context, tx *db.Tx, endpointID string, o outcome) (bool, error) {
	var since sql.NullTime
	var enabled bool
	if err := tx.QueryRowContext(ctx, `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2)
		WHERE id = $1 RETURNING failing_since, enabled`, endpointID, o.at).Scan(&since, &enabled); err != nil {
		return false, err
	}
	if !enabled {
		return true, nil
	}
	if o.at.Sub(since.Time) < s.cfg.DisableAfter {
		return false, nil
	}
	reason := fmt.Sprintf("every attempt since %s failed (for %s or more); the last: %s",
		since.Time.UTC().Format(time.RFC3339), s.cfg.DisableAfter, clip(o.err, 300))
	if _, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET enabled = false, disabled_at = $2, disabled_reason = $3,
		updated_at = $2 WHERE id = $1`, endpointID, o.at, reason); err != nil {
		return false, err
	}
	// Its other pending deliveries end too; their queued jobs find them failed.
	if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = $2, next_attempt_at = NULL,
		last_error = 'the endpoint was disabled' WHERE endpoint_id = $1 AND state = $3`, endpointID, stateFailed, statePending); err != nil {
		return false, err
	}
	s.cfg.Log.WarnContext(ctx, "webhook endpoint disabled", "endpoint", endpointID, "reason", reason)
	return true, audit.Record(ctx, tx, "webhook_endpoint.disabled", "webhook_endpoint", endpointID, map[string]string{"reason": reason})
}

// giveUp fails a pending delivery without an attempt (its endpoint was
// disabled before the attempt was due).
func (s *Store) giveUp(ctx context.Context, deliveryID, why string) error {
	return s.db.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = $2, next_attempt_at = NULL, last_error = $3
			WHERE id = $1 AND state = $4`, deliveryID, stateFailed, why, statePending)
		return err
	})
}
