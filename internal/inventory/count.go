package inventory

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Cycle counts: a person counts what a bin holds, blind (never told what
// the ledger expects), and an admin approves the difference into the
// ledger as one movement of kind count. A bin with an open or claimed
// count promises nothing new to pick lines (Free skips it).

// KindCount is the movement an approved count books: its variances as
// on-hand deltas of its bin.
const KindCount = "count"

// The states of a count task.
const (
	CountOpen      = "open"
	CountClaimed   = "claimed"
	CountCounted   = "counted"
	CountApproved  = "approved"
	CountCancelled = "cancelled"
)

// The reasons a count is opened.
const (
	CountManual      = "manual"
	CountSchedule    = "schedule"
	CountRecount     = "recount"
	CountDiscrepancy = "discrepancy"
)

// MaxCountLines bounds one submitted count: a bin holds a few products, and
// a body of thousands of lines is a mistake or an attack.
const MaxCountLines = 500

// CountTask is one count of one bin. Counters see only the bin; the lines
// found and the variances are shown to admins, once counted.
type CountTask struct {
	ID        string     `json:"id" doc:"cnt_…"`
	Warehouse string     `json:"warehouse"`
	Bin       string     `json:"bin"`
	Reason    string     `json:"reason" enum:"discrepancy,schedule,recount,manual"`
	Status    string     `json:"status" enum:"open,claimed,counted,approved,cancelled"`
	Recount   bool       `json:"recount" doc:"A second count of a bin whose first count was far off, by another person"`
	RecountOf string     `json:"recount_of,omitempty" doc:"The first count, for a recount"`
	RecountID string     `json:"recount_task,omitempty" doc:"The recount this count opened"`
	ClaimedBy string     `json:"claimed_by,omitempty" doc:"Who counts (counted) the bin"`
	StartedAt *time.Time `json:"started_at,omitempty"`
	Variances []Variance `json:"variances,omitempty" doc:"Admins only, once counted: per product, what was expected and found"`
	Movement  string     `json:"movement,omitempty" doc:"The ledger movement its approval booked (none when nothing differed)"`
	DecidedBy string     `json:"decided_by,omitempty" doc:"The admin who approved or cancelled it"`
	Actor     string     `json:"actor" doc:"Who opened it"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Variance is one product of a counted bin. Expected is the snapshot taken
// when the count started plus the on-hand movements of the bin and product
// booked since (picks, put-aways), so work done during the count does not
// show as missing or extra.
type Variance struct {
	ProductID string `json:"product_id"`
	SKU       string `json:"sku"`
	Snapshot  int64  `json:"snapshot" doc:"On hand in the bin when the count started"`
	Moved     int64  `json:"moved" doc:"Net on-hand movements of the bin and product booked since the count started"`
	Expected  int64  `json:"expected" doc:"snapshot + moved"`
	Counted   int64  `json:"counted"`
	Variance  int64  `json:"variance" doc:"counted - expected: the on-hand delta an approval books"`
	Beyond    bool   `json:"beyond_threshold,omitempty" doc:"Off by more than max(2 units, 5 % of expected)"`
}

// CountFilter narrows the count list.
type CountFilter struct {
	Warehouse string
	Status    string
	Limit     int
}

// lockedCount is a count task's row read for a change, locked on PostgreSQL.
type lockedCount struct {
	CountTask
	warehouseID, binID string
	expected           map[string]int64
	variances          []Variance
}

const countColumns = `c.id, w.code, b.code, c.reason, c.status, coalesce(c.recount_of, ''), coalesce(c.claimed_by, ''),
	c.started_at, c.expected, c.counted, coalesce(c.movement_id, ''), coalesce(c.decided_by, ''), c.actor, c.created_at,
	c.updated_at, c.warehouse_id, c.bin_id,
	coalesce((SELECT r.id FROM count_tasks r WHERE r.recount_of = c.id ORDER BY r.id DESC LIMIT 1), '')`

const countFrom = ` FROM count_tasks c JOIN warehouses w ON w.id = c.warehouse_id JOIN bins b ON b.id = c.bin_id`

type rowScanner interface{ Scan(dest ...any) error }

func scanCount(row rowScanner) (lockedCount, error) {
	var c lockedCount
	var started *time.Time
	var expected, counted string
	err := row.Scan(&c.ID, &c.Warehouse, &c.Bin, &c.Reason, &c.Status, &c.RecountOf, &c.ClaimedBy, &started, &expected,
		&counted, &c.Movement, &c.DecidedBy, &c.Actor, &c.CreatedAt, &c.UpdatedAt, &c.warehouseID, &c.binID, &c.RecountID)
	if err != nil {
		return c, err
	}
	if started != nil {
		at := started.UTC()
		c.StartedAt = &at
	}
	c.Recount = c.RecountOf != ""
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(expected), &c.expected); err != nil {
		return c, fmt.Errorf("count %s expected: %w", c.ID, err)
	}
	if counted != "{}" && counted != "" {
		if err := json.Unmarshal([]byte(counted), &c.variances); err != nil {
			return c, fmt.Errorf("count %s counted: %w", c.ID, err)
		}
	}
	return c, nil
}

// lockCount reads a task for a change in tx; a task in a warehouse the
// caller's key does not see is not found.
func lockCount(ctx context.Context, tx *db.Tx, id string) (lockedCount, error) {
	lock := ""
	if tx.Dialect == db.Postgres {
		lock = " FOR UPDATE OF c"
	}
	c, err := scanCount(tx.QueryRowContext(ctx, `SELECT `+countColumns+countFrom+` WHERE c.id = $1`+lock, id))
	if err != nil {
		return c, db.NotFound(err, "no count task %q", errs.Clip(id))
	}
	if who, _ := actor.From(ctx); !who.SeesWarehouse(c.Warehouse) {
		return c, errs.E(errs.NotFound, "no count task %q", errs.Clip(id))
	}
	return c, nil
}

// view is the task as who may see it: variances to admins only, so a
// counter (or the person who counts the bin again) never learns what the
// ledger expects.
func (c lockedCount) view(who actor.Actor) CountTask {
	t := c.CountTask
	if who.Role == actor.Admin && len(c.variances) > 0 {
		t.Variances = c.variances
	}
	return t
}

// Count reads one count task as the caller may see it.
func (s *Store) Count(ctx context.Context, id string) (CountTask, error) {
	var t CountTask
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		c, err := scanCount(tx.QueryRowContext(ctx, `SELECT `+countColumns+countFrom+` WHERE c.id = $1`, id))
		if err != nil {
			return db.NotFound(err, "no count task %q", errs.Clip(id))
		}
		who, _ := actor.From(ctx)
		if !who.SeesWarehouse(c.Warehouse) {
			return errs.E(errs.NotFound, "no count task %q", errs.Clip(id))
		}
		t = c.view(who)
		return nil
	})
	return t, err
}

// Counts lists count tasks, oldest first while they wait for work or a
// decision, newest first once closed.
func (s *Store) Counts(ctx context.Context, f CountFilter) ([]CountTask, error) {
	who, _ := actor.From(ctx)
	q := `SELECT ` + countColumns + countFrom + ` WHERE ($1 = '' OR w.code = $1) AND ($2 = '' OR c.status = $2)`
	args := []any{strings.ToUpper(strings.TrimSpace(f.Warehouse)), f.Status}
	if len(who.Warehouses) > 0 {
		q += ` AND w.code IN (` + db.Placeholders(3, len(who.Warehouses)) + `)`
		for _, w := range who.Warehouses {
			args = append(args, w)
		}
	}
	order := " ORDER BY c.id"
	if f.Status == CountApproved || f.Status == CountCancelled {
		order = " ORDER BY c.id DESC"
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q += order + fmt.Sprintf(" LIMIT %d", f.Limit)
	var out []CountTask
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list counts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCount(rows)
			if err != nil {
				return err
			}
			out = append(out, c.view(who))
		}
		return rows.Err()
	})
	return out, err
}

// orConflict is err, or refusal when an UPDATE guarded by its WHERE clause
// changed no row because another request won the race.
func orConflict(err error, refusal *errs.Error) error {
	if err != nil {
		return err
	}
	return refusal
}
