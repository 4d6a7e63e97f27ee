package pick

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// ready is a fulfilment waiting in the queue, with its lines.
type ready struct {
	id, orderNo string
	shipsOn     string
	lines       []readyLine
}

type readyLine struct {
	orderID   string
	lineNo    int
	productID string
	sku       string
	quantity  int64
	grams     int64
	mm3       int64 // a unit's volume
	fragile   bool
}

// candidates reads the ready fulfilments the request may take, earliest
// due first; named ones must all be ready in this warehouse.
func candidates(ctx context.Context, tx *db.Tx, fl floorPlan, r WaveRequest) ([]ready, error) {
	q := `SELECT f.id, o.number, f.ships_on FROM fulfilments f JOIN orders o ON o.id = f.order_id
		WHERE f.warehouse_id = $1 AND f.status = 'ready_to_pick' AND ($2 = '' OR f.ships_on <= $2)`
	args := []any{fl.id, r.ShipsBy}
	if len(r.Fulfilments) > 0 {
		q += ` AND f.id IN (` + tx.Placeholders(3, len(r.Fulfilments)) + `)`
		for _, f := range r.Fulfilments {
			args = append(args, f)
		}
	} else {
		q += fmt.Sprintf(` ORDER BY f.ships_on, f.id LIMIT %d`, r.MaxOrders+200)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read the queue: %w", err)
	}
	var out []ready
	index := map[string]int{}
	for rows.Next() {
		var f ready
		if err := rows.Scan(&f.id, &f.orderNo, &f.shipsOn); err != nil {
			rows.Close()
			return nil, err
		}
		index[f.id] = len(out)
		out = append(out, f)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var missing errs.Fields
	for i, fid := range r.Fulfilments {
		if _, ok := index[fid]; !ok {
			missing.Add(fmt.Sprintf("fulfilments[%d]", i), errs.CodeUnknown, "%s is not a fulfilment ready to pick in %s", fid, fl.code)
		}
	}
	if err := missing.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b ready) int { return cmp.Or(cmp.Compare(a.shipsOn, b.shipsOn), cmp.Compare(a.id, b.id)) })
	for i, f := range out {
		index[f.id] = i
	}
	ids := slices.Collect(maps.Keys(index))
	err = db.InChunks(ids, func(part []any) error {
		rows, err := tx.QueryContext(ctx, `SELECT l.fulfilment_id, l.order_id, l.line_no, l.product_id, p.sku, l.quantity, p.weight_g,
			p.length_mm * p.width_mm * p.height_mm, p.fragile
			FROM fulfilment_lines l JOIN products p ON p.id = l.product_id
			WHERE l.fulfilment_id IN (`+tx.Placeholders(1, len(part))+`) ORDER BY l.fulfilment_id, l.order_id, l.line_no`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fid string
			var l readyLine
			if err := rows.Scan(&fid, &l.orderID, &l.lineNo, &l.productID, &l.sku, &l.quantity, &l.grams, &l.mm3, &l.fragile); err != nil {
				return err
			}
			out[index[fid]].lines = append(out[index[fid]].lines, l)
		}
		return rows.Err()
	})
	return out, err
}
