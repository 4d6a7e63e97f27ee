package warehouse

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Serves returns the active warehouses that should ship to a destination.
// Like a routing table, the most specific match wins: if one warehouse
// declares the postal prefix "10" and another the whole country, a parcel to
// 10115 goes to the first only. Warehouses tied on the longest matching
// prefix are all returned, ordered by code. No match is an empty list, not an
// error: the caller decides what an unserved address means.
func (s *Store) Serves(ctx context.Context, country, postal string) ([]Warehouse, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	if !ValidCountry(country) {
		var f errs.Fields
		f.Add("country", errs.CodeUnknown, "%q is not an ISO 3166-1 alpha-2 country code", truncate(country))
		return nil, f.Err()
	}
	postal = NormalizePostal(postal)
	var out []Warehouse
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.warehouse_id, max(length(r.postal_prefix))
			FROM warehouse_regions r JOIN warehouses w ON w.id = r.warehouse_id
			WHERE w.active = $1 AND r.country = $2
				AND substr(CAST($3 AS TEXT), 1, length(r.postal_prefix)) = r.postal_prefix
			GROUP BY r.warehouse_id`, true, country, postal)
		if err != nil {
			return fmt.Errorf("match regions: %w", err)
		}
		defer rows.Close()
		var winners []string
		best := -1
		for rows.Next() {
			var wid string
			var n int
			if err := rows.Scan(&wid, &n); err != nil {
				return err
			}
			switch {
			case n > best:
				best, winners = n, []string{wid}
			case n == best:
				winners = append(winners, wid)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		out, err = byIDs(ctx, tx, winners)
		return err
	})
	return out, err
}

// byIDs loads warehouses with their regions, ordered by code.
func byIDs(ctx context.Context, tx *db.Tx, ids []string) ([]Warehouse, error) {
	if len(ids) == 0 {
		return []Warehouse{}, nil
	}
	args := db.Args(ids)
	rows, err := tx.QueryContext(ctx, `SELECT `+warehouseColumns+` FROM warehouses
		WHERE id IN (`+db.Placeholders(1, len(ids))+`) ORDER BY code`, args...)
	if err != nil {
		return nil, fmt.Errorf("load warehouses: %w", err)
	}
	defer rows.Close()
	var out []Warehouse
	for rows.Next() {
		w, err := scanWarehouse(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	regions, err := loadRegions(ctx, tx, ids)
	for i := range out {
		out[i].RegionsServed = regions[out[i].ID]
	}
	return out, err
}
