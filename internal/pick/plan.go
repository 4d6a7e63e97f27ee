package pick

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pick/batch"
	"github.com/waybill/waybill/internal/pick/route"
	"github.com/waybill/waybill/internal/warehouse"
)

// floorPlan is a warehouse as a wave sees it: its layout in the router's
// terms, where each bin is, and its zones.
type floorPlan struct {
	id, code string
	routed   bool // the layout converted; otherwise walks are by bin code
	layout   route.Layout
	at       map[string]route.Location // bin code -> location
	place    map[string]warehouse.Placement
}

// loadFloor reads the warehouse named by code and its layout.
func loadFloor(ctx context.Context, tx *db.Tx, code string) (floorPlan, error) {
	fl := floorPlan{code: code}
	var active bool
	err := tx.QueryRowContext(ctx, `SELECT id, active FROM warehouses WHERE code = $1`, code).Scan(&fl.id, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return fl, errs.Field("warehouse", errs.CodeUnknown, "there is no warehouse %s", errs.Clip(code))
	}
	if err != nil {
		return fl, err
	}
	if !active {
		return fl, errs.E(errs.Conflict, "warehouse %s is inactive", code)
	}
	l, err := warehouse.FloorLayout(ctx, tx, fl.id)
	if err != nil && !errs.Is(err, errs.Conflict) { // no bins: nothing to route, and nothing will be allocated
		return fl, err
	}
	fl.place = map[string]warehouse.Placement{}
	for _, p := range l.Bins {
		fl.place[p.Bin] = p
	}
	if rl, at, err := RouteLayout(l); err == nil {
		fl.routed, fl.layout, fl.at = true, rl, at
	}
	return fl, nil
}

// fromDepot is how far a bin is from the depot; unplaced bins are far.
func (fl floorPlan) fromDepot(bin string) float64 {
	if loc, ok := fl.at[bin]; ok && fl.routed {
		return fl.layout.FromDepot(loc)
	}
	return 1e9
}

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

// plan is a wave being put together.
type plan struct {
	floor   floorPlan
	req     WaveRequest
	lock    bool // free stock read locked (PostgreSQL), not from a snapshot
	taken   []takenFul
	skipped []Skipped
	tasks   []plannedTask
}

type takenFul struct {
	id, shipsOn string
	lines       []plannedLine
	kg, litres  float64 // what its units weigh and take up on a cart
}

type plannedLine struct {
	fulfilment, orderID string
	lineNo              int
	productID           string
	binID, bin, zone    string
	quantity            int64
	class               int // 0 heavy, 1 ordinary, 2 fragile: the order of the walk
}

type plannedTask struct {
	zone            string
	fulfilments     []string // their totes' order on the cart
	lines           []plannedLine
	distance, alone float64
	method          string
}

