// Package release is the last step of review: an order that passed review
// (or a person's approval) goes to its warehouses as fulfilments. It sources
// the order again with the stock there is now, applies what the short lines'
// policies say (hold for stock, wait for a backorder or a presale's date,
// ship a split's part now), waits out the merge window to ship one
// customer's orders to one address together, and serves the orders waiting
// for stock when it arrives, oldest first.
package release

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
)

// Config tunes the release stage.
type Config struct {
	// MergeWindow holds approved orders this long after they were placed,
	// so that orders of one customer to one address placed within it ship
	// as one fulfilment per warehouse. Zero (the default) releases at once.
	MergeWindow time.Duration
	// Orders cancels an order whose every unit a short pick's cancel_short
	// policy would cancel; without it the units are cancelled one by one
	// and the order stays, with nothing left to ship.
	Orders *order.Store
}

// Store releases orders to their warehouses and serves waiting orders.
type Store struct {
	db          *db.DB
	mergeWindow time.Duration
	orders      *order.Store
	arrived     []Arrived
}

// Arrived is a later stage's hook, run after stock of the products arrived
// and every live order waiting for it was offered it (when one failed, the
// arrival's retry serves it first): the tracking stage's reships waiting
// for stock look again at once instead of at their next try. A hook's error
// fails the arrival, whose retry offers the stock again (each waiting order
// gets only what it still lacks) and runs the hooks again.
type Arrived func(ctx context.Context, productIDs []string) error

// OnArrival adds hooks run on every stock arrival. It is called once, when
// the stages are wired, before the store serves.
func (s *Store) OnArrival(hooks ...Arrived) { s.arrived = append(s.arrived, hooks...) }

// New returns the release stage over d.
func New(d *db.DB, cfg Config) *Store {
	return &Store{db: d, mergeWindow: max(cfg.MergeWindow, 0), orders: cfg.Orders}
}

// Release re-sources o when the stock that came since intake now ships it
// in fewer parcels or with fewer units short, then releases it
// (review.Releaser).
func (s *Store) Release(ctx context.Context, tx *db.Tx, o *order.Order, by actor.Actor) error {
	if err := s.resource(ctx, tx, o, by, false); err != nil {
		return err
	}
	return s.release(ctx, tx, o, by)
}

// Resource sources o again for a new destination, whatever the new plan
// costs (review.Releaser).
func (s *Store) Resource(ctx context.Context, tx *db.Tx, o *order.Order, by actor.Actor) error {
	return s.resource(ctx, tx, o, by, true)
}

