package fulfilment

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// StatusOf reads in tx where a fulfilment stands, without locking it, for
// a later stage that acts only on fulfilments that reached a status.
func StatusOf(ctx context.Context, tx *db.Tx, id string) (Status, error) {
	var st Status
	if err := tx.QueryRowContext(ctx, `SELECT status FROM fulfilments WHERE id = $1`, id).Scan(&st); err != nil {
		return "", db.NotFound(err, "no fulfilment %s", errs.Clip(id))
	}
	return st, nil
}
