package pick

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/inventory"
)

// WaveRequest releases a wave: the ready fulfilments of a warehouse (those
// due by a date, those that can be picked in one zone, or exactly the ones
// named), the way they are cut into walks, and the wave's caps.
type WaveRequest struct {
	Warehouse   string   `json:"warehouse" maxLength:"32" doc:"Warehouse code"`
	Strategy    Strategy `json:"strategy,omitempty" enum:"order,cluster,putwall" doc:"order (default): one fulfilment per walk; cluster: several per cart, one tote each; putwall: a batch picked in bulk, then sorted into a put wall's slots"`
	ShipsBy     string   `json:"ships_by,omitempty" maxLength:"10" doc:"YYYY-MM-DD: only fulfilments due to leave by that day; default: every ready one, earliest due first"`
	Zone        string   `json:"zone,omitempty" maxLength:"16" doc:"Only fulfilments whose every unit can be picked in this zone, from its bins"`
	Fulfilments []string `json:"fulfilments,omitempty" maxItems:"1000" doc:"Release exactly these ready fulfilments"`
	MaxOrders   int      `json:"max_orders,omitempty" minimum:"0" maximum:"10000" doc:"At most this many fulfilments (default 50)"`
	MaxLines    int      `json:"max_lines,omitempty" minimum:"0" maximum:"100000" doc:"At most this many pick lines (default 1000)"`
	CartTotes   int      `json:"cart_totes,omitempty" minimum:"0" maximum:"100" doc:"Totes on a cluster cart, or slots of the put wall (default 8)"`
	CartKg      float64  `json:"cart_kg,omitempty" minimum:"0" maximum:"5000" doc:"Most weight a cluster or put-wall walk carries, kg (0: no limit)"`
	CartLitres  float64  `json:"cart_litres,omitempty" minimum:"0" maximum:"100000" doc:"Most volume a cluster or put-wall walk carries, litres (0: no limit)"`
}

// The defaults of a wave's caps.
const (
	DefaultMaxOrders = 50
	DefaultMaxLines  = 1000
	DefaultCartTotes = 8
)

// check fills the defaults in and names every problem at its field.
func (r WaveRequest) check() (WaveRequest, error) {
	var f errs.Fields
	if r.Warehouse == "" {
		f.Add("warehouse", errs.CodeRequired, "name the warehouse whose fulfilments to release")
	}
	switch r.Strategy {
	case "":
		r.Strategy = ByOrder
	case ByOrder, Cluster, PutWall:
	default:
		f.Add("strategy", errs.CodeFormat, "a strategy is order, cluster or putwall")
	}
	if r.ShipsBy != "" {
		if _, err := time.Parse(time.DateOnly, r.ShipsBy); err != nil {
			f.Add("ships_by", errs.CodeFormat, "a day is YYYY-MM-DD")
		}
	}
	if r.CartKg < 0 || r.CartKg > 5000 {
		f.Add("cart_kg", errs.CodeOutOfRange, "between 0 (no limit) and 5000")
	}
	if r.CartLitres < 0 || r.CartLitres > 100000 {
		f.Add("cart_litres", errs.CodeOutOfRange, "between 0 (no limit) and 100000")
	}
	for i, fid := range r.Fulfilments {
		if slices.Index(r.Fulfilments, fid) < i {
			f.Add(fmt.Sprintf("fulfilments[%d]", i), errs.CodeDuplicate, "%s is named twice", fid)
		}
	}
	for _, c := range []struct {
		v    *int
		path string
		def  int
		max  int
	}{{&r.MaxOrders, "max_orders", DefaultMaxOrders, 10000}, {&r.MaxLines, "max_lines", DefaultMaxLines, 100000},
		{&r.CartTotes, "cart_totes", DefaultCartTotes, 100}} {
		switch {
		case *c.v == 0:
			*c.v = c.def
		case *c.v < 0 || *c.v > c.max:
			f.Add(c.path, errs.CodeOutOfRange, "between 1 and %d", c.max)
		}
	}
	return r, f.Err()
}

