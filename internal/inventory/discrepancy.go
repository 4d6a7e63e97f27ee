package inventory

import (
	"context"
	"database/sql"
	"errors"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// Discrepancy is a difference found on the floor between what a bin should
// hold of a product and what a person found there.
type Discrepancy struct {
	WarehouseID, BinID, ProductID string
	Source                        string // short_pick or count
	Expected, Found               int64
	Reference                     string // the pick line or count task
	ActorID                       string
}

// RecordDiscrepancy writes d in tx and opens a count task for its bin
// (reason discrepancy) unless one is open: the count decides what the bin
// holds, and the ledger follows the approved count, not the report. A bin
// with an open count promises nothing new (Free skips it). It returns the
// count task's id.
func RecordDiscrepancy(ctx context.Context, tx *db.Tx, d Discrepancy) (string, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO stock_discrepancies (id, warehouse_id, bin_id, product_id, source, expected, found,
		reference, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, id.New("dis", tx.Now), d.WarehouseID, d.BinID,
		d.ProductID, d.Source, d.Expected, d.Found, d.Reference, d.ActorID, tx.Now); err != nil {
		return "", err
	}
	return OpenCount(ctx, tx, d.WarehouseID, d.BinID, "discrepancy", d.ActorID)
}

// OpenCount opens a count task for a bin in tx, or returns the one open.
func OpenCount(ctx context.Context, tx *db.Tx, warehouseID, binID, reason, actorID string) (string, error) {
	var open string
	err := tx.QueryRowContext(ctx, `SELECT id FROM count_tasks WHERE bin_id = $1 AND status IN ('open', 'claimed')`, binID).Scan(&open)
	if err == nil {
		return open, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	open = id.New("cnt", tx.Now)
	_, err = tx.ExecContext(ctx, `INSERT INTO count_tasks (id, warehouse_id, bin_id, reason, status, actor, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'open', $5, $6, $6)`, open, warehouseID, binID, reason, actorID, tx.Now)
	return open, err
}
