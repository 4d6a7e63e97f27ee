package people

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// The sign-in rate limit lives in the database, not in memory: several
// instances share one PostgreSQL, and a limit per process would let an
// attacker multiply their guesses by the number of instances (and reset
// them with a restart). A failure costs one small insert; the rows of a
// window that has passed are deleted as new failures arrive.

// checkLimit refuses a sign-in when the account or the client address has
// failed too often within the window, before any password is checked.
func (s *Store) checkLimit(ctx context.Context, email, remoteAddr string) error {
	var byEmail, byAddr int
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		since := tx.Now.Add(-s.cfg.FailureWindow)
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sign_in_failures WHERE email = $1 AND at > $2`, email, since).Scan(&byEmail); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM sign_in_failures WHERE remote_addr = $1 AND at > $2`, remoteAddr, since).Scan(&byAddr)
	})
	if err != nil {
		return err
	}
	if byEmail >= s.cfg.AccountFailures || byAddr >= s.cfg.AddressFailures {
		var f errs.Fields
		f.Add("password", "rate_limited", "too many failed sign-ins; try again in %s", minutes(s.cfg.FailureWindow))
		return f.Err()
	}
	return nil
}

// recordFailure counts a failed sign-in against the account and the address.
func (s *Store) recordFailure(ctx context.Context, email, remoteAddr string) error {
	return s.db.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE at <= $1`, tx.Now.Add(-s.cfg.FailureWindow)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sign_in_failures (id, at, email, remote_addr) VALUES ($1, $2, $3, $4)`,
			id.New("sif", tx.Now), tx.Now, email, remoteAddr)
		return err
	})
}

func minutes(d time.Duration) string {
	return fmt.Sprintf("%d minutes", int(d.Round(time.Minute)/time.Minute))
}
