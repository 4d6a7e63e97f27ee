package pick

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
)

// OnOrderCancelled takes a cancelled order off the floor, in the cancel's
// transaction (an order.CancelHook): its lines not yet picked are
// cancelled and their bins' promises given back; what is already in a tote
// becomes a put-away task back to a bin; a fulfilment that was the order's
// alone is cancelled, and a task or wave with nothing left is closed.
func OnOrderCancelled(ctx context.Context, tx *db.Tx, c order.Cancellation) error {
	rows, err := tx.QueryContext(ctx, `SELECT l.id, l.task_id, l.fulfilment_id, l.warehouse_id, l.bin_id, l.product_id,
		l.quantity - l.picked - l.short - l.cancelled, l.picked, coalesce(pt.tote, '')
		FROM pick_lines l JOIN fulfilments f ON f.id = l.fulfilment_id
		LEFT JOIN pick_totes pt ON pt.task_id = l.task_id AND pt.fulfilment_id = l.fulfilment_id
		WHERE l.order_id = $1 AND f.status IN ('picking', 'picked', 'packed') ORDER BY l.id`, c.Order.ID)
	if err != nil {
		return err
	}
	type cut struct {
		line, task, ful, tote string
		units                 inventory.BinUnits
		left, picked          int64
	}
	var cuts []cut
	for rows.Next() {
		var k cut
		if err := rows.Scan(&k.line, &k.task, &k.ful, &k.units.WarehouseID, &k.units.BinID, &k.units.ProductID, &k.left, &k.picked, &k.tote); err != nil {
			rows.Close()
			return err
		}
		cuts = append(cuts, k)
	}
	if err := rows.Close(); err != nil || len(cuts) == 0 {
		return err
	}
	if err := lockTasks(ctx, tx, cuts, func(k cut) string { return k.task }); err != nil {
		return err
	}
	var free []inventory.BinUnits
	var putaways [][]any
	tasks, fuls := map[string]bool{}, map[string]bool{}
	for _, k := range cuts {
		tasks[k.task], fuls[k.ful] = true, true
		if k.left > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE pick_lines SET cancelled = cancelled + $2 WHERE id = $1`, k.line, k.left); err != nil {
				return err
			}
			u := k.units
			u.Quantity = k.left
			free = append(free, u)
		}
		if k.picked > 0 {
			// The units carry the expiry of the bin they came from back.
			var expires sql.NullString
			if err := tx.QueryRowContext(ctx, `SELECT expires_on FROM bin_stock WHERE bin_id = $1 AND product_id = $2`,
				k.units.BinID, k.units.ProductID).Scan(&expires); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			putaways = append(putaways, []any{id.New("put", tx.Now), k.units.WarehouseID, k.ful, k.units.ProductID, k.tote,
				k.units.BinID, k.picked, "open", c.By.ID, tx.Now, tx.Now, expires})
		}
	}
	if _, err := inventory.Deallocate(ctx, tx, c.Order.ID, netUnits(free)); err != nil {
		return fmt.Errorf("give back the bins of %s: %w", c.Order.Number, err)
	}
	if err := db.InsertRows(ctx, tx, "putaway_tasks", []string{"id", "warehouse_id", "fulfilment_id", "product_id", "tote",
		"bin_id", "quantity", "status", "actor", "created_at", "updated_at", "expires_on"}, putaways); err != nil {
		return err
	}
	for fid := range fuls {
		if err := closeFulfilment(ctx, tx, fid, c); err != nil {
			return err
		}
	}
	for tid := range tasks {
		if err := closeTask(ctx, tx, tid); err != nil {
			return err
		}
	}
	return nil
}

// lockTasks locks, on PostgreSQL, the tasks of items in id order, as a
// scan locks its task: a task's last scan and a cancel of another of its
// orders then see each other, and one of them closes the task.
func lockTasks[T any](ctx context.Context, tx *db.Tx, items []T, task func(T) string) error {
	if tx.Dialect != db.Postgres {
		return nil
	}
	var ids []string
	for _, it := range items {
		if id := task(it); !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	args := db.Args(ids)
	rows, err := tx.QueryContext(ctx, `SELECT id FROM pick_tasks WHERE id IN (`+tx.Placeholders(1, len(ids))+`) ORDER BY id FOR UPDATE`, args...)
	if err != nil {
		return err
	}
	_, err = collect(rows)
	return err
}

// closeFulfilment cancels a fulfilment the cancelled order had alone; one
// it shares with merged orders goes on with theirs (and is picked if theirs
// are).
func closeFulfilment(ctx context.Context, tx *db.Tx, fid string, c order.Cancellation) error {
	var status string
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT f.status, (SELECT count(*) FROM fulfilment_lines l WHERE l.fulfilment_id = f.id
		AND l.order_id <> $2) FROM fulfilments f WHERE f.id = $1`, fid, c.Order.ID).Scan(&status, &others); err != nil {
		return err
	}
	if others == 0 {
		return fulfilment.Move(ctx, tx, []string{fid}, fulfilment.Status(status), fulfilment.Cancelled, "fulfilment.cancelled", c.By.ID,
			map[string]any{"order_id": c.Order.ID, "reason": c.Reason})
	}
	if err := fulfilment.Note(ctx, tx, fid, fulfilment.Status(status), "fulfilment.order_removed", c.By.ID, map[string]any{"order_id": c.Order.ID}); err != nil {
		return err
	}
	if left, err := unfinished(ctx, tx, fid); err != nil || left > 0 {
		return err
	}
	_, err := finish(ctx, tx, fid, c.By)
	return err
}

// closeTask ends a task with nothing left to pick: done if it was walked,
// cancelled if it never was.
func closeTask(ctx context.Context, tx *db.Tx, tid string) error {
	var left, picked int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE picked + short + cancelled < quantity), coalesce(sum(picked), 0)
		FROM pick_lines WHERE task_id = $1`, tid).Scan(&left, &picked); err != nil {
		return err
	}
	if left > 0 {
		return nil
	}
	status := TaskDone
	if picked == 0 {
		status = TaskCancelled
	}
	_, err := tx.ExecContext(ctx, `UPDATE pick_tasks SET status = $2, updated_at = $3 WHERE id = $1 AND status IN ('open', 'claimed')`,
		tid, status, tx.Now)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE pick_waves SET status = 'done', updated_at = $2 WHERE id = (SELECT wave_id FROM pick_tasks WHERE id = $1)
		AND NOT EXISTS (SELECT 1 FROM pick_tasks o WHERE o.wave_id = pick_waves.id AND o.status IN ('open', 'claimed'))`, tid, tx.Now)
	return err
}
