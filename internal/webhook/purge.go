package webhook

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// purgeChunk bounds one purge transaction, so a backlog of history does
// not hold SQLite's writer for long.
const purgeChunk = 2000

// Purge deletes finished deliveries created more than Retention before now,
// with their attempts, and returns how many; pending ones are kept however
// old. It is a job.Purger's function (job.Runner.PurgeWith).
func (s *Store) Purge(ctx context.Context, now time.Time) (int64, error) {
	cutoff := now.Add(-s.cfg.Retention)
	var total int64
	for {
		var n int64
		err := s.db.Write(ctx, func(tx *db.Tx) error {
			const old = `SELECT id FROM webhook_deliveries WHERE state <> 'pending' AND created_at < $1 ORDER BY id LIMIT $2`
			if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_attempts WHERE delivery_id IN (`+old+`)`, cutoff, purgeChunk); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE id IN (`+old+`)`, cutoff, purgeChunk)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		total += n
		if err != nil {
			return total, fmt.Errorf("purge webhook deliveries: %w", err)
		}
		if n < purgeChunk {
			return total, nil
		}
	}
}
