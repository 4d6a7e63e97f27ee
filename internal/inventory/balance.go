package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// applyBalance changes one warehouse balance atomically. A change that can
// only grow the row is an upsert; any other is an UPDATE whose WHERE clause
// is the invariant (reserved <= on_hand, reserved >= 0), so the row lock and
// the check are one statement and no race can slip between them. When the
// guard refuses, the row is read to say precisely why.
func applyBalance(ctx context.Context, tx *db.Tx, c balanceChange) error {
	if c.onHand == 0 && c.reserved == 0 && c.picked == 0 {
		return nil
	}
	if c.onHand >= 0 && c.reserved >= 0 && c.reserved <= c.onHand && c.picked >= 0 {
		_, err := tx.ExecPrepared(ctx, `INSERT INTO stock_balances (warehouse_id, product_id, on_hand, reserved, picked, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (warehouse_id, product_id) DO UPDATE SET
				on_hand = stock_balances.on_hand + excluded.on_hand,
				reserved = stock_balances.reserved + excluded.reserved,
				picked = stock_balances.picked + excluded.picked, updated_at = excluded.updated_at`,
			c.wh.ID, c.prod.ID, c.onHand, c.reserved, c.picked, tx.Now)
		return classify(err, "add to balance")
	}
	res, err := tx.ExecPrepared(ctx, `UPDATE stock_balances SET on_hand = on_hand + $3, reserved = reserved + $4,
		picked = picked + $6, updated_at = $5 WHERE warehouse_id = $1 AND product_id = $2
		AND on_hand + $3 >= reserved + $4 AND reserved + $4 >= 0 AND picked + $6 >= 0`,
		c.wh.ID, c.prod.ID, c.onHand, c.reserved, tx.Now, c.picked)
	if err != nil {
		return classify(err, "change balance")
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var onHand, reserved, picked int64
	err = tx.QueryRowPrepared(ctx, `SELECT on_hand, reserved, picked FROM stock_balances WHERE warehouse_id = $1 AND product_id = $2`,
		c.wh.ID, c.prod.ID).Scan(&onHand, &reserved, &picked)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read refused balance: %w", err)
	}
	if picked+c.picked < 0 {
		return errs.E(errs.Conflict, "warehouse %s has %d of SKU %s picked into totes; cannot take %d from them",
			c.wh.Code, picked, c.prod.Code, -c.picked)
	}
	return shortOfBalance(c, onHand, reserved)
}

func shortOfBalance(c balanceChange, onHand, reserved int64) error {
	w, sku, avail := c.wh.Code, c.prod.Code, onHand-reserved
	switch {
	case c.onHand == 0 && c.reserved > 0:
		return errs.E(errs.Conflict, "warehouse %s has %d available of SKU %s (%d on hand, %d reserved); cannot reserve %d",
			w, avail, sku, onHand, reserved, c.reserved)
	case c.onHand == 0 && c.reserved < 0:
		return errs.E(errs.Conflict, "warehouse %s has %d reserved of SKU %s; cannot release %d", w, reserved, sku, -c.reserved)
	case c.reserved == 0 && c.onHand < 0:
		return errs.E(errs.Conflict, "warehouse %s has %d on hand of SKU %s with %d reserved; cannot remove %d (%d available)",
			w, onHand, sku, reserved, -c.onHand, avail)
	}
	return errs.E(errs.Conflict, "warehouse %s has %d on hand and %d reserved of SKU %s; cannot change them by %+d and %+d",
		w, onHand, reserved, sku, c.onHand, c.reserved)
}

// binShortage prefers the most concrete reason for a refusal: when a
// warehouse balance refused a change and a bin in the same movement is also
// short, "bin A-01-02-3 holds 3" tells the picker more than the warehouse
// total. It only reads, and returns refusal unchanged if no bin is short.
func binShortage(ctx context.Context, tx *db.Tx, bins []binChange, refusal error) error {
	if !errs.Is(refusal, errs.Conflict) {
		return refusal
	}
	for _, c := range bins {
		if c.onHand >= 0 {
			continue
		}
		held, allocated, err := readBin(ctx, tx, c)
		if err != nil {
			return refusal
		}
		if held+c.onHand < allocated+c.allocated {
			return shortOfBin(c, held, allocated)
		}
	}
	return refusal
}

