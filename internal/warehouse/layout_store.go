package warehouse

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
)

// Layout returns the layout of the warehouse named by ref (id or code). A
// warehouse without one is not found; Derive proposes one.
func (s *Store) Layout(ctx context.Context, ref string) (Layout, error) {
	var l Layout
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		w, err := getTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		l, err = layoutTx(ctx, tx, w)
		return err
	})
	return l, err
}

// PutLayout replaces the whole layout of the warehouse named by ref in one
// transaction: every problem is named at its path and nothing is written,
// or the old layout and placements are gone and l is the new one.
func (s *Store) PutLayout(ctx context.Context, ref string, l Layout) (Layout, error) {
	var out Layout
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		w, err := getTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		binIDs, known, err := binIDsTx(ctx, tx, w.ID)
		if err != nil {
			return err
		}
		l, f := l.check(known)
		if err := f.Err(); err != nil {
			return err
		}
		if err := writeLayout(ctx, tx, w.ID, l, binIDs); err != nil {
			return err
		}
		if out, err = layoutTx(ctx, tx, w); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "warehouse.layout", "warehouse", w.ID, map[string]any{"blocks": l.Blocks,
			"cross_aisles": l.CrossAisles, "aisles": len(l.Aisles), "depot": l.Depot, "zones": l.Zones, "bins": len(l.Bins)})
	})
	return out, err
}

// binIDsTx maps the warehouse's bin codes to their ids, and says which
// codes it has, for placements.
func binIDsTx(ctx context.Context, tx *db.Tx, warehouseID string) (map[string]string, map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code, id FROM bins WHERE warehouse_id = $1`, warehouseID)
	if err != nil {
		return nil, nil, fmt.Errorf("read bins: %w", err)
	}
	defer rows.Close()
	ids, known := map[string]string{}, map[string]bool{}
	for rows.Next() {
		var code, id string
		if err := rows.Scan(&code, &id); err != nil {
			return nil, nil, err
		}
		ids[code], known[code] = id, true
	}
	return ids, known, rows.Err()
}

// layoutTables are cleared children first, so no foreign key is broken.
var layoutTables = []string{"bin_placements", "layout_aisles", "layout_zones", "layout_cross_aisles", "layout_blocks",
	"warehouse_layouts"}

func writeLayout(ctx context.Context, tx *db.Tx, warehouseID string, l Layout, binIDs map[string]string) error {
	for _, t := range layoutTables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE warehouse_id = $1`, warehouseID); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO warehouse_layouts (warehouse_id, depot_aisle, depot_distance, updated_at)
		VALUES ($1, $2, $3, $4)`, warehouseID, l.Depot.Aisle, l.Depot.Distance, tx.Now); err != nil {
		return fmt.Errorf("insert layout: %w", err)
	}
	var blocks, cross, aisles, zones, bins [][]any
	for i, b := range l.Blocks {
		blocks = append(blocks, []any{warehouseID, i, b.Code, b.Length})
	}
	for i, c := range l.CrossAisles {
		cross = append(cross, []any{warehouseID, i, c.Width})
	}
	for _, a := range l.Aisles {
		aisles = append(aisles, []any{warehouseID, a.Code, a.Block, a.X, a.Length})
	}
	for _, z := range l.Zones {
		zones = append(zones, []any{warehouseID, z.Code, z.Kind})
	}
	for _, p := range l.Bins {
		bins = append(bins, []any{binIDs[p.Bin], warehouseID, p.Aisle, p.Side, p.Position, p.Level, p.Zone, p.PickFace})
	}
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"layout_blocks", []string{"warehouse_id", "seq", "code", "length"}, blocks},
		{"layout_cross_aisles", []string{"warehouse_id", "seq", "width"}, cross},
		{"layout_aisles", []string{"warehouse_id", "code", "block_code", "x", "length"}, aisles},
		{"layout_zones", []string{"warehouse_id", "code", "kind"}, zones},
		{"bin_placements", []string{"bin_id", "warehouse_id", "aisle_code", "side", "position", "level", "zone_code", "pick_face"}, bins},
	} {
		if len(t.rows) == 0 {
			continue
		}
		if err := db.InsertRows(ctx, tx, t.table, t.cols, t.rows); err != nil {
			return err
		}
	}
	return nil
}

// layoutTx reads a warehouse's layout; bins come in code order.
func layoutTx(ctx context.Context, tx *db.Tx, w Warehouse) (Layout, error) {
	l := Layout{Warehouse: w.Code, Blocks: []Block{}, CrossAisles: []CrossAisle{}, Aisles: []Aisle{}, Zones: []Zone{},
		Bins: []Placement{}}
	var at time.Time
	err := tx.QueryRowContext(ctx, `SELECT depot_aisle, depot_distance, updated_at FROM warehouse_layouts
		WHERE warehouse_id = $1`, w.ID).Scan(&l.Depot.Aisle, &l.Depot.Distance, &at)
	if err != nil {
		return Layout{}, db.NotFound(err, "warehouse %s has no layout yet; derive one from its bins", w.Code)
	}
	l.UpdatedAt = &at
	reads := []struct {
		q    string
		scan func(scanner) error
	}{
		{`SELECT code, length FROM layout_blocks WHERE warehouse_id = $1 ORDER BY seq`, func(r scanner) error {
			var b Block
			err := r.Scan(&b.Code, &b.Length)
			l.Blocks = append(l.Blocks, b)
			return err
		}},
		{`SELECT width FROM layout_cross_aisles WHERE warehouse_id = $1 ORDER BY seq`, func(r scanner) error {
			var c CrossAisle
			err := r.Scan(&c.Width)
			l.CrossAisles = append(l.CrossAisles, c)
			return err
		}},
		{`SELECT a.code, a.block_code, a.x, a.length FROM layout_aisles a JOIN layout_blocks b
			ON b.warehouse_id = a.warehouse_id AND b.code = a.block_code WHERE a.warehouse_id = $1 ORDER BY b.seq, a.x, a.code`,
			func(r scanner) error {
				var a Aisle
				err := r.Scan(&a.Code, &a.Block, &a.X, &a.Length)
				l.Aisles = append(l.Aisles, a)
				return err
			}},
		{`SELECT code, kind FROM layout_zones WHERE warehouse_id = $1 ORDER BY code`, func(r scanner) error {
			var z Zone
			err := r.Scan(&z.Code, &z.Kind)
			l.Zones = append(l.Zones, z)
			return err
		}},
		{`SELECT b.code, p.aisle_code, p.side, p.position, p.level, p.zone_code, p.pick_face FROM bin_placements p
			JOIN bins b ON b.id = p.bin_id WHERE p.warehouse_id = $1 ORDER BY b.code`, func(r scanner) error {
			var p Placement
			err := r.Scan(&p.Bin, &p.Aisle, &p.Side, &p.Position, &p.Level, &p.Zone, &p.PickFace)
			l.Bins = append(l.Bins, p)
			return err
		}},
	}
	for _, rd := range reads {
		if err := eachRow(ctx, tx, rd.q, w.ID, rd.scan); err != nil {
			return Layout{}, err
		}
	}
	return l, nil
}

func eachRow(ctx context.Context, tx *db.Tx, q, arg string, scan func(scanner) error) error {
	rows, err := tx.QueryContext(ctx, q, arg)
	if err != nil {
		return fmt.Errorf("read layout: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("read layout: %w", err)
		}
	}
	return rows.Err()
}
