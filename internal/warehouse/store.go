package warehouse

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

const warehouseColumns = `id, code, name, address_line1, address_line2, city, region, postal_code, country,
	latitude, longitude, categories, cutoff_time, timezone, active, created_at, updated_at`

// Create adds a warehouse. A taken code is a conflict naming the code field.
func (s *Store) Create(ctx context.Context, in Input) (Warehouse, error) {
	in, f := in.check()
	if err := f.Err(); err != nil {
		return Warehouse{}, err
	}
	var w Warehouse
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		w, err = insertWarehouse(ctx, tx, in, "code")
		return err
	})
	return w, err
}

// CreateAll adds several warehouses in one transaction, all or none, so the
// demo generator and imports never leave half a network behind. Field paths
// are prefixed with the input's index ("[2].address.country").
func (s *Store) CreateAll(ctx context.Context, ins []Input) ([]Warehouse, error) {
	var f errs.Fields
	checked := make([]Input, len(ins))
	codes := map[string]int{}
	for i, in := range ins {
		var inF errs.Fields
		checked[i], inF = in.check()
		f.Merge(fmt.Sprintf("[%d]", i), inF)
		if first, dup := codes[checked[i].Code]; dup && checked[i].Code != "" {
			f.Add(fmt.Sprintf("[%d].code", i), errs.CodeDuplicate, "code %s is also used by [%d]", checked[i].Code, first)
		}
		codes[checked[i].Code] = i
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out []Warehouse
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		out = make([]Warehouse, 0, len(checked))
		for i, in := range checked {
			w, err := insertWarehouse(ctx, tx, in, fmt.Sprintf("[%d].code", i))
			if err != nil {
				return err
			}
			out = append(out, w)
		}
		return nil
	})
	return out, err
}

func insertWarehouse(ctx context.Context, tx *db.Tx, in Input, codePath string) (Warehouse, error) {
	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM warehouses WHERE code = $1`, in.Code).Scan(&taken); err != nil {
		return Warehouse{}, fmt.Errorf("check warehouse code: %w", err)
	}
	if taken > 0 {
		return Warehouse{}, duplicateCode(codePath, in.Code)
	}
	w := Warehouse{ID: id.New("whs", tx.Now), Code: in.Code, Name: in.Name, Address: in.Address,
		Latitude: in.Latitude, Longitude: in.Longitude, RegionsServed: in.RegionsServed, Categories: in.Categories,
		CutoffTime: in.CutoffTime, Timezone: in.Timezone, Active: *in.Active, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	cats, err := json.Marshal(w.Categories)
	if err != nil {
		return Warehouse{}, fmt.Errorf("encode categories: %w", err)
	}
	a := w.Address
	_, err = tx.ExecContext(ctx, `INSERT INTO warehouses (`+warehouseColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		w.ID, w.Code, w.Name, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country,
		w.Latitude, w.Longitude, string(cats), w.CutoffTime, w.Timezone, w.Active, w.CreatedAt, w.UpdatedAt)
	if db.ViolationOf(err) == db.UniqueViolation {
		return Warehouse{}, duplicateCode(codePath, in.Code)
	}
	if err != nil {
		return Warehouse{}, fmt.Errorf("insert warehouse: %w", err)
	}
	if err := writeRegions(ctx, tx, w.ID, w.RegionsServed); err != nil {
		return Warehouse{}, err
	}
	return w, audit.Record(ctx, tx, "warehouse.create", "warehouse", w.ID, in)
}

func duplicateCode(path, code string) error {
	return &errs.Error{Kind: errs.Conflict, Message: fmt.Sprintf("a warehouse with code %s already exists", code),
		Fields: []errs.FieldError{{Path: path, Code: errs.CodeDuplicate, Message: "code " + code + " is taken"}}}
}

// writeRegions replaces the destinations a warehouse serves.
func writeRegions(ctx context.Context, tx *db.Tx, warehouseID string, regions []Region) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM warehouse_regions WHERE warehouse_id = $1`, warehouseID); err != nil {
		return fmt.Errorf("clear regions: %w", err)
	}
	for _, r := range regions {
		prefixes := r.PostalPrefixes
		if len(prefixes) == 0 {
			prefixes = []string{""}
		}
		for _, p := range prefixes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO warehouse_regions (warehouse_id, country, postal_prefix,
				parcel_cost_minor, per_kg_minor, transit_days) VALUES ($1, $2, $3, $4, $5, $6)`,
				warehouseID, r.Country, p, r.ParcelCostMinor, r.PerKgMinor, r.TransitDays); err != nil {
				return fmt.Errorf("insert region %s %s: %w", r.Country, p, err)
			}
		}
	}
	return nil
}

// Get returns the warehouse named by ref, its id ("whs_…") or its code.
func (s *Store) Get(ctx context.Context, ref string) (Warehouse, error) {
	var w Warehouse
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		w, err = getTx(ctx, tx, ref)
		return err
	})
	return w, err
}

func getTx(ctx context.Context, tx *db.Tx, ref string) (Warehouse, error) {
	col, key := refColumn(ref)
	w, err := scanWarehouse(tx.QueryRowContext(ctx, `SELECT `+warehouseColumns+` FROM warehouses WHERE `+col+` = $1`, key))
	if err != nil {
		return Warehouse{}, db.NotFound(err, "no warehouse %q", truncate(ref))
	}
	regions, err := loadRegions(ctx, tx, []string{w.ID})
	w.RegionsServed = regions[w.ID]
	return w, err
}

// refColumn tells an id from a code: ids carry the "whs_" prefix, which a
// code cannot contain.
func refColumn(ref string) (column, key string) {
	ref = strings.TrimSpace(ref)
	if strings.HasPrefix(ref, "whs_") {
		return "id", ref
	}
	return "code", strings.ToUpper(ref)
}