func readBin(ctx context.Context, tx *db.Tx, c binChange) (held, allocated int64, err error) {
	err = tx.QueryRowPrepared(ctx, `SELECT on_hand, allocated FROM bin_stock WHERE bin_id = $1 AND product_id = $2`,
		c.bin.ID, c.prod.ID).Scan(&held, &allocated)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return held, allocated, err
}

// shortOfBin says why a bin refused a change: it holds too few, or what it
// holds is promised to pick lines.
func shortOfBin(c binChange, held, allocated int64) error {
	switch {
	case c.allocated > 0 && c.onHand == 0:
		return errs.E(errs.Conflict, "bin %s in warehouse %s holds %d of SKU %s, %d of them promised to pick lines; cannot promise %d more",
			c.bin.Code, c.wh.Code, held, c.prod.Code, allocated, c.allocated)
	case c.allocated < 0 && allocated+c.allocated < 0:
		return errs.E(errs.Conflict, "bin %s in warehouse %s has %d of SKU %s promised to pick lines; cannot take %d from them",
			c.bin.Code, c.wh.Code, allocated, c.prod.Code, -c.allocated)
	case allocated > 0 && held+c.onHand >= 0:
		return errs.E(errs.Conflict, "bin %s in warehouse %s holds %d of SKU %s, %d of them promised to pick lines; cannot remove %d",
			c.bin.Code, c.wh.Code, held, c.prod.Code, allocated, -c.onHand)
	}
	return errs.E(errs.Conflict, "bin %s in warehouse %s holds %d of SKU %s; cannot remove %d",
		c.bin.Code, c.wh.Code, held, c.prod.Code, -c.onHand)
}

// applyBin changes the stock of one bin and its units promised to pick
// lines, refusing to take either below zero or to promise more than the bin
// holds. since is when its stock last went from none to some (first in,
// first out across bins); expires_on is the earliest expiry of what it
// holds (expiry.go): stock arriving in an empty bin sets it, stock arriving
// in a bin with stock can only bring it earlier. Only stock arriving writes
// them; a bin emptied keeps stale values that its next arrival replaces.
func applyBin(ctx context.Context, tx *db.Tx, c binChange) error {
	if c.onHand == 0 && c.allocated == 0 {
		return nil
	}
	if c.onHand > 0 && c.allocated == 0 {
		_, err := tx.ExecPrepared(ctx, `INSERT INTO bin_stock (bin_id, product_id, warehouse_id, on_hand, updated_at, since, expires_on)
			VALUES ($1, $2, $3, $4, $5, $5, $6) ON CONFLICT (bin_id, product_id) DO UPDATE SET
				on_hand = bin_stock.on_hand + excluded.on_hand, updated_at = excluded.updated_at,
				since = CASE WHEN bin_stock.on_hand = 0 THEN excluded.since ELSE bin_stock.since END,
				expires_on = CASE
					WHEN bin_stock.on_hand = 0 OR bin_stock.expires_on IS NULL THEN excluded.expires_on
					WHEN excluded.expires_on IS NULL OR bin_stock.expires_on <= excluded.expires_on THEN bin_stock.expires_on
					ELSE excluded.expires_on END`,
			c.bin.ID, c.prod.ID, c.wh.ID, c.onHand, tx.Now, nullDate(c.expiresOn))
		return classify(err, "add to bin")
	}
	res, err := tx.ExecPrepared(ctx, `UPDATE bin_stock SET on_hand = on_hand + $3, allocated = allocated + $5, updated_at = $4
		WHERE bin_id = $1 AND product_id = $2 AND on_hand + $3 >= allocated + $5 AND allocated + $5 >= 0`,
		c.bin.ID, c.prod.ID, c.onHand, tx.Now, c.allocated)
	if err != nil {
		return classify(err, "change bin")
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	held, allocated, err := readBin(ctx, tx, c)
	if err != nil {
		return fmt.Errorf("read refused bin: %w", err)
	}
	return shortOfBin(c, held, allocated)
}

// classify turns a CHECK violation - the schema's last line of defence, hit
// only if a guard above were wrong - into a conflict, and wraps the rest.
func classify(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case db.ViolationOf(err) == db.CheckViolation:
		return errs.Wrap(errs.Conflict, err, "the change would leave stock negative or reserved above on hand; nothing was booked")
	}
	return fmt.Errorf("%s: %w", what, err)
}
