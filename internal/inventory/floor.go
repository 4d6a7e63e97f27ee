package inventory

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// BinUnits is units of one product in one bin, named by ids: what the
// warehouse stage promises, picks and puts away. They join the caller's
// transaction, like Reserve.
type BinUnits struct {
	WarehouseID, BinID, ProductID string
	Quantity                      int64
}

// Allocate promises units of bins to pick lines (reference names them): a
// bin's allocated never passes what it holds, so a bin never promises more
// than is in it. One movement for all units; all or none.
func Allocate(ctx context.Context, tx *db.Tx, reference string, units []BinUnits) (Movement, error) {
	return floor(ctx, tx, booking{kind: KindAllocate, reference: reference}, units, func(q int64) line { return line{allocated: q} })
}

// Deallocate takes back promises of bins (a pick line cancelled, or found
// short): the units stay in the bin, free for the next allocation.
func Deallocate(ctx context.Context, tx *db.Tx, reference string, units []BinUnits) (Movement, error) {
	return floor(ctx, tx, booking{kind: KindDeallocate, reference: reference}, units, func(q int64) line { return line{allocated: -q} })
}

// Pick books units taken from their bin into a tote (note): they leave the
// bin's on hand and allocation and the warehouse's reservation, and become
// picked until they ship or are put away. Available stock does not change.
func Pick(ctx context.Context, tx *db.Tx, reference, tote string, u BinUnits) (Movement, error) {
	return floor(ctx, tx, booking{kind: KindPick, reference: reference, note: tote}, []BinUnits{u}, func(q int64) line {
		return line{onHand: -q, reserved: -q, allocated: -q, picked: q}
	})
}

// PutAway books picked units nobody will ship (their order was cancelled)
// back into a bin: picked becomes on hand and available again, with the
// expiry date they carry ("" if none), as a receipt's would.
func PutAway(ctx context.Context, tx *db.Tx, reference, tote, expiresOn string, u BinUnits) (Movement, error) {
	return floor(ctx, tx, booking{kind: KindPutAway, reference: reference, note: tote}, []BinUnits{u}, func(q int64) line {
		return line{onHand: q, picked: -q, expiresOn: expiresOn}
	})
}

// Found books units found where nobody expected them back into a bin (a
// wrong item in a tote at the pack station, put away): an adjustment with
// reason found, its reference naming where they turned up.
func Found(ctx context.Context, tx *db.Tx, reference string, u BinUnits) (Movement, error) {
	return floor(ctx, tx, booking{kind: KindAdjust, reason: "found", reference: reference}, []BinUnits{u}, func(q int64) line {
		return line{onHand: q}
	})
}

// floor books one movement (b: its kind, reason, reference and note) over
// units, each line made by mk from its quantity, with the codes looked up
// for entries and messages.
func floor(ctx context.Context, tx *db.Tx, b booking, units []BinUnits, mk func(int64) line) (Movement, error) {
	kind := b.kind
	b.detail = map[string]any{"units": units, "note": b.note, "reason": b.reason}
	for i, u := range units {
		if u.Quantity <= 0 || u.Quantity > MaxQuantity {
			return Movement{}, errs.E(errs.Invalid, "%s: units[%d] has quantity %d", kind, i, u.Quantity)
		}
		l := mk(u.Quantity)
		err := tx.QueryRowContext(ctx, `SELECT w.code, w.active, p.sku, p.active, b.code, b.active
			FROM bins b JOIN warehouses w ON w.id = b.warehouse_id, products p
			WHERE b.id = $1 AND b.warehouse_id = $2 AND p.id = $3`, u.BinID, u.WarehouseID, u.ProductID).Scan(
			&l.wh.Code, &l.wh.Active, &l.prod.Code, &l.prod.Active, &l.bin.Code, &l.bin.Active)
		if err != nil {
			return Movement{}, db.NotFound(err, "%s: no bin %s with product %s in warehouse %s", kind, u.BinID, u.ProductID, u.WarehouseID)
		}
		l.wh.ID, l.prod.ID, l.bin.ID = u.WarehouseID, u.ProductID, u.BinID
		b.lines = append(b.lines, l)
	}
	if len(b.lines) == 0 {
		return Movement{}, nil
	}
	return book(ctx, tx, b, nil) // on-hand comes back only by putaway, announced by its caller
}

// FreeUnits is what a bin holds of a product that no pick line was
// promised yet, since when it has held stock (first in, first out) and the
// earliest expiry of it, "" if none (first expired, first out).
type FreeUnits struct {
	BinID, Bin, ProductID string
	Free                  int64
	Since                 time.Time
	ExpiresOn             string // YYYY-MM-DD
}

// Free reads, in tx, the unpromised units of the products in the active
// bins of a warehouse that are not being counted, oldest stock first.
// With lock, on PostgreSQL, the rows are locked, so two allocations cannot
// both count the same units; without, it reads a snapshot to plan on.
func Free(ctx context.Context, tx *db.Tx, warehouseID string, productIDs []string, lock bool) ([]FreeUnits, error) {
	if len(productIDs) == 0 {
		return nil, nil
	}
	forUpdate := ""
	if lock && tx.Dialect == db.Postgres {
		forUpdate = ` FOR UPDATE OF s`
	}
	q := `SELECT s.bin_id, b.code, s.product_id, s.on_hand - s.allocated, s.since, s.updated_at, coalesce(s.expires_on, '')
		FROM bin_stock s JOIN bins b ON b.id = s.bin_id
		WHERE s.warehouse_id = $1 AND b.active AND s.on_hand > s.allocated
		AND NOT EXISTS (SELECT 1 FROM count_tasks c WHERE c.bin_id = s.bin_id AND c.status IN ('open', 'claimed', 'counted'))
		AND s.product_id IN (` + db.Placeholders(2, len(productIDs)) + `)
		ORDER BY coalesce(s.since, s.updated_at), b.code` + forUpdate
	args := []any{warehouseID}
	for _, p := range productIDs {
		args = append(args, p)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read free units: %w", err)
	}
	defer rows.Close()
	var out []FreeUnits
	for rows.Next() {
		var f FreeUnits
		var since *time.Time
		if err := rows.Scan(&f.BinID, &f.Bin, &f.ProductID, &f.Free, &since, &f.Since, &f.ExpiresOn); err != nil {
			return nil, err
		}
		if since != nil {
			f.Since = *since
		}
		f.Since = f.Since.UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}
