package release

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
)

// Restocker is the actor of the changes stock arrival makes.
var Restocker = actor.Actor{ID: "restock", Name: "stock arrival", Role: actor.Admin, RemoteAddr: "local"}

// waitingPage is how many waiting orders one query reads.
const waitingPage = 200

// Waiting is the inventory's question (inventory.Waiting) as this stage,
// which serves waiting orders, answers it: does a live order have a short
// line of one of the products?
func Waiting(ctx context.Context, tx *db.Tx, productIDs []string) (bool, error) {
	return order.AnyWaiting(ctx, tx, productIDs)
}

// AnnounceFreed is the order cancel hook that offers the stock a cancelled
// order held to the orders waiting for it.
func AnnounceFreed(ctx context.Context, tx *db.Tx, c order.Cancellation) error {
	return inventory.AnnounceFreed(ctx, tx, "cancel:"+c.Order.ID, c.Released, Waiting)
}

// stockArrived is inventory.StockArrived's handler: the orders waiting for
// the products, oldest first, get what is available now, each in its own
// transaction, so one order's trouble neither blocks the queue nor undoes
// what the others got. The run walks the whole queue once, then tells the
// later stages (OnArrival); a failure is reported after, and the retry
// serves only what is still short.
func (s *Store) stockArrived(ctx context.Context, p inventory.StockArrived) error {
	if len(p.ProductIDs) == 0 {
		return errs.E(errs.Invalid, "stock arrival payload names no products")
	}
	ctx = actor.With(ctx, Restocker)
	var failed []error
	var after order.WaitingAt
	for {
		var page []order.WaitingAt
		err := s.db.Read(ctx, func(tx *db.Tx) error {
			var err error
			page, err = order.Waiting(ctx, tx, p.ProductIDs, after, waitingPage)
			return err
		})
		if err != nil {
			return err
		}
		for _, w := range page {
			err := s.db.Write(ctx, func(tx *db.Tx) error {
				o, err := order.Lock(ctx, tx, w.ID)
				if err != nil {
					return err
				}
				return s.serveWaiting(ctx, tx, &o, p.ProductIDs)
			})
			if err != nil {
				failed = append(failed, fmt.Errorf("serve waiting order %s: %w", w.ID, err))
			}
		}
		if len(page) < waitingPage {
			if len(failed) > 0 { // the retry serves them first, then tells the hooks
				return errors.Join(failed...)
			}
			for _, h := range s.arrived {
				if err := h(ctx, p.ProductIDs); err != nil {
					failed = append(failed, fmt.Errorf("stock arrival hook: %w", err))
				}
			}
			return errors.Join(failed...)
		}
		after = page[len(page)-1]
	}
}

// serveWaiting reserves what it can of o's short units, keeping what it
// already holds (part of it may be on its way to a picker), and releases
// what review allows: an order that only waited for stock goes on.
func (s *Store) serveWaiting(ctx context.Context, tx *db.Tx, o *order.Order, products []string) error {
	switch o.Status {
	case order.Confirmed, order.OnHold, order.Released: // still waiting, now that it is locked
	default:
		return nil
	}
	if shortUnits(*o) == 0 {
		return nil
	}
	added, err := reserveShort(ctx, tx, o, products)
	if err != nil || added == 0 {
		return err
	}
	if err := order.AddEvent(ctx, tx, o, "order.stock_reserved", Restocker, map[string]any{"units": added, "still_short": shortUnits(*o)}); err != nil {
		return err
	}
	stockHold := o.Status == order.OnHold && o.HoldKind == order.HoldStock
	if o.Status != order.Confirmed && o.Status != order.Released && !stockHold {
		return nil // a person still has to decide; the stock waits reserved for them
	}
	if open, err := review.OpenTasks(ctx, tx, o.ID); err != nil || open > 0 {
		return err
	}
	if o.ReviewedAt == nil {
		return nil // its review will release it
	}
	if stockHold {
		if err := order.Resume(ctx, tx, o); err != nil {
			return err
		}
	}
	return s.release(ctx, tx, o, Restocker)
}

// reserveShort sources only o's short units of the products that arrived,
// with the stock there is now, and reserves what the plan found
// (order.Reserve); it returns how many units it reserved.
func reserveShort(ctx context.Context, tx *db.Tx, o *order.Order, products []string) (int64, error) {
	plan, err := planNow(ctx, tx, *o, false, func(l order.Line) int64 {
		if !slices.Contains(products, l.ProductID) {
			return 0 // each product's stock goes by its own queue, oldest first
		}
		return l.ShortQuantity
	})
	if err != nil {
		return 0, err
	}
	var adds []order.Allocation
	for _, a := range plan.Allocations {
		l := o.Lines[a.Line]
		adds = append(adds, order.Allocation{LineNo: l.LineNo, WarehouseID: a.WarehouseID, Warehouse: plan.codes[a.WarehouseID],
			ProductID: l.ProductID, Quantity: a.Quantity})
	}
	return order.Reserve(ctx, tx, o, adds, Restocker)
}
