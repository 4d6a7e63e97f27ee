package pick

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Wave reads a wave with its tasks.
func (s *Store) Wave(ctx context.Context, waveID string) (Wave, error) {
	var w Wave
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var detail string
		err := tx.QueryRowContext(ctx, `SELECT v.id, w.code, v.strategy, v.ships_by, v.zone, v.status, v.detail, v.created_at
			FROM pick_waves v JOIN warehouses w ON w.id = v.warehouse_id WHERE v.id = $1`, waveID).Scan(
			&w.ID, &w.Warehouse, &w.Strategy, &w.ShipsBy, &w.Zone, &w.Status, &detail, &w.CreatedAt)
		if err != nil {
			return db.NotFound(err, "no wave %q", errs.Clip(waveID))
		}
		if err := visible(ctx, w.Warehouse); err != nil {
			return err
		}
		var d waveDetail
		if err := json.Unmarshal([]byte(detail), &d); err != nil {
			return fmt.Errorf("wave %s detail: %w", w.ID, err)
		}
		w.Distance, w.Alone, w.Skipped, w.CreatedAt = d.Distance, d.Alone, d.Skipped, w.CreatedAt.UTC()
		w.CartKg, w.CartLitre = d.CartKg, d.CartLitres
		if w.Skipped == nil {
			w.Skipped = []Skipped{}
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM pick_tasks WHERE wave_id = $1 ORDER BY seq`, waveID)
		if err != nil {
			return err
		}
		ids, err := collect(rows)
		if err != nil {
			return err
		}
		w.Tasks = make([]Task, 0, len(ids))
		for _, tid := range ids {
			t, err := taskTx(ctx, tx, tid)
			if err != nil {
				return err
			}
			w.Tasks = append(w.Tasks, t)
		}
		return nil
	})
	return w, err
}

// Task reads one task with its totes, lines in route order and next stop.
func (s *Store) Task(ctx context.Context, taskID string) (Task, error) {
	var t Task
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		if t, err = taskTx(ctx, tx, taskID); err != nil {
			return err
		}
		return visible(ctx, t.Warehouse)
	})
	return t, err
}

// TaskFilter narrows the task list.
type TaskFilter struct {
	Warehouse string
	Status    string
	ClaimedBy string
	Limit     int
}

// Tasks lists tasks in the order they are to be claimed, without lines.
func (s *Store) Tasks(ctx context.Context, f TaskFilter) ([]Task, error) {
	out := []Task{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT t.id FROM pick_tasks t JOIN warehouses w ON w.id = t.warehouse_id
			WHERE ($1 = '' OR w.code = $1) AND ($2 = '' OR t.status = $2) AND ($3 = '' OR t.claimed_by = $3)
			ORDER BY t.warehouse_id, t.seq LIMIT $4`, f.Warehouse, f.Status, f.ClaimedBy, f.Limit)
		if err != nil {
			return err
		}
		ids, err := collect(rows)
		if err != nil {
			return err
		}
		for _, tid := range ids {
			t, err := taskTx(ctx, tx, tid)
			if err != nil {
				return err
			}
			if visible(ctx, t.Warehouse) == nil {
				out = append(out, t)
			}
		}
		return nil
	})
	return out, err
}

// visible refuses a confined key another warehouse's work, as not found.
func visible(ctx context.Context, warehouse string) error {
	if who, ok := actor.From(ctx); ok && !who.SeesWarehouse(warehouse) {
		return errs.E(errs.NotFound, "not found in the warehouses this key may see")
	}
	return nil
}

func collect(rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// taskTx reads a task in tx.
func taskTx(ctx context.Context, tx *db.Tx, taskID string) (Task, error) {
	var t Task
	var claimedBy *string
	var claimedAt *time.Time
	err := tx.QueryRowContext(ctx, `SELECT t.id, t.wave_id, w.code, t.strategy, t.zone, t.status, t.claimed_by, t.claimed_at,
		t.distance, t.distance_alone, t.route_method, coalesce(t.bulk_tote, '')
		FROM pick_tasks t JOIN warehouses w ON w.id = t.warehouse_id WHERE t.id = $1`,
		taskID).Scan(&t.ID, &t.Wave, &t.Warehouse, &t.Strategy, &t.Zone, &t.Status, &claimedBy, &claimedAt, &t.Distance, &t.Alone,
		&t.Method, &t.BulkTote)
	if err != nil {
		return Task{}, db.NotFound(err, "no pick task %q", errs.Clip(taskID))
	}
	if claimedBy != nil {
		t.ClaimedBy = *claimedBy
	}
	if claimedAt != nil {
		at := claimedAt.UTC()
		t.ClaimedAt = &at
	}
	rows, err := tx.QueryContext(ctx, `SELECT pt.fulfilment_id, o.number, pt.position, coalesce(pt.tote, '')
		FROM pick_totes pt JOIN fulfilments f ON f.id = pt.fulfilment_id JOIN orders o ON o.id = f.order_id
		WHERE pt.task_id = $1 ORDER BY pt.position`, taskID)
	if err != nil {
		return Task{}, err
	}
	position := map[string]int{}
	t.Totes = []Tote{}
	for rows.Next() {
		var tt Tote
		if err := rows.Scan(&tt.Fulfilment, &tt.Order, &tt.Position, &tt.Code); err != nil {
			rows.Close()
			return Task{}, err
		}
		position[tt.Fulfilment] = tt.Position
		t.Totes = append(t.Totes, tt)
	}
	if err := rows.Close(); err != nil {
		return Task{}, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT l.id, l.seq, l.fulfilment_id, l.order_id, l.line_no, b.code, coalesce(bp.zone_code, ''),
		p.sku, p.name, coalesce((SELECT min(pb.barcode) FROM product_barcodes pb WHERE pb.product_id = p.id AND pb.position = 0), ''),
		l.quantity, l.picked, l.short, l.cancelled, l.sorted, p.fragile, p.valuable, p.weight_g, coalesce(l.verified_by, '')
		FROM pick_lines l JOIN bins b ON b.id = l.bin_id JOIN products p ON p.id = l.product_id
		LEFT JOIN bin_placements bp ON bp.bin_id = l.bin_id WHERE l.task_id = $1 ORDER BY l.seq`, taskID)
	if err != nil {
		return Task{}, err
	}
	defer rows.Close()
	t.Lines = []Line{}
	for rows.Next() {
		var l Line
		var grams int64
		if err := rows.Scan(&l.ID, &l.Seq, &l.Fulfilment, &l.OrderID, &l.LineNo, &l.Bin, &l.Zone, &l.SKU, &l.Name, &l.GTIN,
			&l.Quantity, &l.Picked, &l.Short, &l.Cancelled, &l.Sorted, &l.Fragile, &l.Valuable, &grams, &l.VerifiedBy); err != nil {
			return Task{}, err
		}
		l.Heavy, l.Tote = grams >= HeavyGrams, position[l.Fulfilment]
		t.Lines = append(t.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return Task{}, err
	}
	for i := range t.Lines {
		if t.Lines[i].Left() > 0 {
			next := t.Lines[i]
			if t.Strategy == PutWall { // the stop is the batch's units of the SKU in the bin
				next.Quantity, next.Picked, next.Short, next.Cancelled = 0, 0, 0, 0
				for _, l := range t.Lines {
					if l.Bin == next.Bin && l.SKU == next.SKU {
						next.Quantity, next.Picked, next.Short, next.Cancelled = next.Quantity+l.Quantity, next.Picked+l.Picked,
							next.Short+l.Short, next.Cancelled+l.Cancelled
					}
				}
			}
			t.Next = &next
			break
		}
	}
	return t, nil
}
