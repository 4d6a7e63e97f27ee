package pick

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// FaceLimit is how many units of a product a pick face should hold: below
// Min a pick opens a replenish task, which fills it up to Max.
type FaceLimit struct {
	Bin       string    `json:"bin" maxLength:"64" doc:"A pick face of the warehouse"`
	SKU       string    `json:"sku" maxLength:"64"`
	Min       int64     `json:"min" minimum:"0" maximum:"1000000" doc:"Replenish when the face's free units fall below this"`
	Max       int64     `json:"max" minimum:"1" maximum:"1000000" doc:"Fill the face up to this; above min"`
	UpdatedAt time.Time `json:"updated_at,omitzero" readOnly:"true"`
}

// MaxFaceLimits bounds one warehouse's list of limits.
const MaxFaceLimits = 5000

// FaceLimits lists a warehouse's pick face limits by bin and SKU.
func (s *Store) FaceLimits(ctx context.Context, warehouse string) ([]FaceLimit, error) {
	out := []FaceLimit{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		whID, err := warehouseID(ctx, tx, warehouse)
		if err != nil {
			return err
		}
		out, err = faceLimitsTx(ctx, tx, whID)
		return err
	})
	return out, err
}

func faceLimitsTx(ctx context.Context, tx *db.Tx, whID string) ([]FaceLimit, error) {
	rows, err := tx.QueryContext(ctx, `SELECT b.code, p.sku, l.min_units, l.max_units, l.updated_at FROM pick_face_limits l
		JOIN bins b ON b.id = l.bin_id JOIN products p ON p.id = l.product_id WHERE l.warehouse_id = $1 ORDER BY b.code, p.sku`, whID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FaceLimit{}
	for rows.Next() {
		var l FaceLimit
		if err := rows.Scan(&l.Bin, &l.SKU, &l.Min, &l.Max, &l.UpdatedAt); err != nil {
			return nil, err
		}
		l.UpdatedAt = l.UpdatedAt.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// PutFaceLimits replaces a warehouse's pick face limits with the list, all
// or none. Every problem comes back at once at its path (limits[i].bin: an
// unknown bin or a reserve bin; .sku: an unknown SKU or one named twice for
// a bin; .max: not above min). Open replenish tasks stay as they are.
func (s *Store) PutFaceLimits(ctx context.Context, warehouse string, limits []FaceLimit) ([]FaceLimit, error) {
	if len(limits) > MaxFaceLimits {
		return nil, errs.Field("limits", errs.CodeOutOfRange, "at most %d limits per warehouse", MaxFaceLimits)
	}
	var out []FaceLimit
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		whID, err := warehouseID(ctx, tx, warehouse)
		if err != nil {
			return err
		}
		rows, err := checkLimits(ctx, tx, whID, limits)
		if err != nil {
			return err
		}
		who, _ := actor.From(ctx)
		for i := range rows {
			rows[i] = append(rows[i], who.ID, tx.Now)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pick_face_limits WHERE warehouse_id = $1`, whID); err != nil {
			return err
		}
		if err := db.InsertRows(ctx, tx, "pick_face_limits", []string{"warehouse_id", "bin_id", "product_id", "min_units", "max_units",
			"actor", "updated_at"}, rows); err != nil {
			return fmt.Errorf("write pick face limits: %w", err)
		}
		if out, err = faceLimitsTx(ctx, tx, whID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "pick.face_limits", "warehouse", whID, map[string]any{"limits": len(rows)})
	})
	return out, err
}

// checkLimits resolves and checks the list, naming every problem at its
// path; it returns the rows to insert.
func checkLimits(ctx context.Context, tx *db.Tx, whID string, limits []FaceLimit) ([][]any, error) {
	kinds, err := binKinds(ctx, tx, whID)
	if err != nil {
		return nil, err
	}
	byCode := map[string]binKind{}
	for _, k := range kinds {
		byCode[strings.ToUpper(k.code)] = k
	}
	var f errs.Fields
	var rows [][]any
	seen := map[[2]string]int{}
	for i, l := range limits {
		path := fmt.Sprintf("limits[%d]", i)
		bin, binOK := byCode[normal(l.Bin)]
		switch {
		case strings.TrimSpace(l.Bin) == "":
			f.Add(path+".bin", errs.CodeRequired, "name the pick face")
			binOK = false
		case !binOK:
			f.Add(path+".bin", errs.CodeUnknown, "the warehouse has no bin %s", errs.Clip(l.Bin))
		case !bin.face:
			f.Add(path+".bin", "reserve_bin", "bin %s holds reserve stock; limits are for pick faces", bin.code)
			binOK = false
		}
		var productID string
		err := tx.QueryRowContext(ctx, `SELECT id FROM products WHERE upper(sku) = $1`, normal(l.SKU)).Scan(&productID)
		switch {
		case strings.TrimSpace(l.SKU) == "":
			f.Add(path+".sku", errs.CodeRequired, "name the SKU")
		case errors.Is(err, sql.ErrNoRows):
			f.Add(path+".sku", errs.CodeUnknown, "there is no SKU %s", errs.Clip(l.SKU))
		case err != nil:
			return nil, err
		}
		switch {
		case l.Min < 0 || l.Min > 1_000_000:
			f.Add(path+".min", errs.CodeOutOfRange, "between 0 and 1000000")
		case l.Max < 1 || l.Max > 1_000_000:
			f.Add(path+".max", errs.CodeOutOfRange, "between 1 and 1000000")
		case l.Min >= l.Max:
			f.Add(path+".max", errs.CodeOutOfRange, "max (%d) must be above min (%d)", l.Max, l.Min)
		}
		if !binOK || productID == "" {
			continue
		}
		k := [2]string{bin.id, productID}
		if first, dup := seen[k]; dup {
			f.Add(path+".sku", errs.CodeDuplicate, "bin %s and SKU %s are also limits[%d]", bin.code, errs.Clip(l.SKU), first)
			continue
		}
		seen[k] = i
		rows = append(rows, []any{whID, bin.id, productID, l.Min, l.Max})
	}
	return rows, f.Err()
}

// warehouseID finds a warehouse by code for the caller, who must be
// allowed to see it.
func warehouseID(ctx context.Context, tx *db.Tx, code string) (string, error) {
	if err := visible(ctx, code); err != nil {
		return "", err
	}
	var whID string
	err := tx.QueryRowContext(ctx, `SELECT id FROM warehouses WHERE code = $1`, code).Scan(&whID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.NotFound, "there is no warehouse %s", errs.Clip(code))
	}
	return whID, err
}
