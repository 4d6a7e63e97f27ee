package warehouse

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Filter selects warehouses; zero fields match everything.
type Filter struct {
	Active  *bool
	Country string // where the warehouse is
	// ServesCountry and ServesPostal keep only warehouses whose regions
	// include that destination, however specific (compare Serves).
	ServesCountry string
	ServesPostal  string
	After         string // cursor: the last code of the previous page
	Limit         int
}

// List returns warehouses ordered by code.
func (s *Store) List(ctx context.Context, f Filter) ([]Warehouse, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		return nil, errs.E(errs.Invalid, "limit must be 1 to 1000")
	}
	active, activeSet := false, f.Active != nil
	if activeSet {
		active = *f.Active
	}
	q := `SELECT ` + warehouseColumns + ` FROM warehouses w WHERE ($1 = '' OR country = $1) AND ($2 = false OR active = $3)
		AND code > $4 AND ($5 = '' OR EXISTS (SELECT 1 FROM warehouse_regions r WHERE r.warehouse_id = w.id
			AND r.country = $5 AND substr(CAST($6 AS TEXT), 1, length(r.postal_prefix)) = r.postal_prefix))
		ORDER BY code LIMIT $7`
	var out []Warehouse
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, q, f.Country, activeSet, active, f.After,
			f.ServesCountry, NormalizePostal(f.ServesPostal), f.Limit)
		if err != nil {
			return fmt.Errorf("list warehouses: %w", err)
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			w, err := scanWarehouse(rows)
			if err != nil {
				return err
			}
			out = append(out, w)
			ids = append(ids, w.ID)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		regions, err := loadRegions(ctx, tx, ids)
		for i := range out {
			out[i].RegionsServed = regions[out[i].ID]
		}
		return err
	})
	return out, err
}

type scanner interface{ Scan(dest ...any) error }

func scanWarehouse(row scanner) (Warehouse, error) {
	var w Warehouse
	var cats string
	a := &w.Address
	if err := row.Scan(&w.ID, &w.Code, &w.Name, &a.Line1, &a.Line2, &a.City, &a.Region, &a.PostalCode, &a.Country,
		&w.Latitude, &w.Longitude, &cats, &w.CutoffTime, &w.Timezone, &w.Active, &w.CreatedAt, &w.UpdatedAt); err != nil {
		return Warehouse{}, err
	}
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(cats), &w.Categories); err != nil {
		return Warehouse{}, fmt.Errorf("decode categories of %s: %w", w.ID, err)
	}
	if w.Categories == nil {
		w.Categories = []string{}
	}
	w.RegionsServed = []Region{}
	return w, nil
}

func sameRate(a, b Region) bool {
	return a.Country == b.Country && a.ParcelCostMinor == b.ParcelCostMinor && a.PerKgMinor == b.PerKgMinor &&
		a.TransitDays == b.TransitDays
}

// loadRegions reads the regions of the given warehouses in one query.
func loadRegions(ctx context.Context, tx *db.Tx, ids []string) (map[string][]Region, error) {
	out := make(map[string][]Region, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	for _, v := range ids {
		out[v] = []Region{}
	}
	args := db.Args(ids)
	rows, err := tx.QueryContext(ctx, `SELECT warehouse_id, country, postal_prefix, parcel_cost_minor, per_kg_minor, transit_days
		FROM warehouse_regions WHERE warehouse_id IN (`+db.Placeholders(1, len(ids))+`)
		ORDER BY warehouse_id, country, parcel_cost_minor, per_kg_minor, transit_days, postal_prefix`, args...)
	if err != nil {
		return nil, fmt.Errorf("load regions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var wid, prefix string
		r := Region{PostalPrefixes: []string{}}
		if err := rows.Scan(&wid, &r.Country, &prefix, &r.ParcelCostMinor, &r.PerKgMinor, &r.TransitDays); err != nil {
			return nil, err
		}
		// Rows of one country and one rate are one entry; a whole-country
		// row ("" prefix) is an entry of its own.
		rs := out[wid]
		if n := len(rs); n == 0 || !sameRate(rs[n-1], r) || prefix == "" || len(rs[n-1].PostalPrefixes) == 0 {
			rs = append(rs, r)
		}
		if prefix != "" {
			rs[len(rs)-1].PostalPrefixes = append(rs[len(rs)-1].PostalPrefixes, prefix)
		}
		out[wid] = rs
	}
	return out, rows.Err()
}
