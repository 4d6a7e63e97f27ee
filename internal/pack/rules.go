package pack

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Rules are how a warehouse checks its parcels and numbers them.
type Rules struct {
	Warehouse    string    `json:"warehouse" readOnly:"true"`
	TolerancePct int64     `json:"tolerance_pct" minimum:"0" maximum:"100" doc:"A parcel weighing more than this share off what it should is held (or tolerance_g, whichever is larger)"`
	ToleranceG   int64     `json:"tolerance_g" minimum:"0" maximum:"100000" doc:"Grams a parcel may weigh off what it should"`
	GS1Prefix    string    `json:"gs1_prefix" minLength:"6" maxLength:"12" pattern:"^[0-9]+$" doc:"The GS1 company prefix of the warehouse's SSCCs"`
	LabelFormat  string    `json:"label_format,omitempty" enum:"pdf,zpl" doc:"What the warehouse's stations print labels as by default: pdf (office printers) or zpl (thermal printers); default pdf"`
	UpdatedAt    time.Time `json:"updated_at" readOnly:"true"`
	nextSerial   int64
}

// The rules of a warehouse that has set none: 5 % or 50 g, GS1's example
// prefix.
const defaultTolerancePct, defaultToleranceG = 5, 50

// tolerance is how far off its expected weight a parcel may weigh.
func (r Rules) tolerance(expectedG int64) int64 {
	return max(expectedG*r.TolerancePct/100, r.ToleranceG)
}

// PackRules reads a warehouse's pack rules (the defaults if it set none).
func (s *Store) PackRules(ctx context.Context, warehouse string) (Rules, error) {
	var r Rules
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		whID, err := warehouseID(ctx, tx, warehouse)
		if err != nil {
			return err
		}
		r, err = rulesFor(ctx, tx, whID, false)
		r.Warehouse = strings.ToUpper(strings.TrimSpace(warehouse))
		return err
	})
	return r, err
}

// SetPackRules replaces a warehouse's pack rules; its SSCC serials go on.
func (s *Store) SetPackRules(ctx context.Context, warehouse string, in Rules) (Rules, error) {
	if in.TolerancePct < 0 || in.TolerancePct > 100 {
		return Rules{}, errs.Field("tolerance_pct", errs.CodeOutOfRange, "tolerance_pct must be 0 to 100")
	}
	if in.ToleranceG < 0 || in.ToleranceG > 100_000 {
		return Rules{}, errs.Field("tolerance_g", errs.CodeOutOfRange, "tolerance_g must be 0 to 100000")
	}
	if in.LabelFormat == "" {
		in.LabelFormat = "pdf"
	}
	if in.LabelFormat != "pdf" && in.LabelFormat != "zpl" {
		return Rules{}, errs.Field("label_format", errs.CodeUnknown, "label_format must be pdf or zpl")
	}
	if n := len(in.GS1Prefix); n < 6 || n > 12 || strings.ContainsFunc(in.GS1Prefix, func(r rune) bool { return r < '0' || r > '9' }) {
		return Rules{}, errs.Field("gs1_prefix", errs.CodeFormat, "gs1_prefix must be 6 to 12 digits")
	}
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		whID, err := warehouseID(ctx, tx, warehouse)
		if err != nil {
			return err
		}
		if _, err := rulesFor(ctx, tx, whID, true); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE pack_rules SET tolerance_pct = $2, tolerance_g = $3, gs1_prefix = $4, label_format = $5,
			updated_at = $6 WHERE warehouse_id = $1`, whID, in.TolerancePct, in.ToleranceG, in.GS1Prefix, in.LabelFormat, tx.Now)
		return err
	})
	if err != nil {
		return Rules{}, err
	}
	return s.PackRules(ctx, warehouse)
}

// LabelFormat is the format a warehouse's stations print labels in (its
// pack rules'), read in tx: the shipping stage's default.
func LabelFormat(ctx context.Context, tx *db.Tx, whID string) (string, error) {
	r, err := rulesFor(ctx, tx, whID, false)
	return r.LabelFormat, err
}

// rulesFor reads a warehouse's rules in tx; with create, a warehouse that
// has none gets the defaults written (a change is about to use them).
func rulesFor(ctx context.Context, tx *db.Tx, whID string, create bool) (Rules, error) {
	r := Rules{TolerancePct: defaultTolerancePct, ToleranceG: defaultToleranceG, GS1Prefix: DefaultGS1Prefix, LabelFormat: "pdf"}
	err := tx.QueryRowContext(ctx, `SELECT tolerance_pct, tolerance_g, gs1_prefix, label_format, next_serial, updated_at FROM pack_rules
		WHERE warehouse_id = $1`, whID).Scan(&r.TolerancePct, &r.ToleranceG, &r.GS1Prefix, &r.LabelFormat, &r.nextSerial, &r.UpdatedAt)
	if !errors.Is(err, sql.ErrNoRows) || !create {
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
		return r, err
	}
	r.nextSerial, r.UpdatedAt = 1, tx.Now
	_, err = tx.ExecContext(ctx, `INSERT INTO pack_rules (warehouse_id, tolerance_pct, tolerance_g, gs1_prefix, next_serial, updated_at)
		VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (warehouse_id) DO NOTHING`, whID, r.TolerancePct, r.ToleranceG, r.GS1Prefix, tx.Now)
	if err != nil {
		return r, err
	}
	return rulesFor(ctx, tx, whID, false) // another writer's row, if it came first
}

// warehouseID resolves a warehouse's code.
func warehouseID(ctx context.Context, tx *db.Tx, code string) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM warehouses WHERE code = $1`, strings.ToUpper(strings.TrimSpace(code))).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.NotFound, "no warehouse %s", errs.Clip(code))
	}
	return id, err
}
