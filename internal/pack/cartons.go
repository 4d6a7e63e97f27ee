package pack

import (
	"context"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Carton is one carton of a warehouse's catalogue, with its stock.
type Carton struct {
	Code       string    `json:"code" readOnly:"true"`
	Name       string    `json:"name,omitempty" maxLength:"100"`
	InnerMM    [3]int64  `json:"inner_mm" doc:"Inside length, width, height in mm"`
	OuterMM    [3]int64  `json:"outer_mm" doc:"Outside length, width, height in mm: what carriers measure"`
	TareG      int64     `json:"tare_g" minimum:"0" maximum:"100000"`
	MaxWeightG int64     `json:"max_weight_g" minimum:"1" maximum:"1000000" doc:"The gross weight it may carry"`
	CostMinor  int64     `json:"cost_minor" minimum:"0" maximum:"10000000"`
	Material   string    `json:"material" enum:"corrugated,mailer,padded_mailer,poly_bag,crate" doc:"What it is made of"`
	Plain      bool      `json:"plain,omitempty" doc:"No brand print: valuables ship in plain cartons"`
	OnHand     int64     `json:"on_hand" minimum:"0" maximum:"10000000" doc:"Cartons in stock; a packed parcel takes one"`
	Active     bool      `json:"active"`
	UpdatedAt  time.Time `json:"updated_at" readOnly:"true"`
}

// validate names every field of c that is wrong.
func (c Carton) validate() error {
	var f errs.Fields
	for i, side := range []string{"length", "width", "height"} {
		if c.InnerMM[i] < 1 || c.InnerMM[i] > 5000 {
			f.Add("inner_mm", errs.CodeOutOfRange, "inner %s must be 1 to 5000 mm", side)
		}
		if c.OuterMM[i] < c.InnerMM[i] || c.OuterMM[i] > 5100 {
			f.Add("outer_mm", errs.CodeOutOfRange, "outer %s must be at least the inner %s and at most 5100 mm", side, side)
		}
	}
	if c.TareG < 0 || c.TareG > 100_000 {
		f.Add("tare_g", errs.CodeOutOfRange, "tare_g must be 0 to 100000")
	}
	if c.MaxWeightG <= c.TareG || c.MaxWeightG > 1_000_000 {
		f.Add("max_weight_g", errs.CodeOutOfRange, "max_weight_g must be more than the tare and at most 1000000")
	}
	if c.CostMinor < 0 || c.CostMinor > 10_000_000 {
		f.Add("cost_minor", errs.CodeOutOfRange, "cost_minor must be 0 to 10000000")
	}
	switch c.Material {
	case "corrugated", "mailer", "padded_mailer", "poly_bag", "crate":
	default:
		f.Add("material", errs.CodeUnknown, "material must be corrugated, mailer, padded_mailer, poly_bag or crate")
	}
	if c.OnHand < 0 || c.OnHand > 10_000_000 {
		f.Add("on_hand", errs.CodeOutOfRange, "on_hand must be 0 to 10000000")
	}
	if len(c.Name) > 100 {
		f.Add("name", errs.CodeTooLong, "name must be at most 100 bytes")
	}
	return f.Err()
}

// checkCode validates a carton code from a path.
func checkCode(code string) (string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" || len(code) > 32 || strings.ContainsFunc(code, func(r rune) bool {
		return (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '-' && r != '_'
	}) {
		return "", errs.Field("code", errs.CodeFormat, "a carton code is 1 to 32 letters, digits, - or _")
	}
	return code, nil
}

// PutCarton creates or replaces a carton of a warehouse's catalogue.
func (s *Store) PutCarton(ctx context.Context, warehouse, code string, c Carton) (Carton, error) {
	code, err := checkCode(code)
	if err != nil {
		return Carton{}, err
	}
	if err := c.validate(); err != nil {
		return Carton{}, err
	}
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		whID, err := warehouseID(ctx, tx, warehouse)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO cartons (warehouse_id, code, name, inner_l_mm, inner_w_mm, inner_h_mm, outer_l_mm,
			outer_w_mm, outer_h_mm, tare_g, max_weight_g, cost_minor, material, plain, on_hand, active, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
			ON CONFLICT (warehouse_id, code) DO UPDATE SET name = excluded.name, inner_l_mm = excluded.inner_l_mm,
			inner_w_mm = excluded.inner_w_mm, inner_h_mm = excluded.inner_h_mm, outer_l_mm = excluded.outer_l_mm,
			outer_w_mm = excluded.outer_w_mm, outer_h_mm = excluded.outer_h_mm, tare_g = excluded.tare_g,
			max_weight_g = excluded.max_weight_g, cost_minor = excluded.cost_minor, material = excluded.material,
			plain = excluded.plain, on_hand = excluded.on_hand, active = excluded.active, updated_at = excluded.updated_at`,
			whID, code, c.Name, c.InnerMM[0], c.InnerMM[1], c.InnerMM[2], c.OuterMM[0], c.OuterMM[1], c.OuterMM[2], c.TareG,
			c.MaxWeightG, c.CostMinor, c.Material, c.Plain, c.OnHand, c.Active, tx.Now)
		return err
	})
	if err != nil {
		return Carton{}, err
	}
	all, err := s.Cartons(ctx, warehouse)
	for _, x := range all {
		if x.Code == code {
			return x, err
		}
	}
	return Carton{}, err
}

// Cartons lists a warehouse's carton catalogue, smallest first.
func (s *Store) Cartons(ctx context.Context, warehouse string) ([]Carton, error) {
	out := []Carton{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		whID, err := warehouseID(ctx, tx, warehouse)
		if err != nil {
			return err
		}
		out, err = cartonsOf(ctx, tx, whID)
		return err
	})
	return out, err
}

// cartonsOf reads a warehouse's cartons in tx, smallest inside first.
func cartonsOf(ctx context.Context, tx *db.Tx, whID string) ([]Carton, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code, name, inner_l_mm, inner_w_mm, inner_h_mm, outer_l_mm, outer_w_mm, outer_h_mm,
		tare_g, max_weight_g, cost_minor, material, plain, on_hand, active, updated_at FROM cartons WHERE warehouse_id = $1
		ORDER BY inner_l_mm * inner_w_mm * inner_h_mm, code`, whID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Carton{}
	for rows.Next() {
		var c Carton
		if err := rows.Scan(&c.Code, &c.Name, &c.InnerMM[0], &c.InnerMM[1], &c.InnerMM[2], &c.OuterMM[0], &c.OuterMM[1], &c.OuterMM[2],
			&c.TareG, &c.MaxWeightG, &c.CostMinor, &c.Material, &c.Plain, &c.OnHand, &c.Active, &c.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
