package order

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/sourcing"
	"github.com/waybill/waybill/internal/warehouse"
)

// Fulfilment is what one warehouse ships of an order: released by review
// in ready_to_pick, picked, packed and shipped by the later stages.
type Fulfilment struct {
	ID          string           `json:"id" doc:"ful_…"`
	OrderID     string           `json:"order_id" doc:"The order that owns it; merged orders' lines ride along"`
	WarehouseID string           `json:"warehouse_id"`
	Warehouse   string           `json:"warehouse" doc:"Warehouse code"`
	Status      FulfilmentStatus `json:"status" enum:"ready_to_pick,cancelled"`
	ShipsOn     string           `json:"ships_on" doc:"Local date the parcel is due to leave"`
	GiftWrap    bool             `json:"gift_wrap,omitempty" doc:"Packing instruction: wrap as a gift"`
	GiftMessage string           `json:"gift_message,omitempty" doc:"Packing instruction: the card to enclose"`
	Lines       []FulfilmentLine `json:"lines" nullable:"false"`
	CreatedAt   time.Time        `json:"created_at"`
}

// FulfilmentLine is an order line's units in a fulfilment.
type FulfilmentLine struct {
	OrderID   string `json:"order_id,omitempty" doc:"The order of the line (in the fulfilment list; merged fulfilments carry several)"`
	LineNo    int    `json:"line_no"`
	ProductID string `json:"product_id"`
	Quantity  int64  `json:"quantity"`
}

