package warehouse

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/sourcing"
)

// Network returns every active warehouse as sourcing sees it, inside the
// caller's transaction, so the order engine sources a whole batch from one
// consistent read.
func Network(ctx context.Context, tx *db.Tx) ([]sourcing.Warehouse, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, code, country, categories FROM warehouses WHERE active ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("read warehouses: %w", err)
	}
	var ws []sourcing.Warehouse
	index := map[string]int{}
	for rows.Next() {
		var w sourcing.Warehouse
		var cats string
		if err := rows.Scan(&w.ID, &w.Code, &w.Country, &cats); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(cats), &w.Categories); err != nil {
			rows.Close()
			return nil, fmt.Errorf("warehouse %s categories: %w", w.Code, err)
		}
		index[w.ID] = len(ws)
		ws = append(ws, w)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	regions, err := tx.QueryContext(ctx, `SELECT warehouse_id, country, postal_prefix FROM warehouse_regions`)
	if err != nil {
		return nil, fmt.Errorf("read warehouse regions: %w", err)
	}
	defer regions.Close()
	for regions.Next() {
		var wid string
		var r sourcing.Region
		if err := regions.Scan(&wid, &r.Country, &r.Prefix); err != nil {
			return nil, err
		}
		if i, ok := index[wid]; ok {
			ws[i].Regions = append(ws[i].Regions, r)
		}
	}
	return ws, regions.Err()
}
