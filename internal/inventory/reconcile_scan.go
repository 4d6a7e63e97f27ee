package inventory

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/db"
)

// codes are the names named puts first in every check row.
type codes struct{ w, sku, bin string }

// scanFunc scans a check row: the codes, then the columns given.
type scanFunc func(dest ...any) error

// scan runs a check query built by named; row calls rest to scan the row's
// own columns, after which c holds its codes.
func scan(ctx context.Context, tx *db.Tx, query string, limit int, row func(c *codes, rest scanFunc) error) error {
	rows, err := tx.QueryContext(ctx, query, limit)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c := &codes{}
		rest := func(dest ...any) error { return rows.Scan(append([]any{&c.w, &c.sku, &c.bin}, dest...)...) }
		if err := row(c, rest); err != nil {
			return fmt.Errorf("reconcile: %w", err)
		}
	}
	return rows.Err()
}

// checkInvariants finds rows breaking what the CHECK constraints promise, in
// case a constraint was dropped or data was loaded around it.
func checkInvariants(ctx context.Context, tx *db.Tx, r *Report) error {
	q := named(`SELECT warehouse_id AS wid, product_id AS pid, on_hand, reserved, picked FROM stock_balances
		WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand OR picked < 0 LIMIT $1`, false)
	err := scan(ctx, tx, q, r.room(), func(c *codes, rest scanFunc) error {
		var wid, pid string
		var on, res, picked int64
		if err := rest(&wid, &pid, &on, &res, &picked); err != nil {
			return err
		}
		d := Difference{Warehouse: c.w, SKU: c.sku}
		if on < 0 || res < 0 || picked < 0 {
			d.Check, d.Actual = CheckNegative, min(on, res, picked)
			d.Detail = fmt.Sprintf("balance is negative: %d on hand, %d reserved, %d picked", on, res, picked)
			r.add(d)
		}
		if res > on {
			d.Check, d.Expected, d.Actual = CheckReservedAboveOn, on, res
			d.Detail = fmt.Sprintf("%d reserved but only %d on hand", res, on)
			r.add(d)
		}
		return nil
	})
	if err != nil {
		return err
	}
	q = named(`SELECT warehouse_id AS wid, product_id AS pid, bin_id AS bid, on_hand, allocated FROM bin_stock
		WHERE on_hand < 0 OR allocated < 0 OR allocated > on_hand LIMIT $1`, true)
	return scan(ctx, tx, q, r.room(), func(c *codes, rest scanFunc) error {
		var wid, pid, bid string
		var on, alloc int64
		if err := rest(&wid, &pid, &bid, &on, &alloc); err != nil {
			return err
		}
		if on < 0 || alloc < 0 {
			r.add(Difference{Check: CheckNegative, Warehouse: c.w, SKU: c.sku, Bin: c.bin, Actual: min(on, alloc),
				Detail: fmt.Sprintf("bin holds a negative amount: %d on hand, %d promised to pick lines", on, alloc)})
		}
		if alloc > max(on, 0) {
			r.add(Difference{Check: CheckAllocatedAboveOn, Warehouse: c.w, SKU: c.sku, Bin: c.bin, Expected: on, Actual: alloc,
				Detail: fmt.Sprintf("%d promised to pick lines but the bin holds %d", alloc, on)})
		}
		return nil
	})
}
