package pack

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Find opens the pack station on what was scanned at it: a tote (the
// fulfilment picked into it, in the warehouse given), a put wall's slot
// label (W-07: the oldest fulfilment sorted into slot 7 of a wall there and
// waiting), a fulfilment's id, or an order's number or id (its fulfilment
// in that warehouse waiting to be packed). A code that names nothing to pack is a field error on "code".
func (s *Store) Find(ctx context.Context, warehouse, code string) (Station, error) {
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 64 {
		return Station{}, errs.Field("code", errs.CodeRequired, "scan a tote, a fulfilment or an order number")
	}
	var st Station
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var fid string
		err := tx.QueryRowContext(ctx, `SELECT f.id FROM fulfilments f WHERE f.status IN ('picked', 'packed') AND (f.id = $1
			OR f.id IN (SELECT t.fulfilment_id FROM pick_totes t JOIN warehouses w ON w.id = t.warehouse_id
				WHERE t.tote = $2 AND (w.code = $3 OR $3 = ''))
			OR f.id IN (SELECT l.fulfilment_id FROM fulfilment_lines l JOIN orders o ON o.id = l.order_id WHERE o.number = $1 OR o.id = $1)
			OR f.id IN (SELECT pt.fulfilment_id FROM pick_totes pt JOIN pick_tasks t ON t.id = pt.task_id
				WHERE t.strategy = 'putwall' AND pt.position = $4))
			AND (f.warehouse_id IN (SELECT id FROM warehouses WHERE code = $3) OR $3 = '')
			ORDER BY f.status DESC, f.created_at LIMIT 1`, code, strings.ToUpper(code), warehouse, wallSlot(code)).Scan(&fid)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.Field("code", errs.CodeUnknown, "%s names no tote, fulfilment or order waiting to be packed here", errs.Clip(code))
		}
		if err != nil {
			return err
		}
		st, err = station(ctx, tx, fid)
		return err
	})
	if err != nil {
		return Station{}, err
	}
	return st, s.suggest(ctx, &st)
}

// wallSlot reads a put wall's slot label, W-07 or SLOT 7, as its number;
// anything else is 0, which no slot has.
func wallSlot(code string) int {
	code = strings.ToUpper(code)
	for _, prefix := range []string{"W-", "SLOT-", "SLOT "} {
		if rest, ok := strings.CutPrefix(code, prefix); ok {
			if n, err := strconv.Atoi(strings.TrimSpace(rest)); err == nil && n > 0 && n < 1000 {
				return n
			}
		}
	}
	return 0
}

// lockFulfilment locks a fulfilment for a change at the pack station (on
// PostgreSQL; SQLite has one writer) and returns its status and warehouse.
func lockFulfilment(ctx context.Context, tx *db.Tx, fid string) (status, warehouseID string, err error) {
	lock := ""
	if tx.Dialect == db.Postgres {
		lock = " FOR UPDATE"
	}
	err = tx.QueryRowContext(ctx, `SELECT status, warehouse_id FROM fulfilments WHERE id = $1`+lock, fid).Scan(&status, &warehouseID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errs.E(errs.NotFound, "no fulfilment %s", errs.Clip(fid))
	}
	return status, warehouseID, err
}
