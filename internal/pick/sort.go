package pick

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// SortScan is one unit at the put wall: the item as scanned, and the slot
// it was put into. Without a slot the wall only says where it goes.
type SortScan struct {
	ScanID string `json:"scan_id" minLength:"1" maxLength:"64"`
	Item   string `json:"item" maxLength:"64" doc:"The unit's barcode (GTIN) or SKU as scanned"`
	Slot   string `json:"slot,omitempty" maxLength:"32" doc:"The slot's label as scanned (its number, e.g. 7 or W-07); empty: only ask where the unit goes"`
}

// SortResult is where a unit goes, and what putting it there did.
type SortResult struct {
	Slot       int    `json:"slot" doc:"The slot (the fulfilment's place on the wall)"`
	Order      string `json:"order" doc:"The order number of the slot"`
	Fulfilment string `json:"fulfilment"`
	Booked     bool   `json:"booked" doc:"The unit was put into the slot"`
	Replayed   bool   `json:"replayed,omitempty"`
	SlotDone   bool   `json:"slot_done,omitempty" doc:"The slot holds its fulfilment's every unit: it is picked"`
	WallDone   bool   `json:"wall_done,omitempty" doc:"Every unit of the batch is sorted; the bulk tote is free"`
	Wall       []Slot `json:"wall" nullable:"false"`
}

// Slot is one place on a put wall: its fulfilment, units it needs, units
// in it, and whether it ended short.
type Slot struct {
	Slot       int    `json:"slot"`
	Fulfilment string `json:"fulfilment"`
	Order      string `json:"order"`
	Needed     int64  `json:"needed" doc:"Units the fulfilment ships from this batch"`
	Sorted     int64  `json:"sorted"`
	Short      int64  `json:"short,omitempty" doc:"Units found short on the walk: the slot will stay short of them"`
	Done       bool   `json:"done"`
}

// Sort scans a unit at the put wall of a put-wall task: the wall answers
// the slot of the first fulfilment (in route order) still owed a picked
// unit of that product; with the slot scanned too, the unit is booked into
// it. A wrong slot is a 422 naming the right one; a unit no slot needs is
// refused as extra. A fulfilment whose units are all picked and sorted is
// picked; a wall fully sorted frees its bulk tote.
func (s *Store) Sort(ctx context.Context, taskID string, in SortScan) (SortResult, error) {
	var res SortResult
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		t, err := lockTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		if t.strategy != PutWall {
			return errs.E(errs.Conflict, "task %s is not a put-wall task: its units went into their orders' totes", taskID)
		}
		who, _ := actor.From(ctx)
		if replayed, _, err := replay(ctx, tx, taskID, Scan{ScanID: in.ScanID, Item: in.Item, Quantity: 1,
			Tote: strconv.Itoa(slotNumber(in.Slot))}); err != nil || replayed {
			res.Replayed, res.Booked = replayed, replayed
			return err
		}
		pid, sku, err := catalog.Scanned(ctx, tx, in.Item)
		if err != nil {
			return err
		}
		var lineID, fid, number string
		var slot int
		err = tx.QueryRowContext(ctx, `SELECT l.id, l.fulfilment_id, o.number, pt.position FROM pick_lines l
			JOIN fulfilments f ON f.id = l.fulfilment_id JOIN orders o ON o.id = f.order_id
			JOIN pick_totes pt ON pt.task_id = l.task_id AND pt.fulfilment_id = l.fulfilment_id
			WHERE l.task_id = $1 AND l.product_id = $2 AND l.sorted < l.picked AND f.status = 'picking'
			ORDER BY l.seq LIMIT 1`, taskID, pid).Scan(&lineID, &fid, &number, &slot)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.Field("item", "extra_unit", "no slot of this wall is owed a unit of SKU %s: put it aside as extra", sku)
		}
		if err != nil {
			return err
		}
		res.Slot, res.Order, res.Fulfilment = slot, number, fid
		if strings.TrimSpace(in.Slot) == "" {
			return nil
		}
		if slotNumber(in.Slot) != slot {
			return errs.Field("slot", "wrong_slot", "wrong slot: you scanned %s; this unit goes to slot %d (order %s)", errs.Clip(in.Slot), slot, number)
		}
		r, err := tx.ExecContext(ctx, `UPDATE pick_lines SET sorted = sorted + 1 WHERE id = $1 AND sorted < picked`, lineID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "the unit was sorted by another scan; scan the next one")
		}
		res.Booked = true
		if err := recordScan(ctx, tx, taskID, lineID, in.ScanID, "sort", who, "", in.Item, strconv.Itoa(slot), 1, nil); err != nil {
			return err
		}
		if res.SlotDone, _, err = settle(ctx, tx, t, fid, who); err != nil {
			return err
		}
		var unsorted int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pick_lines l JOIN fulfilments f ON f.id = l.fulfilment_id
			WHERE l.task_id = $1 AND f.status = 'picking' AND (l.sorted < l.picked OR l.picked + l.short + l.cancelled < l.quantity)`,
			taskID).Scan(&unsorted); err != nil {
			return err
		}
		if unsorted == 0 {
			res.WallDone = true
			_, err = tx.ExecContext(ctx, `UPDATE pick_tasks SET bulk_tote = NULL WHERE id = $1`, taskID)
		}
		return err
	})
	if err != nil {
		return SortResult{}, err
	}
	res.Wall, err = s.Wall(ctx, taskID)
	return res, err
}

// Wall reads a put-wall task's slots.
func (s *Store) Wall(ctx context.Context, taskID string) ([]Slot, error) {
	out := []Slot{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		if _, err := taskTx(ctx, tx, taskID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT pt.position, pt.fulfilment_id, o.number, f.status,
			coalesce(sum(l.quantity - l.cancelled - l.short), 0), coalesce(sum(l.sorted), 0), coalesce(sum(l.short), 0)
			FROM pick_totes pt JOIN fulfilments f ON f.id = pt.fulfilment_id JOIN orders o ON o.id = f.order_id
			LEFT JOIN pick_lines l ON l.task_id = pt.task_id AND l.fulfilment_id = pt.fulfilment_id
			WHERE pt.task_id = $1 GROUP BY pt.position, pt.fulfilment_id, o.number, f.status ORDER BY pt.position`, taskID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sl Slot
			var status string
			if err := rows.Scan(&sl.Slot, &sl.Fulfilment, &sl.Order, &status, &sl.Needed, &sl.Sorted, &sl.Short); err != nil {
				return err
			}
			sl.Done = status != "picking"
			out = append(out, sl)
		}
		return rows.Err()
	})
	return out, err
}

// slotNumber reads a slot label's number: "7", "07", "W-07", "SLOT 7".
func slotNumber(label string) int {
	label = strings.TrimSpace(label)
	end := len(label)
	start := end
	for start > 0 && label[start-1] >= '0' && label[start-1] <= '9' {
		start--
	}
	n, err := strconv.Atoi(label[start:end])
	if err != nil || start == end {
		return -1
	}
	return n
}
