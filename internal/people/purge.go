package people

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Purge deletes what can no longer be used: sessions past their expiry or
// idle timeout, set-up links expired or used more than a day ago, and
// failed sign-ins older than the rate limit's window. The job runner calls
// it every hour (job.Purger); nothing depends on it for safety, since
// every check compares times itself.
func (s *Store) Purge(ctx context.Context, now time.Time) (int64, error) {
	var total int64
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		for _, q := range []struct {
			sql string
			arg time.Time
			and []any
		}{
			{`DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, now, []any{now.Add(-s.cfg.IdleTimeout)}},
			{`DELETE FROM person_setup_tokens WHERE expires_at <= $1 OR used_at <= $1`, now.Add(-24 * time.Hour), nil},
			{`DELETE FROM sign_in_failures WHERE at <= $1`, now.Add(-s.cfg.FailureWindow), nil},
		} {
			res, err := tx.ExecContext(ctx, q.sql, append([]any{q.arg}, q.and...)...)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			total += n
		}
		return nil
	})
	return total, err
}