// allocate promises bins to the candidates in order, within the caps: a
// fulfilment is taken whole or left in the queue with the reason.
func (p *plan) allocate(ctx context.Context, tx *db.Tx, cands []ready) error {
	var products []string
	for _, c := range cands {
		for _, l := range c.lines {
			if !slices.Contains(products, l.productID) {
				products = append(products, l.productID)
			}
		}
	}
	free, err := inventory.Free(ctx, tx, p.floor.id, products, p.lock)
	if err != nil {
		return err
	}
	pool := map[string][]Candidate{}
	for _, f := range free {
		pl, placed := p.floor.place[f.Bin]
		if p.req.Zone != "" && pl.Zone != p.req.Zone {
			continue
		}
		pool[f.ProductID] = append(pool[f.ProductID], Candidate{BinID: f.BinID, Bin: f.Bin, Free: f.Free,
			PickFace: !placed || pl.PickFace, ExpiresOn: f.ExpiresOn, Since: f.Since, Distance: p.floor.fromDepot(f.Bin)})
	}
	lines := 0
	for _, c := range cands {
		if len(p.taken) >= p.req.MaxOrders {
			break
		}
		if lines+len(c.lines) > p.req.MaxLines {
			p.skipped = append(p.skipped, Skipped{c.id, fmt.Sprintf("the wave's cap of %d lines is reached", p.req.MaxLines)})
			continue
		}
		trial := map[string][]Candidate{}
		t := takenFul{id: c.id, shipsOn: c.shipsOn}
		for _, l := range c.lines {
			t.kg += float64(l.quantity*l.grams) / 1000
			t.litres += float64(l.quantity*l.mm3) / 1e6
		}
		if reason := p.tooBig(t); reason != "" {
			p.skipped = append(p.skipped, Skipped{c.id, reason})
			continue
		}
		reason := ""
		for _, l := range c.lines {
			if _, ok := trial[l.productID]; !ok {
				trial[l.productID] = slices.Clone(pool[l.productID])
			}
			takes, short := Choose(l.quantity, trial[l.productID])
			if short > 0 {
				where := "its bins"
				if p.req.Zone != "" {
					where = "zone " + p.req.Zone
				}
				reason = fmt.Sprintf("SKU %s: %d of %d units are free in %s", l.sku, l.quantity-short, l.quantity, where)
				break
			}
			for _, tk := range takes {
				i := slices.IndexFunc(trial[l.productID], func(c Candidate) bool { return c.BinID == tk.BinID })
				trial[l.productID][i].Free -= tk.Quantity
				t.lines = append(t.lines, plannedLine{fulfilment: c.id, orderID: l.orderID, lineNo: l.lineNo, productID: l.productID,
					binID: tk.BinID, bin: tk.Bin, zone: p.floor.place[tk.Bin].Zone, quantity: tk.Quantity, class: classOf(l)})
			}
		}
		if reason != "" {
			p.skipped = append(p.skipped, Skipped{c.id, reason})
			continue
		}
		maps.Copy(pool, trial)
		lines += len(t.lines)
		p.taken = append(p.taken, t)
	}
	return nil
}

// tooBig says why a fulfilment cannot ride a cart of the wave at all.
func (p *plan) tooBig(t takenFul) string {
	if p.req.Strategy == ByOrder {
		return "" // walked alone, in as many trips as it takes
	}
	switch {
	case p.req.CartKg > 0 && t.kg > p.req.CartKg:
		return fmt.Sprintf("it weighs %.1f kg, more than a cart's %.1f kg", t.kg, p.req.CartKg)
	case p.req.CartLitres > 0 && t.litres > p.req.CartLitres:
		return fmt.Sprintf("it takes %.1f l, more than a cart's %.1f l", t.litres, p.req.CartLitres)
	}
	return ""
}

// classOf is a line's place in the walk: heavy goods first (the bottom of
// the cart), fragile goods last (on top).
func classOf(l readyLine) int {
	switch {
	case l.grams >= HeavyGrams:
		return 0
	case l.fragile:
		return 2
	}
	return 1
}

// cut makes the walks: by order, one per fulfilment; cluster, the batches
// of the optimiser under the cart's totes. A walk never crosses zones: a
// fulfilment with units in two zones has a walk (and a tote) in each.
func (p *plan) cut() {
	groups := [][]takenFul{}
	if p.req.Strategy != ByOrder && len(p.taken) > 1 {
		groups = p.batches()
	} else {
		for _, t := range p.taken {
			groups = append(groups, []takenFul{t})
		}
	}
	for _, g := range groups {
		byZone := map[string]*plannedTask{}
		var zones []string
		for _, f := range g {
			for _, l := range f.lines {
				zone := l.zone
				if p.req.Strategy == PutWall { // one walk per wall: its slots are the batch's
					zone = ""
				}
				t, ok := byZone[zone]
				if !ok {
					t = &plannedTask{zone: zone}
					byZone[zone] = t
					zones = append(zones, zone)
				}
				if !slices.Contains(t.fulfilments, f.id) {
					t.fulfilments = append(t.fulfilments, f.id)
				}
				t.lines = append(t.lines, l)
			}
		}
		slices.Sort(zones)
		for _, z := range zones {
			t := byZone[z]
			p.route(t)
			p.tasks = append(p.tasks, *t)
		}
	}
}

