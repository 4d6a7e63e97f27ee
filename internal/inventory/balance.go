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
	if c.onHand == 0 && c.reserved == 0 {
		return nil
	}
	if c.onHand >= 0 && c.reserved >= 0 && c.reserved <= c.onHand {
		_, err := tx.ExecContext(ctx, `INSERT INTO stock_balances (warehouse_id, product_id, on_hand, reserved, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (warehouse_id, product_id) DO UPDATE SET
				on_hand = stock_balances.on_hand + excluded.on_hand,
				reserved = stock_balances.reserved + excluded.reserved, updated_at = excluded.updated_at`,
			c.wh.ID, c.prod.ID, c.onHand, c.reserved, tx.Now)
		return classify(err, "add to balance")
	}
	res, err := tx.ExecContext(ctx, `UPDATE stock_balances SET on_hand = on_hand + $3, reserved = reserved + $4,
		updated_at = $5 WHERE warehouse_id = $1 AND product_id = $2
		AND on_hand + $3 >= reserved + $4 AND reserved + $4 >= 0`,
		c.wh.ID, c.prod.ID, c.onHand, c.reserved, tx.Now)
	if err != nil {
		return classify(err, "change balance")
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var onHand, reserved int64
	err = tx.QueryRowContext(ctx, `SELECT on_hand, reserved FROM stock_balances WHERE warehouse_id = $1 AND product_id = $2`,
		c.wh.ID, c.prod.ID).Scan(&onHand, &reserved)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read refused balance: %w", err)
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
		var held int64
		err := tx.QueryRowContext(ctx, `SELECT on_hand FROM bin_stock WHERE bin_id = $1 AND product_id = $2`,
			c.bin.ID, c.prod.ID).Scan(&held)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return refusal
		}
		if held+c.onHand < 0 {
			return shortOfBin(c, held)
		}
	}
	return refusal
}

func shortOfBin(c binChange, held int64) error {
	return errs.E(errs.Conflict, "bin %s in warehouse %s holds %d of SKU %s; cannot remove %d",
		c.bin.Code, c.wh.Code, held, c.prod.Code, -c.onHand)
}

// applyBin changes the stock of one bin, refusing to take it below zero.
func applyBin(ctx context.Context, tx *db.Tx, c binChange) error {
	if c.onHand == 0 {
		return nil
	}
	if c.onHand > 0 {
		_, err := tx.ExecContext(ctx, `INSERT INTO bin_stock (bin_id, product_id, warehouse_id, on_hand, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (bin_id, product_id) DO UPDATE SET
				on_hand = bin_stock.on_hand + excluded.on_hand, updated_at = excluded.updated_at`,
			c.bin.ID, c.prod.ID, c.wh.ID, c.onHand, tx.Now)
		return classify(err, "add to bin")
	}
	res, err := tx.ExecContext(ctx, `UPDATE bin_stock SET on_hand = on_hand + $3, updated_at = $4
		WHERE bin_id = $1 AND product_id = $2 AND on_hand + $3 >= 0`, c.bin.ID, c.prod.ID, c.onHand, tx.Now)
	if err != nil {
		return classify(err, "take from bin")
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var held int64
	err = tx.QueryRowContext(ctx, `SELECT on_hand FROM bin_stock WHERE bin_id = $1 AND product_id = $2`,
		c.bin.ID, c.prod.ID).Scan(&held)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read refused bin: %w", err)
	}
	return shortOfBin(c, held)
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