// Release releases a wave in one transaction: it chooses the fulfilments
// (earliest due first, within the caps), promises each line the bins it is
// picked from, cuts them into walks by the strategy, plans each walk and
// moves the fulfilments to picking. A fulfilment whose units the bins
// cannot cover (or not in the zone asked) stays in the queue, listed with
// the reason. Nothing to release is a conflict saying why.
func (s *Store) Release(ctx context.Context, r WaveRequest) (Wave, error) {
	r, err := r.check()
	if err != nil {
		return Wave{}, err
	}
	who, ok := actor.From(ctx)
	if !ok {
		return Wave{}, errs.E(errs.Internal, "release a wave: no actor")
	}
	// Plan on a snapshot, holding neither the writer nor a lock: the
	// optimiser's time is not taken from the pickers' scans. The write then
	// checks that the queue and the bins still allow the plan, and plans
	// again under the lock in the rare case they moved.
	var planned *plan
	err = s.db.Read(ctx, func(tx *db.Tx) error {
		planned, err = planWave(ctx, tx, r, who, false)
		return err
	})
	if err != nil {
		return Wave{}, err
	}
	var waveID string
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		p := planned
		if err := lockWarehouse(ctx, tx, p.floor.id); err != nil {
			return err
		}
		fits, err := p.stillFits(ctx, tx)
		if err != nil {
			return err
		}
		if !fits {
			if p, err = planWave(ctx, tx, r, who, true); err != nil {
				return err
			}
		}
		waveID = id.New("wav", tx.Now)
		return p.write(ctx, tx, waveID, who)
	})
	if err != nil {
		return Wave{}, err
	}
	return s.Wave(ctx, waveID)
}

// planWave chooses a wave's fulfilments, their bins and walks in tx, with
// the free stock locked (lock, on PostgreSQL) or as of a snapshot.
func planWave(ctx context.Context, tx *db.Tx, r WaveRequest, who actor.Actor, lock bool) (*plan, error) {
	fl, err := loadFloor(ctx, tx, r.Warehouse)
	if err != nil {
		return nil, err
	}
	if !who.SeesWarehouse(fl.code) {
		return nil, errs.E(errs.Forbidden, "this key may not release waves in warehouse %s", fl.code)
	}
	cands, err := candidates(ctx, tx, fl, r)
	if err != nil {
		return nil, err
	}
	p := &plan{floor: fl, req: r, lock: lock}
	if err := p.allocate(ctx, tx, cands); err != nil {
		return nil, err
	}
	if len(p.taken) == 0 {
		return nil, nothingToRelease(fl.code, p.skipped)
	}
	p.cut()
	return p, nil
}