// release sends o to its warehouses: one fulfilment per warehouse for the
// allocations not yet released, in ready_to_pick. Short units decide how
// much goes: a line on hold (no policy, or a backorder beyond its limit)
// holds the order for stock or a person; backordered and presold lines
// make the whole order wait for its stock; split lines let what is
// allocated go now and the rest later, as another fulfilment.
func (s *Store) release(ctx context.Context, tx *db.Tx, o *order.Order, who actor.Actor) error {
	hold, wait := shortByPolicy(*o)
	if hold > 0 {
		return order.Hold(ctx, tx, o, order.HoldStock, fmt.Sprintf("%s%d unit(s) cannot be reserved yet", stockHoldPrefix, hold), who, map[string]any{})
	}
	if wait > 0 {
		return order.AddEvent(ctx, tx, o, "order.waiting_for_stock", who, map[string]any{"units": wait, "estimated_ship_date": o.ShipsOn})
	}
	first := o.Status != order.Released
	if first {
		if !o.Status.CanMove(order.Released) {
			return errs.E(errs.Conflict, "an order that is %s cannot become %s", o.Status, order.Released)
		}
		if on := releaseDate(*o); on != "" && tx.Now.Format(time.DateOnly) < on {
			return s.awaitRelease(ctx, tx, o, on, who)
		}
		if s.mergeWindow > 0 && tx.Now.Before(o.CreatedAt.Add(s.mergeWindow)) {
			return s.awaitMerge(ctx, tx, o, who)
		}
	}
	batch := []*order.Order{o}
	if first && s.mergeWindow > 0 {
		siblings, err := s.siblings(ctx, tx, *o)
		if err != nil {
			return err
		}
		batch = append(batch, siblings...)
	}
	var items []fulfilment.Item
	has := map[string]bool{} // orders with something to ship
	for _, m := range batch {
		carried, err := fulfilment.Carried(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		for _, a := range m.Allocations {
			if left := a.Quantity - carried[fulfilment.At{LineNo: a.LineNo, WarehouseID: a.WarehouseID}]; left > 0 {
				items = append(items, fulfilment.Item{OrderID: m.ID, LineNo: a.LineNo, WarehouseID: a.WarehouseID,
					ProductID: a.ProductID, Quantity: left})
				has[m.ID] = true
			}
		}
	}
	if len(items) == 0 {
		return nil
	}
	shipsOn, err := shipDates(ctx, tx)
	if err != nil {
		return err
	}
	if !first {
		_, err := More(ctx, tx, o, items, shipsOn, who, nil)
		return err
	}
	ids, err := fulfilment.Create(ctx, tx, o.ID, sortedByOrder(items), shipsOn, giftOf(batch), who.ID)
	if err != nil {
		return err
	}
	for _, m := range batch {
		if !has[m.ID] {
			continue
		}
		detail := map[string]any{"fulfilments": ids}
		if len(has) > 1 {
			detail["merged"] = numbersOf(batch, m.ID)
		}
		if err := order.MarkReleased(ctx, tx, m, who, detail); err != nil {
			return err
		}
	}
	return nil
}

// More sends units of o reserved after its release (stock that came,
// another warehouse's after a short pick, a reship of a shipped order) to
// the floor at once as new fulfilments of items, one per warehouse, due
// to leave on shipsOn (by warehouse id), and records order.released_more
// with detail and their ids: the customer's timeline says more is on its
// way. It returns the fulfilments' ids.
func More(ctx context.Context, tx *db.Tx, o *order.Order, items []fulfilment.Item, shipsOn map[string]string, who actor.Actor, detail map[string]any) ([]string, error) {
	ids, err := fulfilment.Create(ctx, tx, o.ID, items, shipsOn, giftOf([]*order.Order{o}), who.ID)
	if err != nil {
		return nil, err
	}
	detail = maps.Clone(detail)
	if detail == nil {
		detail = map[string]any{}
	}
	detail["fulfilments"] = ids
	return ids, order.AddEvent(ctx, tx, o, "order.released_more", who, detail)
}

// giftOf is the packing instruction of fulfilments shared by orders: wrap
// if any of them asked, with their messages.
func giftOf(orders []*order.Order) fulfilment.Gift {
	var g fulfilment.Gift
	var msgs []string
	for _, o := range orders {
		if o.SpecialRequests.GiftWrap {
			g.Wrap = true
			if m := o.SpecialRequests.GiftMessage; m != "" {
				msgs = append(msgs, m)
			}
		}
	}
	g.Message = strings.Join(msgs, "\n---\n")
	return g
}

func numbersOf(orders []*order.Order, except string) []string {
	var out []string
	for _, o := range orders {
		if o.ID != except {
			out = append(out, o.Number)
		}
	}
	return out
}

// releaseDate is the date a pre-ordered order may ship, or "" when it has
// no presale line.
func releaseDate(o order.Order) string {
	if hasPolicy(o, order.PolicyPresale) {
		return o.ShipsOn
	}
	return ""
}

// stockHoldPrefix starts the hold reason of an order held only for stock,
// for people; the hold is of kind order.HoldStock, which the arrival of
// that stock lifts.
const stockHoldPrefix = "waiting for stock: "

// shortByPolicy counts o's short units that hold it and those that wait.
func shortByPolicy(o order.Order) (hold, wait int64) {
	for _, l := range o.Lines {
		switch l.ShortPolicy {
		case order.PolicyBackorder, order.PolicyPresale:
			wait += l.ShortQuantity
		case order.PolicySplit:
		default:
			hold += l.ShortQuantity
		}
	}
	return hold, wait
}

func hasPolicy(o order.Order, policy string) bool {
	for _, l := range o.Lines {
		if l.ShortPolicy == policy {
			return true
		}
	}
	return false
}

func shortUnits(o order.Order) int64 {
	var n int64
	for _, l := range o.Lines {
		n += l.ShortQuantity
	}
	return n
}
