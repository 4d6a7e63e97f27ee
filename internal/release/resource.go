package release

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/sourcing"
	"github.com/waybill/waybill/internal/warehouse"
)

// resource sources o again with the stock there is now, counting its own
// reservations as available, and moves its reservations when the new plan
// leaves fewer units short or, as short, costs less (re-evaluation at the
// end of review removes many split shipments: stock that arrived since
// intake can now cover in one parcel what intake split). With force the
// new plan is taken whatever it costs: the destination changed.
func (s *Store) resource(ctx context.Context, tx *db.Tx, o *order.Order, who actor.Actor, force bool) error {
	p, err := planNow(ctx, tx, *o, true, func(l order.Line) int64 { return l.Quantity - l.CancelledQuantity })
	if err != nil {
		return err
	}
	newShort := int64(0)
	for _, n := range p.Short {
		newShort += n
	}
	oldShort, oldCost := shortUnits(*o), int64(-1)
	if o.Sourcing != nil {
		oldCost = o.Sourcing.CostMinor
	}
	better := newShort < oldShort || newShort == oldShort && (oldCost < 0 || p.Cost < oldCost)
	if !force && !better {
		return nil
	}
	return moveReservations(ctx, tx, o, p, who)
}

// livePlan is a sourcing plan made in a transaction, with what it takes to
// write it: the warehouses' codes and their next shipping dates.
type livePlan struct {
	sourcing.Plan
	codes, shipsOn map[string]string // by warehouse id
}

// product is what sourcing needs of a catalogue row.
type product struct {
	category string
	weight   int64
}

// planNow sources o's lines, need(line) units each, with the stock there is
// now (locked on PostgreSQL) outside the warehouses skipped; with own, o's
// current reservations count as available to it.
func planNow(ctx context.Context, tx *db.Tx, o order.Order, own bool, need func(order.Line) int64, skip ...string) (livePlan, error) {
	sites, err := warehouse.Network(ctx, tx)
	if err != nil {
		return livePlan{}, err
	}
	network := make([]sourcing.Warehouse, len(sites))
	p := livePlan{codes: map[string]string{}, shipsOn: map[string]string{}}
	for i, w := range sites {
		network[i], p.codes[w.ID], p.shipsOn[w.ID] = w.Warehouse, w.Code, w.ShipsOn
	}
	products, err := productFacts(ctx, tx, o.Lines)
	if err != nil {
		return livePlan{}, err
	}
	levels, err := inventory.LockLevels(ctx, tx, slices.Sorted(maps.Keys(products)))
	if err != nil {
		return livePlan{}, err
	}
	avail := map[inventory.Key]int64{}
	for _, l := range levels {
		avail[l.Key] = l.OnHand - l.Reserved
	}
	if own {
		for _, a := range o.Allocations {
			avail[inventory.Key{WarehouseID: a.WarehouseID, ProductID: a.ProductID}] += a.Quantity
		}
	}
	req := sourcing.Request{Country: o.ShippingAddress.Country, PostalCode: warehouse.NormalizePostal(o.ShippingAddress.PostalCode),
		PromisedDays: order.PromisedDays(o.SpecialRequests.DeliveryWindow, tx.Now)}
	for _, l := range o.Lines {
		pf := products[l.ProductID]
		req.Lines = append(req.Lines, sourcing.Line{ProductID: l.ProductID, Category: pf.category, Quantity: need(l), WeightGrams: pf.weight})
	}
	p.Plan = sourcing.Optimizer{Warehouses: network}.Source(req, func(w, pid string) int64 {
		if slices.Contains(skip, w) {
			return 0
		}
		return avail[inventory.Key{WarehouseID: w, ProductID: pid}]
	})
	return p, nil
}

// moveReservations replaces o's reservations with plan's (order.Reallocate)
// and announces the stock the old ones held to the orders waiting for it.
func moveReservations(ctx context.Context, tx *db.Tx, o *order.Order, plan livePlan, who actor.Actor) error {
	before := map[string]any{"parcels": parcelsOf(o.Allocations), "cost_minor": int64(-1)}
	if o.Sourcing != nil {
		before["cost_minor"] = o.Sourcing.CostMinor
	}
	r := order.Reallocation{Short: plan.Short, ShipsOn: o.ShipsOn}
	for _, a := range plan.Allocations {
		l := o.Lines[a.Line]
		r.Allocations = append(r.Allocations, order.Allocation{LineNo: l.LineNo, WarehouseID: a.WarehouseID,
			Warehouse: plan.codes[a.WarehouseID], ProductID: l.ProductID, Quantity: a.Quantity})
	}
	if releaseDate(*o) == "" && !hasPolicy(*o, order.PolicyBackorder) {
		r.ShipsOn = "" // recomputed below; a backorder's or presale's date stands
	}
	if plan.Parcels > 0 {
		r.Sourcing = &order.SourcingPlan{Parcels: plan.Parcels, CostMinor: plan.Cost, Arrivals: plan.Arrivals, Explanation: plan.Explanation}
		for _, a := range plan.Arrivals {
			r.ShipsOn = max(r.ShipsOn, plan.shipsOn[a.WarehouseID])
		}
	}
	holds, err := order.Reallocate(ctx, tx, o, r, who, map[string]any{"before": before,
		"after": map[string]any{"parcels": plan.Parcels, "cost_minor": plan.Cost}, "explanation": plan.Explanation.String()})
	if err != nil {
		return err
	}
	return inventory.AnnounceFreed(ctx, tx, "resource:"+o.ID+"@"+fmt.Sprint(tx.Now.UnixMicro()), holds, Waiting)
}

func parcelsOf(allocs []order.Allocation) int {
	seen := map[string]bool{}
	for _, a := range allocs {
		seen[a.WarehouseID] = true
	}
	return len(seen)
}

// productFacts reads what sourcing needs of the order's products, by id, in
// one query.
func productFacts(ctx context.Context, tx *db.Tx, lines []order.Line) (map[string]product, error) {
	var ids []string
	for _, l := range lines {
		if !slices.Contains(ids, l.ProductID) {
			ids = append(ids, l.ProductID)
		}
	}
	out := make(map[string]product, len(ids))
	err := db.InChunks(ids, func(part []any) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, category, weight_g FROM products WHERE id IN (`+tx.Placeholders(1, len(part))+`)`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var p product
			if err := rows.Scan(&id, &p.category, &p.weight); err != nil {
				return err
			}
			out[id] = p
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read the order's products: %w", err)
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			return nil, fmt.Errorf("product %s of the order is not in the catalogue", id)
		}
	}
	return out, nil
}

// shipDates is each active warehouse's next shipping date now.
func shipDates(ctx context.Context, tx *db.Tx) (map[string]string, error) {
	sites, err := warehouse.Network(ctx, tx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(sites))
	for _, w := range sites {
		out[w.ID] = w.ShipsOn
	}
	return out, nil
}

// sortedByOrder orders items by order id, keeping each order's items in
// the order given.
func sortedByOrder(items []fulfilment.Item) []fulfilment.Item {
	slices.SortStableFunc(items, func(a, b fulfilment.Item) int { return cmp.Compare(a.OrderID, b.OrderID) })
	return items
}
