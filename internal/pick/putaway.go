package pick

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
)

// PutAwayTask is picked units nobody will ship (their order was
// cancelled), to take from a tote back to a bin.
type PutAwayTask struct {
	ID         string    `json:"id" doc:"put_…"`
	Warehouse  string    `json:"warehouse"`
	Fulfilment string    `json:"fulfilment"`
	SKU        string    `json:"sku"`
	Tote       string    `json:"tote"`
	Bin        string    `json:"bin" doc:"Where they were picked from: the suggested bin"`
	Quantity   int64     `json:"quantity"`
	Status     string    `json:"status" enum:"open,done"`
	PutInto    string    `json:"put_into,omitempty" doc:"The bin they went into"`
	CreatedAt  time.Time `json:"created_at"`
}

// PutAways lists a warehouse's put-away tasks, open ones first, oldest first.
func (s *Store) PutAways(ctx context.Context, warehouse string, limit int) ([]PutAwayTask, error) {
	return s.putAways(ctx, warehouse, "", limit)
}

// putAways lists put-away tasks of a warehouse, or the one with id.
func (s *Store) putAways(ctx context.Context, warehouse, id string, limit int) ([]PutAwayTask, error) {
	out := []PutAwayTask{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT t.id, w.code, t.fulfilment_id, p.sku, t.tote, b.code, t.quantity, t.status,
			coalesce(d.code, ''), t.created_at FROM putaway_tasks t JOIN warehouses w ON w.id = t.warehouse_id
			JOIN products p ON p.id = t.product_id JOIN bins b ON b.id = t.bin_id LEFT JOIN bins d ON d.id = t.to_bin_id
			WHERE ($1 = '' OR w.code = $1) AND ($3 = '' OR t.id = $3) ORDER BY t.status DESC, t.id LIMIT $2`, warehouse, limit, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p PutAwayTask
			if err := rows.Scan(&p.ID, &p.Warehouse, &p.Fulfilment, &p.SKU, &p.Tote, &p.Bin, &p.Quantity, &p.Status, &p.PutInto, &p.CreatedAt); err != nil {
				return err
			}
			p.CreatedAt = p.CreatedAt.UTC()
			if visible(ctx, p.Warehouse) == nil {
				out = append(out, p)
			}
		}
		return rows.Err()
	})
	return out, err
}

// PutAwayScan is the bin the units went into, as scanned.
type PutAwayScan struct {
	Bin string `json:"bin" maxLength:"64" doc:"The bin's code as scanned: the suggested one or any other active bin of the warehouse"`
}

// PutAway books a put-away: the units leave picked and are on hand in the
// scanned bin again (available to orders); the tote is free once nothing
// of its fulfilment is left in it. Done once: a second time is a conflict.
func (s *Store) PutAway(ctx context.Context, putawayID string, in PutAwayScan) (PutAwayTask, error) {
	who, _ := actor.From(ctx)
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var whID, wh, ful, prod, tote, status, expires string
		var qty int64
		err := tx.QueryRowContext(ctx, `SELECT t.warehouse_id, w.code, t.fulfilment_id, t.product_id, t.tote, t.quantity, t.status,
			coalesce(t.expires_on, '') FROM putaway_tasks t JOIN warehouses w ON w.id = t.warehouse_id WHERE t.id = $1`, putawayID).Scan(
			&whID, &wh, &ful, &prod, &tote, &qty, &status, &expires)
		if err != nil {
			return db.NotFound(err, "no put-away task %q", errs.Clip(putawayID))
		}
		if err := visible(ctx, wh); err != nil {
			return err
		}
		if status != "open" {
			return errs.E(errs.Conflict, "put-away %s is already done", putawayID)
		}
		var binID string
		var active bool
		err = tx.QueryRowContext(ctx, `SELECT id, active FROM bins WHERE warehouse_id = $1 AND upper(code) = $2`, whID, normal(in.Bin)).Scan(&binID, &active)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return errs.Field("bin", errs.CodeUnknown, "warehouse %s has no bin %s", wh, errs.Clip(in.Bin))
		case err != nil:
			return err
		case !active:
			return errs.Field("bin", "inactive", "bin %s is inactive and takes no stock", errs.Clip(in.Bin))
		}
		res, err := tx.ExecContext(ctx, `UPDATE putaway_tasks SET status = 'done', to_bin_id = $2, updated_at = $3 WHERE id = $1 AND status = 'open'`,
			putawayID, binID, tx.Now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "put-away %s is already done", putawayID)
		}
		if _, err := inventory.PutAway(ctx, tx, putawayID, tote, expires, inventory.BinUnits{WarehouseID: whID, BinID: binID, ProductID: prod,
			Quantity: qty}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pick_totes SET tote = NULL WHERE fulfilment_id = $1 AND NOT EXISTS
			(SELECT 1 FROM putaway_tasks p WHERE p.fulfilment_id = $1 AND p.status = 'open')`, ful); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "pick.putaway", "putaway_task", putawayID, map[string]any{"bin": in.Bin, "by": who.ID})
	})
	if err != nil {
		return PutAwayTask{}, err
	}
	list, err := s.putAways(ctx, "", putawayID, 1)
	if err != nil || len(list) == 0 {
		return PutAwayTask{}, err
	}
	return list[0], nil
}

// FreeTotes gives a fulfilment's totes back to the floor, in tx: the pack
// stage calls it when the fulfilment is packed and its totes are empty.
func FreeTotes(ctx context.Context, tx *db.Tx, fulfilmentID string) error {
	_, err := tx.ExecContext(ctx, `UPDATE pick_totes SET tote = NULL WHERE fulfilment_id = $1`, fulfilmentID)
	return err
}
