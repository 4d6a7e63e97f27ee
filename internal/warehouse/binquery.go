package warehouse

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// BinFilter selects bins of one warehouse; zero fields match everything.
type BinFilter struct {
	Zone   string
	Active *bool
	After  string // cursor: the last code of the previous page
	Limit  int
}

// Bins lists the bins of the warehouse named by ref, ordered by code, which
// is also walking order within a zone.
func (s *Store) Bins(ctx context.Context, ref string, f BinFilter) ([]Bin, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		return nil, errs.E(errs.Invalid, "limit must be 1 to 1000")
	}
	active, activeSet := false, f.Active != nil
	if activeSet {
		active = *f.Active
	}
	var out []Bin
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		w, err := getTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+binColumns+` FROM bins WHERE warehouse_id = $1
			AND ($2 = '' OR zone = $2) AND ($3 = false OR active = $4) AND code > $5 ORDER BY code LIMIT $6`,
			w.ID, strings.ToUpper(f.Zone), activeSet, active, f.After, f.Limit)
		if err != nil {
			return fmt.Errorf("list bins: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBin(rows)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

// UpdateBin moves a bin on the floor plan or (de)activates it.
func (s *Store) UpdateBin(ctx context.Context, ref, code string, p BinPatch) (Bin, error) {
	var f errs.Fields
	c, err := ParseBinCode(code)
	if err != nil {
		f.Add("path.bin", errs.CodeFormat, "%s", err.Error())
	}
	if p.X != nil {
		checkCoordinate(&f, "x", *p.X)
	}
	if p.Y != nil {
		checkCoordinate(&f, "y", *p.Y)
	}
	if err := f.Err(); err != nil {
		return Bin{}, err
	}
	var b Bin
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		w, err := getTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		cur, err := scanBin(tx.QueryRowContext(ctx, `SELECT `+binColumns+` FROM bins WHERE warehouse_id = $1 AND code = $2`,
			w.ID, c.String()))
		if err != nil {
			return db.NotFound(err, "warehouse %s has no bin %s", w.Code, c)
		}
		b = cur
		set(&b.X, p.X)
		set(&b.Y, p.Y)
		set(&b.Active, p.Active)
		if b == cur {
			return nil
		}
		b.UpdatedAt = tx.Now
		if _, err := tx.ExecContext(ctx, `UPDATE bins SET x = $2, y = $3, active = $4, updated_at = $5 WHERE id = $1`,
			b.ID, b.X, b.Y, b.Active, b.UpdatedAt); err != nil {
			return fmt.Errorf("update bin: %w", err)
		}
		return audit.Record(ctx, tx, "bin.update", "bin", b.ID, p)
	})
	return b, err
}

func scanBin(row scanner) (Bin, error) {
	var b Bin
	err := row.Scan(&b.ID, &b.WarehouseID, &b.Code, &b.Zone, &b.Aisle, &b.Bay, &b.Level, &b.X, &b.Y, &b.Active,
		&b.CreatedAt, &b.UpdatedAt)
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return b, err
}
