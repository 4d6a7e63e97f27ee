package webhook

import (
	"context"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Delete removes an endpoint with its deliveries and their log; delivery
// jobs still queued for it find nothing and end.
func (s *Store) Delete(ctx context.Context, id string) error {
	return s.db.Write(ctx, func(tx *db.Tx) error {
		for _, q := range []string{
			`DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1)`,
			`DELETE FROM webhook_deliveries WHERE endpoint_id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errs.E(errs.NotFound, "no webhook endpoint %q", id)
		}
		return audit.Record(ctx, tx, "webhook_endpoint.delete", "webhook_endpoint", id, nil)
	})
}
