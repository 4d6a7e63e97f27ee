package order

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/review"
)

// restocker is the actor of the changes stock arrival makes.
var restocker = actor.Actor{ID: "restock", Name: "stock arrival", Role: actor.Admin, RemoteAddr: "local"}

// waitingPage is how many waiting orders one query reads.
const waitingPage = 200

// stockArrived is inventory.JobStockArrived's handler: the orders waiting
// for the products, oldest first, get what is available now, each in its
// own transaction, so one order's trouble neither blocks the queue nor
// undoes what the others got. The run walks the whole queue once; a
// failure is reported after, and the retry serves only what is still short.
func (s *Store) stockArrived(ctx context.Context, c job.Claimed) error {
	var p inventory.ArrivalPayload
	if err := json.Unmarshal(c.Payload, &p); err != nil || len(p.ProductIDs) == 0 {
		return errs.E(errs.Invalid, "stock arrival payload names no products")
	}
	ctx = actor.With(ctx, restocker)
	var failed []error
	var after waitingCursor
	for {
		page, err := s.waitingOrders(ctx, p.ProductIDs, after)
		if err != nil {
			return err
		}
		for _, w := range page {
			err := s.db.Write(ctx, func(tx *db.Tx) error {
				o, err := getTx(ctx, tx, w.id, true)
				if err != nil {
					return err
				}
				return s.serveWaiting(ctx, tx, &o, p.ProductIDs)
			})
			if err != nil {
				failed = append(failed, fmt.Errorf("serve waiting order %s: %w", w.id, err))
			}
		}
		if len(page) < waitingPage {
			return errors.Join(failed...)
		}
		after = page[len(page)-1]
	}
}

// waitingCursor is a position in the waiting queue: order date, then id.
type waitingCursor struct {
	created time.Time
	id      string
}

// waitingOrders lists a page of live orders with short lines of the
// products, in order-date order, after the cursor.
func (s *Store) waitingOrders(ctx context.Context, productIDs []string, after waitingCursor) ([]waitingCursor, error) {
	var out []waitingCursor
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		args := []any{after.created, after.id}
		for _, p := range productIDs {
			args = append(args, p)
		}
		rows, err := tx.QueryContext(ctx, `SELECT o.id, o.created_at FROM orders o
			WHERE o.status IN ('confirmed', 'on_hold', 'released') AND (o.created_at > $1 OR (o.created_at = $1 AND o.id > $2))
			AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.short_quantity > 0
				AND l.product_id IN (`+tx.Placeholders(3, len(productIDs))+`))
			ORDER BY o.created_at, o.id LIMIT `+strconv.Itoa(waitingPage), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var w waitingCursor
			if err := rows.Scan(&w.id, &w.created); err != nil {
				return err
			}
			out = append(out, w)
		}
		return rows.Err()
	})
	return out, err
}

// serveWaiting reserves what it can of o's short units, keeping what it
// already holds (part of it may be on its way to a picker), and releases
// what review allows: an order that only waited for stock goes on.
func (s *Store) serveWaiting(ctx context.Context, tx *db.Tx, o *Order, products []string) error {
	switch o.Status {
	case Confirmed, OnHold, Released: // still waiting, now that it is locked
	default:
		return nil
	}
	if shortUnits(*o) == 0 {
		return nil
	}
	added, err := s.reserveShort(ctx, tx, o, products)
	if err != nil || added == 0 {
		return err
	}
	if err := addEvent(ctx, tx, o, "order.stock_reserved", restocker, map[string]any{"units": added, "still_short": shortUnits(*o)}); err != nil {
		return err
	}
	stockHold := o.Status == OnHold && strings.HasPrefix(o.HoldReason, stockHoldPrefix)
	if o.Status != Confirmed && o.Status != Released && !stockHold {
		return nil // a person still has to decide; the stock waits reserved for them
	}
	if open, err := review.OpenTasks(ctx, tx, o.ID); err != nil || open > 0 {
		return err
	}
	if done, err := reviewed(ctx, tx, o.ID); err != nil || !done {
		return err // its review will release it
	}
	if stockHold {
		o.Status, o.HoldReason = Confirmed, ""
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = $1, hold_reason = '', updated_at = $2 WHERE id = $3`,
			string(o.Status), tx.Now, o.ID); err != nil {
			return err
		}
	}
	return s.releaseTx(ctx, tx, o, restocker)
}

// reserveShort sources only o's short units of the products that arrived,
// with the stock there is now, adds the allocations and returns how many
// units it reserved.
func (s *Store) reserveShort(ctx context.Context, tx *db.Tx, o *Order, products []string) (int64, error) {
	plan, err := planNow(ctx, tx, *o, false, func(l Line) int64 {
		if !slices.Contains(products, l.ProductID) {
			return 0 // each product's stock goes by its own queue, oldest first
		}
		return l.ShortQuantity
	})
	if err != nil {
		return 0, err
	}
	codes := plan.codes
	var holds []inventory.Hold
	var added int64
	for _, a := range plan.Allocations {
		if a.Quantity <= 0 {
			continue
		}
		l := &o.Lines[a.Line]
		res, err := tx.ExecContext(ctx, `INSERT INTO order_allocations (order_id, line_no, warehouse_id, product_id, quantity)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id, line_no, warehouse_id) DO UPDATE
			SET quantity = order_allocations.quantity + excluded.quantity WHERE order_allocations.released_at IS NULL`,
			o.ID, l.LineNo, a.WarehouseID, l.ProductID, a.Quantity)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return 0, fmt.Errorf("order %s line %d: its allocation at %s was released; not reserving again", o.Number, l.LineNo, a.WarehouseID)
		}
		holds = append(holds, inventory.Hold{Key: inventory.Key{WarehouseID: a.WarehouseID, ProductID: l.ProductID}, Quantity: a.Quantity, Reference: o.ID})
		if i := slices.IndexFunc(o.Allocations, func(x Allocation) bool { return x.LineNo == l.LineNo && x.WarehouseID == a.WarehouseID }); i >= 0 {
			o.Allocations[i].Quantity += a.Quantity
		} else {
			o.Allocations = append(o.Allocations, Allocation{LineNo: l.LineNo, WarehouseID: a.WarehouseID, Warehouse: codes[a.WarehouseID],
				ProductID: l.ProductID, Quantity: a.Quantity})
		}
		l.ShortQuantity -= a.Quantity
		added += a.Quantity
	}
	if added == 0 {
		return 0, nil
	}
	if err := inventory.BookReservations(ctx, tx, restocker.ID, holds); err != nil {
		return 0, err
	}
	o.Short = false
	for _, l := range o.Lines {
		o.Short = o.Short || l.ShortQuantity > 0
		if _, err := tx.ExecContext(ctx, `UPDATE order_lines SET short_quantity = $1 WHERE order_id = $2 AND line_no = $3`,
			l.ShortQuantity, o.ID, l.LineNo); err != nil {
			return 0, err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE orders SET short = $1, updated_at = $2 WHERE id = $3`, o.Short, tx.Now, o.ID)
	return added, err
}
