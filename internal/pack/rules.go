package pack

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pack/carton"
)

// Rules are how a warehouse checks its parcels and numbers them.
type Rules struct {
	Warehouse    string     `json:"warehouse" readOnly:"true"`
	TolerancePct int64      `json:"tolerance_pct" minimum:"0" maximum:"100" doc:"A parcel weighing more than this share off what it should is held (or tolerance_g, whichever is larger)"`
	ToleranceG   int64      `json:"tolerance_g" minimum:"0" maximum:"100000" doc:"Grams a parcel may weigh off what it should"`
	GS1Prefix    string     `json:"gs1_prefix" minLength:"6" maxLength:"12" pattern:"^[0-9]+$" doc:"The GS1 company prefix of the warehouse's SSCCs"`
	LabelFormat  string     `json:"label_format,omitempty" enum:"pdf,zpl" doc:"What the warehouse's stations print labels as by default: pdf (office printers) or zpl (thermal printers); default pdf"`
	Materials    *Materials `json:"materials,omitempty" doc:"The protection and fill packed with, and their costs; default: 10 mm bubble wrap, sealed bags, air pillows"`
	UpdatedAt    time.Time  `json:"updated_at" readOnly:"true"`
	nextSerial   int64
}

// Materials are what a warehouse protects and fills parcels with, and
// what each costs (minor units) and weighs (g): the cartonizer counts them
// in a parcel's cost and weight.
type Materials struct {
	WrapMM             int   `json:"wrap_mm" minimum:"0" maximum:"50" doc:"Bubble wrap around each fragile unit, on every side"`
	WrapCost           int64 `json:"wrap_cost" minimum:"0" maximum:"100000" doc:"Per fragile unit"`
	WrapWeight         int64 `json:"wrap_weight_g" minimum:"0" maximum:"10000"`
	BagCost            int64 `json:"bag_cost" minimum:"0" maximum:"100000" doc:"A sealed bag per liquid unit"`
	BagWeight          int64 `json:"bag_weight_g" minimum:"0" maximum:"10000"`
	FillCostPerLitre   int64 `json:"fill_cost_per_litre" minimum:"0" maximum:"100000" doc:"Air pillows per litre of void"`
	FillWeightPerLitre int64 `json:"fill_weight_per_litre_g" minimum:"0" maximum:"10000"`
}

// check names what is out of range in m.
func (m Materials) check(f *errs.Fields) {
	for _, v := range []struct {
		name     string
		val, max int64
	}{{"materials.wrap_mm", int64(m.WrapMM), 50}, {"materials.wrap_cost", m.WrapCost, 100000}, {"materials.wrap_weight_g", m.WrapWeight, 10000},
		{"materials.bag_cost", m.BagCost, 100000}, {"materials.bag_weight_g", m.BagWeight, 10000},
		{"materials.fill_cost_per_litre", m.FillCostPerLitre, 100000}, {"materials.fill_weight_per_litre_g", m.FillWeightPerLitre, 10000}} {
		if v.val < 0 || v.val > v.max {
			f.Add(v.name, errs.CodeOutOfRange, "%s must be 0 to %d", v.name, v.max)
		}
	}
}

// cartonizer is m as the cartonizer takes it.
func (m Materials) cartonizer() carton.Materials {
	return carton.Materials{WrapMM: m.WrapMM, WrapCost: m.WrapCost, WrapWeight: m.WrapWeight, BagCost: m.BagCost, BagWeight: m.BagWeight,
		FillCostPerLitre: m.FillCostPerLitre, FillWeightPerLitre: m.FillWeightPerLitre}
}

// defaultMaterials are what a station protects goods with until the
// warehouse sets its own: 10 mm of bubble wrap around fragile units, a
// sealed bag per liquid, air pillows for the void.
var defaultMaterials = Materials{WrapMM: 10, WrapCost: 15, WrapWeight: 10, BagCost: 5, BagWeight: 5, FillCostPerLitre: 1, FillWeightPerLitre: 2}

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
	if in.Materials == nil {
		in.Materials = &defaultMaterials
	}
	var f errs.Fields
	in.Materials.check(&f)
	if err := f.Err(); err != nil {
		return Rules{}, err
	}
	materials, err := json.Marshal(in.Materials)
	if err != nil {
		return Rules{}, err
	}
	if in.LabelFormat != "pdf" && in.LabelFormat != "zpl" {
		return Rules{}, errs.Field("label_format", errs.CodeUnknown, "label_format must be pdf or zpl")
	}
	if n := len(in.GS1Prefix); n < 6 || n > 12 || strings.ContainsFunc(in.GS1Prefix, func(r rune) bool { return r < '0' || r > '9' }) {
		return Rules{}, errs.Field("gs1_prefix", errs.CodeFormat, "gs1_prefix must be 6 to 12 digits")
	}
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		whID, err := warehouseID(ctx, tx, warehouse)
		if err != nil {
			return err
		}
		if _, err := rulesFor(ctx, tx, whID, true); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE pack_rules SET tolerance_pct = $2, tolerance_g = $3, gs1_prefix = $4, label_format = $5,
			materials = $6, updated_at = $7 WHERE warehouse_id = $1`, whID, in.TolerancePct, in.ToleranceG, in.GS1Prefix, in.LabelFormat,
			string(materials), tx.Now)
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
	m := defaultMaterials
	r := Rules{TolerancePct: defaultTolerancePct, ToleranceG: defaultToleranceG, GS1Prefix: DefaultGS1Prefix, LabelFormat: "pdf", Materials: &m}
	var materials string
	err := tx.QueryRowContext(ctx, `SELECT tolerance_pct, tolerance_g, gs1_prefix, label_format, materials, next_serial, updated_at
		FROM pack_rules WHERE warehouse_id = $1`, whID).Scan(&r.TolerancePct, &r.ToleranceG, &r.GS1Prefix, &r.LabelFormat, &materials,
		&r.nextSerial, &r.UpdatedAt)
	if err == nil && materials != "" {
		err = json.Unmarshal([]byte(materials), r.Materials)
	}
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