// route puts a walk's lines in the order to visit them and measures it,
// and what its fulfilments would walk one by one.
func (p *plan) route(t *plannedTask) {
	if !p.floor.routed {
		slices.SortStableFunc(t.lines, func(a, b plannedLine) int { return cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(a.bin, b.bin)) })
		t.method = "bin-code"
		return
	}
	order, length, method := p.walk(t.lines)
	sorted := make([]plannedLine, len(order))
	for i, k := range order {
		sorted[i] = t.lines[k]
	}
	t.lines, t.distance, t.method = sorted, length, method
	for _, fid := range t.fulfilments {
		var own []plannedLine
		for _, l := range t.lines {
			if l.fulfilment == fid {
				own = append(own, l)
			}
		}
		_, d, _ := p.walk(own)
		t.alone += d
	}
}

// walk plans lines' route by their bins' locations and classes; lines in
// bins the layout does not place go last, by bin code.
func (p *plan) walk(lines []plannedLine) ([]int, float64, string) {
	var locs []route.Location
	var classes []int
	var placed, unplaced []int
	for i, l := range lines {
		if loc, ok := p.floor.at[l.bin]; ok {
			placed = append(placed, i)
			locs, classes = append(locs, loc), append(classes, l.class)
			continue
		}
		unplaced = append(unplaced, i)
	}
	slices.SortStableFunc(unplaced, func(a, b int) int { return cmp.Compare(lines[a].bin, lines[b].bin) })
	if len(placed) == 0 {
		return unplaced, 0, "bin-code"
	}
	r, err := route.Plan(p.floor.layout, locs, route.Options{Classes: classes})
	if err != nil { // a location outside the layout: walk by bin code
		all := append(placed, unplaced...)
		slices.SortStableFunc(all, func(a, b int) int { return cmp.Compare(lines[a].bin, lines[b].bin) })
		return all, 0, "bin-code"
	}
	order := make([]int, 0, len(lines))
	for _, k := range r.Order {
		order = append(order, placed[k])
	}
	return append(order, unplaced...), r.Length, string(r.Method)
}

// batches groups the taken fulfilments into carts with the batching
// optimiser: each fulfilment one tote, the cart's totes the capacity,
// fulfilments due the same day together.
func (p *plan) batches() [][]takenFul {
	if !p.floor.routed {
		return p.chunk()
	}
	var points []route.Location
	index := map[string]int{}
	orders := make([]batch.Order, len(p.taken))
	for i, t := range p.taken {
		due, _ := time.Parse(time.DateOnly, t.shipsOn)
		orders[i] = batch.Order{ID: t.id, Totes: 1, Due: due, Weight: t.kg, Volume: t.litres}
		for _, l := range t.lines {
			loc, ok := p.floor.at[l.bin]
			if !ok {
				continue
			}
			k, seen := index[l.bin]
			if !seen {
				k = len(points)
				index[l.bin] = k
				points = append(points, loc)
			}
			orders[i].Locations = append(orders[i].Locations, k)
		}
	}
	router, err := batch.NewAisleLayout(p.floor.layout, points, nil)
	if err != nil {
		return p.chunk()
	}
	pl, err := batch.Optimize(batch.Problem{Router: router, Orders: orders, Cart: batch.Cart{Totes: p.req.CartTotes,
		Weight: p.req.CartKg, Volume: p.req.CartLitres}}, batch.Options{})
	if err != nil {
		return p.chunk()
	}
	out := make([][]takenFul, 0, len(pl.Batches))
	for _, b := range pl.Batches {
		g := make([]takenFul, 0, len(b.Orders))
		for _, k := range b.Orders {
			g = append(g, p.taken[k])
		}
		out = append(out, g)
	}
	return out
}

// chunk cuts the fulfilments into carts in due order, each as full as its
// totes, weight and volume allow, where there is no layout to batch on.
func (p *plan) chunk() [][]takenFul {
	var out [][]takenFul
	var kg, litres float64
	for _, t := range p.taken {
		n := len(out)
		if n == 0 || len(out[n-1]) == p.req.CartTotes || (p.req.CartKg > 0 && kg+t.kg > p.req.CartKg) ||
			(p.req.CartLitres > 0 && litres+t.litres > p.req.CartLitres) {
			out, kg, litres = append(out, nil), 0, 0
			n++
		}
		out[n-1] = append(out[n-1], t)
		kg, litres = kg+t.kg, litres+t.litres
	}
	return out
}