// releaseTx releases o to its warehouses: one fulfilment per warehouse for
// the allocations not yet released, in ready_to_pick. Short units decide
// how much goes: a line on hold (no policy, or a backorder beyond its
// limit) holds the order for stock or a person; backordered and presold
// lines make the whole order wait for its stock; split lines let what is
// allocated go now and the rest later, as another fulfilment.
func (s *Store) releaseTx(ctx context.Context, tx *db.Tx, o *Order, who actor.Actor) error {
	hold, wait := shortByPolicy(*o)
	if hold > 0 {
		return s.hold(ctx, tx, o, fmt.Sprintf("%s%d unit(s) cannot be reserved yet", stockHoldPrefix, hold), who, map[string]any{})
	}
	if wait > 0 {
		return addEvent(ctx, tx, o, "order.waiting_for_stock", who, map[string]any{"units": wait, "estimated_ship_date": o.ShipsOn})
	}
	first := o.Status != Released
	if first {
		if err := checkMove(o.Status, Released); err != nil {
			return err
		}
		if on := releaseDate(*o); on != "" && tx.Now.Format(time.DateOnly) < on {
			return s.awaitRelease(ctx, tx, o, on, who)
		}
		if s.mergeWindow > 0 && tx.Now.Before(o.CreatedAt.Add(s.mergeWindow)) {
			return s.awaitMerge(ctx, tx, o, who)
		}
	}
	batch := []*Order{o}
	if first && s.mergeWindow > 0 {
		siblings, err := s.siblings(ctx, tx, *o)
		if err != nil {
			return err
		}
		batch = append(batch, siblings...)
	}
	pending := map[string][]Allocation{}
	for _, m := range batch {
		allocs, err := unreleased(ctx, tx, *m)
		if err != nil {
			return err
		}
		if len(allocs) > 0 {
			pending[m.ID] = allocs
		}
	}
	if len(pending) == 0 {
		return nil
	}
	ids, err := writeFulfilments(ctx, tx, o.ID, pending, giftOf(batch))
	if err != nil {
		return err
	}
	if !first {
		return addEvent(ctx, tx, o, "order.released_more", who, map[string]any{"fulfilments": ids})
	}
	for _, m := range batch {
		if pending[m.ID] == nil {
			continue
		}
		detail := map[string]any{"fulfilments": ids}
		if len(pending) > 1 {
			detail["merged"] = numbersOf(batch, m.ID)
		}
		now := tx.Now
		m.Status, m.HoldReason, m.ReleasedAt, m.UpdatedAt = Released, "", &now, now
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = $1, hold_reason = '', released_at = $2, updated_at = $2
			WHERE id = $3`, string(m.Status), now, m.ID); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, m, "order.released", who, detail); err != nil {
			return err
		}
	}
	return nil
}

// giftOf is the packing instruction of fulfilments shared by orders: wrap
// if any of them asked, with their messages.
func giftOf(orders []*Order) SpecialRequests {
	var g SpecialRequests
	var msgs []string
	for _, o := range orders {
		if o.SpecialRequests.GiftWrap {
			g.GiftWrap = true
			if m := o.SpecialRequests.GiftMessage; m != "" {
				msgs = append(msgs, m)
			}
		}
	}
	g.GiftMessage = strings.Join(msgs, "\n---\n")
	return g
}

func numbersOf(orders []*Order, except string) []string {
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
func releaseDate(o Order) string {
	for _, l := range o.Lines {
		if l.ShortPolicy == PolicyPresale {
			return o.ShipsOn
		}
	}
	return ""
}

// stockHoldPrefix starts the hold reason of an order held only for stock,
// which the arrival of that stock lifts.
const stockHoldPrefix = "waiting for stock: "

// shortByPolicy counts o's short units that hold it and those that wait.
func shortByPolicy(o Order) (hold, wait int64) {
	for _, l := range o.Lines {
		switch l.ShortPolicy {
		case PolicyBackorder, PolicyPresale:
			wait += l.ShortQuantity
		case PolicySplit:
		default:
			hold += l.ShortQuantity
		}
	}
	return hold, wait
}

// unreleased returns o's allocations less what live fulfilments already
// carry of them.
func unreleased(ctx context.Context, tx *db.Tx, o Order) ([]Allocation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT l.line_no, f.warehouse_id, SUM(l.quantity) FROM fulfilment_lines l
		JOIN fulfilments f ON f.id = l.fulfilment_id WHERE l.order_id = $1 AND f.status <> 'cancelled'
		GROUP BY l.line_no, f.warehouse_id`, o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	released := map[[2]any]int64{}
	for rows.Next() {
		var line int
		var w string
		var n int64
		if err := rows.Scan(&line, &w, &n); err != nil {
			return nil, err
		}
		released[[2]any{line, w}] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Allocation
	for _, a := range o.Allocations {
		if left := a.Quantity - released[[2]any{a.LineNo, a.WarehouseID}]; left > 0 {
			a.Quantity = left
			out = append(out, a)
		}
	}
	return out, nil
}

// writeFulfilments writes one ready_to_pick fulfilment per warehouse for
// the allocations of one or more orders (merged orders share them; the
// first order named owns them) and returns their ids.
func writeFulfilments(ctx context.Context, tx *db.Tx, owner string, allocs map[string][]Allocation, gift SpecialRequests) ([]string, error) {
	shipsOn, err := shipDates(ctx, tx)
	if err != nil {
		return nil, err
	}
	type item struct {
		orderID string
		a       Allocation
	}
	byWarehouse := map[string][]item{}
	for _, orderID := range slices.Sorted(maps.Keys(allocs)) {
		for _, a := range allocs[orderID] {
			byWarehouse[a.WarehouseID] = append(byWarehouse[a.WarehouseID], item{orderID, a})
		}
	}
	var fuls, lines [][]any
	var ids []string
	for _, w := range slices.Sorted(maps.Keys(byWarehouse)) {
		fid := id.New("ful", tx.Now)
		ids = append(ids, fid)
		fuls = append(fuls, []any{fid, owner, w, string(ReadyToPick), shipsOn[w], gift.GiftWrap, gift.GiftMessage, tx.Now, tx.Now})
		for _, it := range byWarehouse[w] {
			lines = append(lines, []any{fid, it.orderID, it.a.LineNo, it.a.ProductID, it.a.Quantity})
		}
	}
	if err := db.InsertRows(ctx, tx, "fulfilments", []string{"id", "order_id", "warehouse_id", "status", "ships_on",
		"gift_wrap", "gift_message", "created_at", "updated_at"}, fuls); err != nil {
		return nil, err
	}
	return ids, db.InsertRows(ctx, tx, "fulfilment_lines", []string{"fulfilment_id", "order_id", "line_no", "product_id",
		"quantity"}, lines)
}

func shortUnits(o Order) int64 {
	var n int64
	for _, l := range o.Lines {
		n += l.ShortQuantity
	}
	return n
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

// resource sources o again with the stock there is now, counting its own
// reservations as available, and moves its reservations when the new plan
// leaves fewer units short or, as short, costs less (re-evaluation at the
// end of review removes many split shipments: stock that arrived since
// intake can now cover in one parcel what intake split). With force the
// new plan is taken whatever it costs: the destination changed.
func (s *Store) resource(ctx context.Context, tx *db.Tx, o *Order, who actor.Actor, force bool) error {
	p, err := planNow(ctx, tx, *o, true, func(l Line) int64 { return l.Quantity - l.CancelledQuantity })
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
	return s.moveReservations(ctx, tx, o, p, who)
}

// livePlan is a sourcing plan made in a transaction, with what it takes to
// write it: the warehouses' codes and their next shipping dates.
type livePlan struct {
	sourcing.Plan
	codes, shipsOn map[string]string // by warehouse id
}

// planNow sources o's lines, need(line) units each, with the stock there is
// now (locked on PostgreSQL); with own, o's current reservations count as
// available to it.
func planNow(ctx context.Context, tx *db.Tx, o Order, own bool, need func(Line) int64) (livePlan, error) {
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
		PromisedDays: promisedDays(o.SpecialRequests.DeliveryWindow, tx.Now)}
	for _, l := range o.Lines {
		pf := products[l.ProductID]
		req.Lines = append(req.Lines, sourcing.Line{ProductID: l.ProductID, Category: pf.category, Quantity: need(l), WeightGrams: pf.weight})
	}
	p.Plan = sourcing.Optimizer{Warehouses: network}.Source(req, func(w, pid string) int64 {
		return avail[inventory.Key{WarehouseID: w, ProductID: pid}]
	})
	return p, nil
}

// moveReservations replaces o's reservations with plan's: the ledger gets
// a release for each old allocation and a reservation for each new one.
func (s *Store) moveReservations(ctx context.Context, tx *db.Tx, o *Order, plan livePlan, who actor.Actor) error {
	codes, shipsOn := plan.codes, plan.shipsOn
	var holds []inventory.Hold
	for _, a := range o.Allocations {
		holds = append(holds, inventory.Hold{Key: inventory.Key{WarehouseID: a.WarehouseID, ProductID: a.ProductID}, Quantity: -a.Quantity, Reference: o.ID})
	}
	before := struct {
		Parcels   int   `json:"parcels"`
		CostMinor int64 `json:"cost_minor"`
	}{parcelsOf(o.Allocations), -1}
	if o.Sourcing != nil {
		before.CostMinor = o.Sourcing.CostMinor
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM order_allocations WHERE order_id = $1 AND released_at IS NULL`, o.ID); err != nil {
		return err
	}
	o.Allocations = []Allocation{}
	var rows [][]any
	for _, a := range plan.Allocations {
		l := o.Lines[a.Line]
		o.Allocations = append(o.Allocations, Allocation{LineNo: l.LineNo, WarehouseID: a.WarehouseID, Warehouse: codes[a.WarehouseID],
			ProductID: l.ProductID, Quantity: a.Quantity})
		rows = append(rows, []any{o.ID, l.LineNo, a.WarehouseID, l.ProductID, a.Quantity})
		holds = append(holds, inventory.Hold{Key: inventory.Key{WarehouseID: a.WarehouseID, ProductID: l.ProductID}, Quantity: a.Quantity, Reference: o.ID})
	}
	if err := db.InsertRows(ctx, tx, "order_allocations", allocationColumns, rows); err != nil {
		return err
	}
	if err := inventory.BookReservations(ctx, tx, who.ID, holds); err != nil {
		return err
	}
	if err := inventory.AnnounceFreed(ctx, tx, "resource:"+o.ID+"@"+strconv.FormatInt(tx.Now.UnixMicro(), 10), holds); err != nil {
		return err
	}
	o.Short = false
	if releaseDate(*o) == "" && !hasPolicy(*o, PolicyBackorder) {
		o.ShipsOn = "" // recomputed below; a backorder's or presale's date stands
	}
	for i := range o.Lines {
		o.Lines[i].ShortQuantity = plan.Short[i]
		o.Short = o.Short || plan.Short[i] > 0
		if _, err := tx.ExecContext(ctx, `UPDATE order_lines SET short_quantity = $1 WHERE order_id = $2 AND line_no = $3`,
			plan.Short[i], o.ID, o.Lines[i].LineNo); err != nil {
			return err
		}
	}
	o.Sourcing = nil
	if plan.Parcels > 0 {
		o.Sourcing = &SourcingPlan{Parcels: plan.Parcels, CostMinor: plan.Cost, Arrivals: plan.Arrivals, Explanation: plan.Explanation}
		for _, a := range plan.Arrivals {
			o.ShipsOn = max(o.ShipsOn, shipsOn[a.WarehouseID])
		}
	}
	stored := []byte("{}")
	if o.Sourcing != nil {
		stored, _ = json.Marshal(o.Sourcing)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET short = $1, ships_on = $2, sourcing = $3, updated_at = $4 WHERE id = $5`,
		o.Short, o.ShipsOn, string(stored), tx.Now, o.ID); err != nil {
		return err
	}
	return addEvent(ctx, tx, o, "order.resourced", who, map[string]any{"before": before,
		"after": map[string]any{"parcels": plan.Parcels, "cost_minor": plan.Cost}, "explanation": plan.Explanation.String()})
}

func parcelsOf(allocs []Allocation) int {
	seen := map[string]bool{}
	for _, a := range allocs {
		seen[a.WarehouseID] = true
	}
	return len(seen)
}

// productFacts reads what sourcing needs of the order's products, by id.
func productFacts(ctx context.Context, tx *db.Tx, lines []Line) (map[string]product, error) {
	out := map[string]product{}
	for _, l := range lines {
		if _, ok := out[l.ProductID]; ok {
			continue
		}
		var p product
		err := tx.QueryRowContext(ctx, `SELECT id, category, weight_g FROM products WHERE id = $1`, l.ProductID).Scan(&p.id, &p.category, &p.weight)
		if err != nil {
			return nil, fmt.Errorf("product %s of the order: %w", l.ProductID, err)
		}
		out[l.ProductID] = p
	}
	return out, nil
}

func hasPolicy(o Order, policy string) bool {
	for _, l := range o.Lines {
		if l.ShortPolicy == policy {
			return true
		}
	}
	return false
}
