package inventory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// CountRequest opens counts by hand for bins of one warehouse.
type CountRequest struct {
	Warehouse string   `json:"warehouse" minLength:"1" maxLength:"32" doc:"Warehouse code"`
	Bins      []string `json:"bins" minItems:"1" maxItems:"200" nullable:"false" doc:"Bin codes, e.g. A-01-03-2"`
}

// OpenCounts opens a manual count for each bin, or returns the count
// already open for it. Unknown bins are reported at their paths at once.
func (s *Store) OpenCounts(ctx context.Context, in CountRequest) ([]CountTask, error) {
	var f errs.Fields
	in.Warehouse = checkWarehouse(&f, "warehouse", in.Warehouse)
	if len(in.Bins) == 0 || len(in.Bins) > 200 {
		f.Add("bins", errs.CodeOutOfRange, "open counts for 1 to 200 bins at a time")
	}
	for i := range min(len(in.Bins), 200) {
		in.Bins[i] = checkBin(&f, fmt.Sprintf("bins[%d]", i), in.Bins[i])
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var ids []string
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		ids = ids[:0]
		r := &resolver{ctx: ctx, tx: tx}
		w := r.warehouse("warehouse", in.Warehouse)
		var bins []ref
		for i, code := range in.Bins {
			bins = append(bins, r.bin(fmt.Sprintf("bins[%d]", i), w, code))
		}
		if err := r.done(); err != nil {
			return err
		}
		who, _ := actor.From(ctx)
		for _, b := range bins {
			id, err := OpenCount(ctx, tx, w.ID, b.ID, CountManual, who.ID)
			if err != nil {
				return fmt.Errorf("open count of %s: %w", b.Code, err)
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		return audit.Record(ctx, tx, "count.open", "warehouse", w.ID, map[string]any{"bins": in.Bins, "tasks": ids})
	})
	if err != nil {
		return nil, err
	}
	return s.countsByID(ctx, ids)
}

// countsByID reads tasks as the caller may see them, in the order given.
func (s *Store) countsByID(ctx context.Context, ids []string) ([]CountTask, error) {
	out := make([]CountTask, 0, len(ids))
	for _, id := range ids {
		t, err := s.Count(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// ScheduleRequest asks for the n bins of a warehouse most overdue for a
// count by the ABC class of what they hold.
type ScheduleRequest struct {
	Warehouse string `json:"warehouse" minLength:"1" maxLength:"32" doc:"Warehouse code"`
	Count     int    `json:"count" minimum:"1" maximum:"200" doc:"How many counts to open at most"`
}

// ScheduledCount is a count the schedule opened and why its bin was due.
type ScheduledCount struct {
	Task        CountTask  `json:"task"`
	Class       string     `json:"class" enum:"A,B,C" doc:"The best class of the products the bin holds"`
	LastCounted *time.Time `json:"last_counted,omitempty" doc:"Its last approved count; absent if never counted"`
	DueSince    *time.Time `json:"due_since,omitempty" doc:"When it fell due; absent if never counted"`
}

// Schedule is what schedule-counts did: the counts opened, most overdue
// first, and how many products fell in each class.
type Schedule struct {
	Opened   []ScheduledCount `json:"opened" nullable:"false"`
	Products map[string]int   `json:"products" doc:"Products per class A, B, C by units moved out in the last 30 days"`
	Due      int              `json:"due" doc:"Bins due for a count, of which the most overdue were opened"`
}

// The ABC policy: A is the products making the top 80 % of units moved out
// over the window, B the next 15 %, C the rest; a bin is due this long
// after its last approved count.
const (
	movementWindow = 30 * 24 * time.Hour
	classAShare    = 80
	classBShare    = 95
)

var countEvery = map[string]time.Duration{"A": 7 * 24 * time.Hour, "B": 30 * 24 * time.Hour, "C": 90 * 24 * time.Hour}

// binDue is a bin holding stock with its class and last approved count.
type binDue struct {
	id, code, class string
	last            time.Time
}

func (b binDue) due() time.Time {
	if b.last.IsZero() {
		return time.Time{}
	}
	return b.last.Add(countEvery[b.class])
}

// ScheduleCounts opens schedule counts for the Count bins of a warehouse
// most overdue: bins never counted first (A before B before C), then by
// how long ago they fell due. Bins with a count open, claimed or awaiting
// approval are left alone; empty and inactive bins are not counted.
func (s *Store) ScheduleCounts(ctx context.Context, in ScheduleRequest) (Schedule, error) {
	var f errs.Fields
	in.Warehouse = checkWarehouse(&f, "warehouse", in.Warehouse)
	if in.Count < 1 || in.Count > 200 {
		f.Add("count", errs.CodeOutOfRange, "count must be 1 to 200")
	}
	if err := f.Err(); err != nil {
		return Schedule{}, err
	}
	var out Schedule
	var ids []string
	var chosen []binDue
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		r := &resolver{ctx: ctx, tx: tx}
		w := r.warehouse("warehouse", in.Warehouse)
		if err := r.done(); err != nil {
			return err
		}
		classes, err := abcClasses(ctx, tx, w.ID, tx.Now.Add(-movementWindow))
		if err != nil {
			return err
		}
		bins, err := binsDue(ctx, tx, w.ID, classes, tx.Now)
		if err != nil {
			return err
		}
		out = Schedule{Products: map[string]int{"A": 0, "B": 0, "C": 0}, Due: len(bins)}
		for _, c := range classes {
			out.Products[c]++
		}
		chosen, ids = bins[:min(in.Count, len(bins))], nil
		who, _ := actor.From(ctx)
		for _, b := range chosen {
			id, err := OpenCount(ctx, tx, w.ID, b.id, CountSchedule, who.ID)
			if err != nil {
				return fmt.Errorf("open count of %s: %w", b.code, err)
			}
			ids = append(ids, id)
		}
		return audit.Record(ctx, tx, "count.schedule", "warehouse", w.ID, map[string]any{"asked": in.Count, "due": len(bins), "tasks": ids})
	})
	if err != nil {
		return Schedule{}, err
	}
	tasks, err := s.countsByID(ctx, ids)
	if err != nil {
		return Schedule{}, err
	}
	out.Opened = []ScheduledCount{}
	for i, t := range tasks {
		sc := ScheduledCount{Task: t, Class: chosen[i].class}
		if b := chosen[i]; !b.last.IsZero() {
			last, due := b.last, b.due()
			sc.LastCounted, sc.DueSince = &last, &due
		}
		out.Opened = append(out.Opened, sc)
	}
	return out, nil
}

// abcClasses classifies the products moved out of a warehouse (picked or
// transferred away) since from by their share of the units; a product not
// in the answer is C.
func abcClasses(ctx context.Context, tx *db.Tx, warehouseID string, from time.Time) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT product_id, CAST(-sum(on_hand_delta) AS BIGINT) FROM stock_entries
		WHERE warehouse_id = $1 AND at >= $2 AND on_hand_delta < 0 AND kind IN ('pick', 'transfer') GROUP BY product_id`,
		warehouseID, from)
	if err != nil {
		return nil, fmt.Errorf("read movement: %w", err)
	}
	defer rows.Close()
	type moved struct {
		product string
		units   int64
	}
	var all []moved
	var total int64
	for rows.Next() {
		var m moved
		if err := rows.Scan(&m.product, &m.units); err != nil {
			return nil, err
		}
		all, total = append(all, m), total+m.units
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b moved) int { return cmp.Or(cmp.Compare(b.units, a.units), cmp.Compare(a.product, b.product)) })
	out := map[string]string{}
	var before int64
	for _, m := range all {
		switch {
		case before*100 < classAShare*total:
			out[m.product] = "A"
		case before*100 < classBShare*total:
			out[m.product] = "B"
		default:
			out[m.product] = "C"
		}
		before += m.units
	}
	return out, nil
}

// binsDue lists the active bins holding stock that are due for a count at
// now and have no count in progress, most overdue first.
func binsDue(ctx context.Context, tx *db.Tx, warehouseID string, classes map[string]string, now time.Time) ([]binDue, error) {
	byBin := map[string]*binDue{}
	err := eachRow(ctx, tx, `SELECT s.bin_id, b.code, s.product_id FROM bin_stock s JOIN bins b ON b.id = s.bin_id
		WHERE s.warehouse_id = $1 AND s.on_hand > 0 AND b.active
		AND NOT EXISTS (SELECT 1 FROM count_tasks c WHERE c.bin_id = s.bin_id AND c.status IN ('open', 'claimed', 'counted'))`,
		[]any{warehouseID}, func(scan func(...any) error) error {
			var bin, code, product string
			if err := scan(&bin, &code, &product); err != nil {
				return err
			}
			b := byBin[bin]
			if b == nil {
				b = &binDue{id: bin, code: code, class: "C"}
				byBin[bin] = b
			}
			if c := cmp.Or(classes[product], "C"); c < b.class {
				b.class = c
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT bin_id, decided_at FROM count_tasks
		WHERE warehouse_id = $1 AND status = 'approved' AND decided_at IS NOT NULL`,
		[]any{warehouseID}, func(scan func(...any) error) error {
			var bin string
			var at time.Time
			if err := scan(&bin, &at); err != nil {
				return err
			}
			if b := byBin[bin]; b != nil && at.After(b.last) {
				b.last = at.UTC()
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	var out []binDue
	for _, b := range byBin {
		if !b.due().After(now) {
			out = append(out, *b)
		}
	}
	slices.SortFunc(out, func(a, b binDue) int {
		if a.last.IsZero() != b.last.IsZero() {
			return cmp.Compare(boolInt(!a.last.IsZero()), boolInt(!b.last.IsZero()))
		}
		if a.last.IsZero() {
			return cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(a.code, b.code))
		}
		return cmp.Or(a.due().Compare(b.due()), cmp.Compare(a.class, b.class), cmp.Compare(a.code, b.code))
	})
	return out, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// eachRow runs q and hands each row's scan to fn.
func eachRow(ctx context.Context, tx *db.Tx, q string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
