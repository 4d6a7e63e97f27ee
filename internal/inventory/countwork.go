package inventory

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/text"
)

// CountLine is one product found in a bin: the code as scanned and how
// many. Lines naming one product add up.
type CountLine struct {
	Item     string `json:"item" minLength:"1" maxLength:"64" doc:"The product's barcode (GTIN) or SKU as scanned"`
	Quantity int64  `json:"quantity" minimum:"0" maximum:"1000000" doc:"Units found; 0 says the product is not there"`
}

// CountSubmission is what a counter found in the bin. Products not listed
// count 0; a product the bin was not expected to hold is found stock.
type CountSubmission struct {
	Lines []CountLine `json:"lines" maxItems:"500" nullable:"false"`
}

// Item is a product found by a code as scanned.
type Item struct {
	ProductID string `json:"product_id"`
	SKU       string `json:"sku"`
	Name      string `json:"name"`
}

// ClaimCount gives an open count to the caller and snapshots what the bin
// holds (server-side only). The first counter of a bin cannot claim its
// recount. Claiming a task one already holds returns it.
func (s *Store) ClaimCount(ctx context.Context, taskID string) (CountTask, error) {
	who, _ := actor.From(ctx)
	var t CountTask
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		c, err := lockCount(ctx, tx, taskID)
		if err != nil {
			return err
		}
		if c.Status == CountClaimed && c.ClaimedBy == who.ID {
			t = c.view(who)
			return nil
		}
		if err := c.refuseClaim(ctx, tx, who); err != nil {
			return err
		}
		snapshot, err := binOnHand(ctx, tx, c.binID, false)
		if err != nil {
			return err
		}
		expected, _ := json.Marshal(snapshot)
		res, err := tx.ExecContext(ctx, `UPDATE count_tasks SET status = 'claimed', claimed_by = $2, started_at = $3, expected = $4,
			updated_at = $3 WHERE id = $1 AND status = 'open'`, taskID, who.ID, tx.Now, string(expected))
		if err != nil {
			return fmt.Errorf("claim count: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return orConflict(err, errs.E(errs.Conflict, "count task %s was claimed a moment ago", taskID))
		}
		started := tx.Now
		c.Status, c.ClaimedBy, c.StartedAt, c.UpdatedAt = CountClaimed, who.ID, &started, tx.Now
		t = c.view(who)
		return audit.Record(ctx, tx, "count.claim", "count_task", taskID, map[string]any{"bin": c.Bin, "warehouse": c.Warehouse})
	})
	return t, err
}