// lockWarehouse makes two waves of one warehouse wait for each other on
// PostgreSQL (SQLite has one writer). NO KEY UPDATE: the scans' inserts
// that reference the warehouse are not held up.
func lockWarehouse(ctx context.Context, tx *db.Tx, id string) error {
	if tx.Dialect != db.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT id FROM warehouses WHERE id = $1 FOR NO KEY UPDATE`, id)
	return err
}

// stillFits reports whether what a plan made on a snapshot still holds in
// tx: its fulfilments still ready with the same lines, and every bin
// still free for what the plan takes from it (bins locked on PostgreSQL).
func (p *plan) stillFits(ctx context.Context, tx *db.Tx) (bool, error) {
	units := map[string]int64{}
	var products []string
	need := map[[2]string]int64{}
	for _, f := range p.taken {
		for _, l := range f.lines {
			units[f.id] += l.quantity
			need[[2]string{l.binID, l.productID}] += l.quantity
			if !slices.Contains(products, l.productID) {
				products = append(products, l.productID)
			}
		}
	}
	ids := slices.Collect(maps.Keys(units))
	seen := 0
	err := db.InChunks(ids, func(part []any) error {
		rows, err := tx.QueryContext(ctx, `SELECT f.id, coalesce(sum(l.quantity), 0) FROM fulfilments f
			LEFT JOIN fulfilment_lines l ON l.fulfilment_id = f.id WHERE f.status = 'ready_to_pick'
			AND f.id IN (`+tx.Placeholders(1, len(part))+`) GROUP BY f.id`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fid string
			var n int64
			if err := rows.Scan(&fid, &n); err != nil {
				return err
			}
			if n == units[fid] {
				seen++
			}
		}
		return rows.Err()
	})
	if err != nil || seen != len(ids) {
		return false, err
	}
	free, err := inventory.Free(ctx, tx, p.floor.id, products, true)
	if err != nil {
		return false, err
	}
	for _, f := range free {
		need[[2]string{f.BinID, f.ProductID}] -= f.Free
	}
	for _, n := range need {
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

func nothingToRelease(warehouse string, skipped []Skipped) error {
	if len(skipped) == 0 {
		return errs.E(errs.Conflict, "warehouse %s has no ready fulfilment that fits the wave", warehouse)
	}
	n := min(len(skipped), 3)
	msg := ""
	for _, s := range skipped[:n] {
		msg += fmt.Sprintf("; %s: %s", s.Fulfilment, s.Reason)
	}
	return errs.E(errs.Conflict, "no ready fulfilment of warehouse %s could be released (%d left in the queue%s)", warehouse, len(skipped), msg)
}

// write stores the wave, its tasks, totes and lines, promises the bins in
// the ledger and moves the fulfilments to picking.
func (p *plan) write(ctx context.Context, tx *db.Tx, waveID string, who actor.Actor) error {
	var dist, alone float64
	for _, t := range p.tasks {
		dist, alone = dist+t.distance, alone+t.alone
	}
	detail, err := json.Marshal(waveDetail{Distance: dist, Alone: alone, Skipped: append([]Skipped{}, p.skipped...),
		CartKg: p.req.CartKg, CartLitres: p.req.CartLitres})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO pick_waves (id, warehouse_id, strategy, ships_by, zone, max_orders, max_lines,
		cart_totes, status, detail, actor, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'released', $9, $10, $11, $11)`,
		waveID, p.floor.id, string(p.req.Strategy), p.req.ShipsBy, p.req.Zone, p.req.MaxOrders, p.req.MaxLines, p.req.CartTotes,
		string(detail), who.ID, tx.Now); err != nil {
		return fmt.Errorf("write wave: %w", err)
	}
	var tasks, totes, lines [][]any
	var units []inventory.BinUnits
	seq, err := nextSeq(ctx, tx, p.floor.id)
	if err != nil {
		return err
	}
	for _, t := range p.tasks {
		tid := id.New("ptk", tx.Now)
		seq++
		tasks = append(tasks, []any{tid, waveID, p.floor.id, string(p.req.Strategy), t.zone, seq, TaskOpen, t.distance, t.alone,
			t.method, tx.Now, tx.Now})
		for i, fid := range t.fulfilments {
			totes = append(totes, []any{tid, fid, p.floor.id, i + 1})
		}
		for i, l := range t.lines {
			lines = append(lines, []any{id.New("pkl", tx.Now), tid, i + 1, l.fulfilment, l.orderID, l.lineNo, p.floor.id, l.binID,
				l.productID, l.quantity})
			units = append(units, inventory.BinUnits{WarehouseID: p.floor.id, BinID: l.binID, ProductID: l.productID, Quantity: l.quantity})
		}
	}
	for _, w := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"pick_tasks", []string{"id", "wave_id", "warehouse_id", "strategy", "zone", "seq", "status", "distance", "distance_alone",
			"route_method", "created_at", "updated_at"}, tasks},
		{"pick_totes", []string{"task_id", "fulfilment_id", "warehouse_id", "position"}, totes},
		{"pick_lines", []string{"id", "task_id", "seq", "fulfilment_id", "order_id", "line_no", "warehouse_id", "bin_id",
			"product_id", "quantity"}, lines},
	} {
		if err := db.InsertRows(ctx, tx, w.table, w.cols, w.rows); err != nil {
			return fmt.Errorf("write %s: %w", w.table, err)
		}
	}
	if _, err := inventory.Allocate(ctx, tx, waveID, netUnits(units)); err != nil {
		return err
	}
	if err := replenish(ctx, tx, p.floor.id, ReasonWave, units...); err != nil {
		return err
	}
	fids := make([]string, 0, len(p.taken))
	for _, f := range p.taken {
		fids = append(fids, f.id)
	}
	if err := fulfilment.Move(ctx, tx, fids, fulfilment.ReadyToPick, fulfilment.Picking, "fulfilment.released_to_floor", who.ID,
		map[string]any{"wave": waveID}); err != nil {
		return err
	}
	if err := db.InChunks(fids, func(part []any) error {
		_, err := tx.ExecContext(ctx, `UPDATE fulfilments SET wave_id = $1 WHERE id IN (`+tx.Placeholders(2, len(part))+`)`,
			append([]any{waveID}, part...)...)
		return err
	}); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "pick.wave", "pick_wave", waveID, map[string]any{"warehouse": p.floor.code,
		"strategy": p.req.Strategy, "fulfilments": len(fids), "tasks": len(p.tasks), "skipped": p.skipped})
}

// waveDetail is what a wave keeps of its planning: the walks' lengths and
// the fulfilments it left in the queue.
type waveDetail struct {
	Distance   float64   `json:"distance"`
	Alone      float64   `json:"distance_alone"`
	Skipped    []Skipped `json:"skipped"`
	CartKg     float64   `json:"cart_kg,omitempty"`
	CartLitres float64   `json:"cart_litres,omitempty"`
}

// netUnits adds up units per bin and product: one ledger entry each.
func netUnits(units []inventory.BinUnits) []inventory.BinUnits {
	var out []inventory.BinUnits
	at := map[[2]string]int{}
	for _, u := range units {
		k := [2]string{u.BinID, u.ProductID}
		if i, ok := at[k]; ok {
			out[i].Quantity += u.Quantity
			continue
		}
		at[k] = len(out)
		out = append(out, u)
	}
	return out
}

// nextSeq is the last task number of the warehouse: tasks are claimed in
// the order they were released.
func nextSeq(ctx context.Context, tx *db.Tx, warehouseID string) (int, error) {
	var seq int
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM pick_tasks WHERE warehouse_id = $1`, warehouseID).Scan(&seq)
	return seq, err
}