// refuseClaim says why who cannot claim c, or nil when they can.
func (c lockedCount) refuseClaim(ctx context.Context, tx *db.Tx, who actor.Actor) error {
	switch {
	case c.Status == CountClaimed:
		return errs.E(errs.Conflict, "count task %s is claimed by %s", c.ID, c.ClaimedBy)
	case c.Status != CountOpen:
		return errs.E(errs.Conflict, "count task %s is %s", c.ID, c.Status)
	case c.RecountOf == "":
		return nil
	}
	var first string
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(claimed_by, '') FROM count_tasks WHERE id = $1`, c.RecountOf).Scan(&first); err != nil {
		return fmt.Errorf("read first count: %w", err)
	}
	if first == who.ID {
		return errs.E(errs.Conflict, "you counted bin %s first (count %s); its recount is for someone else", c.Bin, c.RecountOf)
	}
	return nil
}

// binOnHand reads what a bin holds per product; on PostgreSQL lock makes
// the rows stay as read until the transaction ends.
func binOnHand(ctx context.Context, tx *db.Tx, binID string, lock bool) (map[string]int64, error) {
	q := `SELECT product_id, on_hand FROM bin_stock WHERE bin_id = $1 AND on_hand <> 0`
	if lock && tx.Dialect == db.Postgres {
		q += ` ORDER BY product_id FOR UPDATE`
	}
	rows, err := tx.QueryContext(ctx, q, binID)
	if err != nil {
		return nil, fmt.Errorf("read bin stock: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var p string
		var n int64
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		out[p] = n
	}
	return out, rows.Err()
}

// SubmitCount records what the holder of a claimed count found. Expected
// per product is the snapshot plus the bin's on-hand movements since the
// count started; that sum is what the bin's row holds now (the ledger
// reconciles), so it is read from the row, locked, and no movement
// committed around the start can be missed or counted twice. A variance
// beyond max(2 units, 5 % of expected) on a first count opens a recount
// for another person; either way the task becomes counted and waits for
// an admin.
func (s *Store) SubmitCount(ctx context.Context, taskID string, in CountSubmission) (CountTask, error) {
	if err := checkCountLines(in.Lines); err != nil {
		return CountTask{}, err
	}
	who, _ := actor.From(ctx)
	var t CountTask
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		c, err := lockCount(ctx, tx, taskID)
		if err != nil {
			return err
		}
		if c.Status != CountClaimed || c.ClaimedBy != who.ID {
			return c.refuseWork(who)
		}
		found, err := resolveCountLines(ctx, tx, in.Lines)
		if err != nil {
			return err
		}
		now, err := binOnHand(ctx, tx, c.binID, true)
		if err != nil {
			return err
		}
		c.variances, err = variances(ctx, tx, c.expected, now, found)
		if err != nil {
			return err
		}
		counted, _ := json.Marshal(c.variances)
		res, err := tx.ExecContext(ctx, `UPDATE count_tasks SET status = 'counted', counted = $2, updated_at = $3
			WHERE id = $1 AND status = 'claimed'`, taskID, string(counted), tx.Now)
		if err != nil {
			return fmt.Errorf("record count: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return orConflict(err, errs.E(errs.Conflict, "count task %s was submitted a moment ago", taskID))
		}
		c.Status, c.UpdatedAt = CountCounted, tx.Now
		if c.RecountOf == "" && slices.ContainsFunc(c.variances, func(v Variance) bool { return v.Beyond }) {
			c.RecountID = id.New("cnt", tx.Now)
			if _, err := tx.ExecContext(ctx, `INSERT INTO count_tasks (id, warehouse_id, bin_id, reason, status, recount_of, actor,
				created_at, updated_at) VALUES ($1, $2, $3, 'recount', 'open', $4, $5, $6, $6)`,
				c.RecountID, c.warehouseID, c.binID, taskID, who.ID, tx.Now); err != nil {
				return fmt.Errorf("open recount: %w", err)
			}
		}
		t = c.view(who)
		return audit.Record(ctx, tx, "count.submit", "count_task", taskID, map[string]any{"lines": in.Lines, "recount": c.RecountID})
	})
	return t, err
}

// refuseWork says why who cannot submit c.
func (c lockedCount) refuseWork(who actor.Actor) error {
	switch {
	case c.Status == CountOpen:
		return errs.E(errs.Conflict, "count task %s is not claimed; claim it first", c.ID)
	case c.Status == CountClaimed:
		return errs.E(errs.Conflict, "count task %s is claimed by %s", c.ID, c.ClaimedBy)
	}
	return errs.E(errs.Conflict, "count task %s is %s", c.ID, c.Status)
}

func checkCountLines(lines []CountLine) error {
	var f errs.Fields
	if len(lines) > MaxCountLines {
		f.Add("lines", errs.CodeOutOfRange, "a count has at most %d lines; lines naming one product add up", MaxCountLines)
		return f.Err()
	}
	for i, l := range lines {
		if l.Quantity < 0 || l.Quantity > MaxQuantity {
			f.Add(fmt.Sprintf("lines[%d].quantity", i), errs.CodeOutOfRange, "quantity must be 0 to %d", MaxQuantity)
		}
		text.Field(&f, fmt.Sprintf("lines[%d].item", i), l.Item, 1, 64)
	}
	return f.Err()
}

// resolveCountLines adds up the lines per product; every unknown code is
// reported at its path at once.
func resolveCountLines(ctx context.Context, tx *db.Tx, lines []CountLine) (map[string]int64, error) {
	out := map[string]int64{}
	var f errs.Fields
	for i, l := range lines {
		it, err := findItem(ctx, tx, l.Item)
		if errs.Is(err, errs.NotFound) {
			f.Add(fmt.Sprintf("lines[%d].item", i), errs.CodeUnknown, "%s is not in the catalogue", errs.Clip(strings.TrimSpace(l.Item)))
			continue
		}
		if err != nil {
			return nil, err
		}
		out[it.ProductID] += l.Quantity
	}
	return out, f.Err()
}

// variances compares what was found with what was expected, per product
// the bin held at the start, holds now or was found holding, by SKU.
func variances(ctx context.Context, tx *db.Tx, snapshot, now, found map[string]int64) ([]Variance, error) {
	seen := map[string]bool{}
	var out []Variance
	for _, m := range []map[string]int64{snapshot, now, found} {
		for p := range m {
			if seen[p] {
				continue
			}
			seen[p] = true
			v := Variance{ProductID: p, Snapshot: snapshot[p], Expected: now[p], Counted: found[p]}
			v.Moved, v.Variance = v.Expected-v.Snapshot, v.Counted-v.Expected
			v.Beyond = beyond(v.Variance, v.Expected)
			if err := tx.QueryRowContext(ctx, `SELECT sku FROM products WHERE id = $1`, p).Scan(&v.SKU); err != nil {
				return nil, fmt.Errorf("read SKU of %s: %w", p, err)
			}
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b Variance) int { return cmp.Compare(a.SKU, b.SKU) })
	return out, nil
}

// beyond is the recount threshold: off by more than 2 units and more than
// 5 % of what was expected.
func beyond(variance, expected int64) bool {
	off := max(variance, -variance)
	return off > 2 && off*100 > 5*expected
}

// FindItem resolves a code as scanned (a barcode of any GTIN length, or a
// SKU in any case) to its product; an unknown code is an invalid item.
func (s *Store) FindItem(ctx context.Context, code string) (Item, error) {
	var f errs.Fields
	if code = text.Field(&f, "item", code, 1, 64); len(f) > 0 {
		return Item{}, f.Err()
	}
	var it Item
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		it, err = findItem(ctx, tx, code)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("item", errs.CodeUnknown, "%s is not in the catalogue", errs.Clip(strings.TrimSpace(code)))
		}
		return err
	})
	return it, err
}

func findItem(ctx context.Context, tx *db.Tx, code string) (Item, error) {
	code = strings.TrimSpace(code)
	var it Item
	err := sql.ErrNoRows
	if n := len(code); isDigits(code) && (n == 8 || n == 12 || n == 13 || n == 14) {
		err = tx.QueryRowContext(ctx, `SELECT p.id, p.sku, p.name FROM product_barcodes b JOIN products p ON p.id = b.product_id
			WHERE b.gtin = $1`, strings.Repeat("0", 14-n)+code).Scan(&it.ProductID, &it.SKU, &it.Name)
	}
	if errors.Is(err, sql.ErrNoRows) { // not a barcode we know: a SKU of digits, or any other
		err = tx.QueryRowContext(ctx, `SELECT id, sku, name FROM products WHERE upper(sku) = $1`, strings.ToUpper(code)).
			Scan(&it.ProductID, &it.SKU, &it.Name)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return it, errs.E(errs.NotFound, "no product %s", errs.Clip(code))
	}
	return it, err
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
