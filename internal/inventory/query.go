package inventory

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Filter selects balances or entries; zero fields match everything. Codes
// are matched as people type them (warehouse and bin codes case-insensitive).
type Filter struct {
	SKU       string
	Warehouse string // warehouse code
	Bin       string // bin code (BinBalances only)
	Movement  string // movement id (Entries only)
	After     string // cursor from the previous page's last row
	Limit     int
}

func (f Filter) check() error {
	if f.Limit <= 0 || f.Limit > 1000 {
		return errs.E(errs.Invalid, "limit must be 1 to 1000")
	}
	return nil
}

// Balances lists warehouse balances, keyed and paged by warehouse and product id.
// The cursor is BalanceCursor of the last row.
func (s *Store) Balances(ctx context.Context, f Filter) ([]Balance, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	afterW, afterP, _ := strings.Cut(f.After, " ")
	var out []Balance
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT b.warehouse_id, w.code, b.product_id, p.sku, b.on_hand, b.reserved, b.updated_at
			FROM stock_balances b JOIN warehouses w ON w.id = b.warehouse_id JOIN products p ON p.id = b.product_id
			WHERE ($1 = '' OR p.sku = $1) AND ($2 = '' OR w.code = $2)
				AND (b.warehouse_id > $3 OR (b.warehouse_id = $3 AND b.product_id > $4))
			ORDER BY b.warehouse_id, b.product_id LIMIT $5`,
			f.SKU, strings.ToUpper(f.Warehouse), afterW, afterP, f.Limit)
		if err != nil {
			return fmt.Errorf("list balances: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var b Balance
			if err := rows.Scan(&b.WarehouseID, &b.Warehouse, &b.ProductID, &b.SKU, &b.OnHand, &b.Reserved, &b.UpdatedAt); err != nil {
				return err
			}
			b.Available, b.UpdatedAt = b.OnHand-b.Reserved, b.UpdatedAt.UTC()
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

// BalanceCursor is the paging key of a balance row.
func BalanceCursor(b Balance) string { return b.WarehouseID + " " + b.ProductID }

// BinBalances lists what bins hold (rows with stock only), paged by bin and
// product id. The cursor is BinCursor of the last row.
func (s *Store) BinBalances(ctx context.Context, f Filter) ([]BinBalance, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	afterB, afterP, _ := strings.Cut(f.After, " ")
	var out []BinBalance
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.warehouse_id, w.code, s.bin_id, bn.code, s.product_id, p.sku, s.on_hand, s.updated_at,
				coalesce(s.expires_on, '')
			FROM bin_stock s JOIN warehouses w ON w.id = s.warehouse_id JOIN bins bn ON bn.id = s.bin_id
				JOIN products p ON p.id = s.product_id
			WHERE s.on_hand > 0 AND ($1 = '' OR p.sku = $1) AND ($2 = '' OR w.code = $2) AND ($3 = '' OR bn.code = $3)
				AND (s.bin_id > $4 OR (s.bin_id = $4 AND s.product_id > $5))
			ORDER BY s.bin_id, s.product_id LIMIT $6`,
			f.SKU, strings.ToUpper(f.Warehouse), f.Bin, afterB, afterP, f.Limit)
		if err != nil {
			return fmt.Errorf("list bin balances: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var b BinBalance
			if err := rows.Scan(&b.WarehouseID, &b.Warehouse, &b.BinID, &b.Bin, &b.ProductID, &b.SKU, &b.OnHand, &b.UpdatedAt,
				&b.ExpiresOn); err != nil {
				return err
			}
			b.UpdatedAt = b.UpdatedAt.UTC()
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

// BinCursor is the paging key of a bin balance row.
func BinCursor(b BinBalance) string { return b.BinID + " " + b.ProductID }

// Entries reads the ledger newest first; the cursor is the last entry's id.
// Ids order by millisecond, so entries booked within the same millisecond
// come in no particular order among themselves.
func (s *Store) Entries(ctx context.Context, f Filter) ([]Entry, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	var out []Entry
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT e.id, e.movement_id, e.at, e.kind, e.warehouse_id, w.code, e.product_id,
				p.sku, coalesce(e.bin_id, ''), coalesce(bn.code, ''), e.on_hand_delta, e.reserved_delta, e.reason,
				e.reference, e.note, e.actor
			FROM stock_entries e JOIN warehouses w ON w.id = e.warehouse_id JOIN products p ON p.id = e.product_id
				LEFT JOIN bins bn ON bn.id = e.bin_id
			WHERE ($1 = '' OR p.sku = $1) AND ($2 = '' OR w.code = $2) AND ($3 = '' OR e.movement_id = $3) AND ($4 = '' OR e.id < $4)
			ORDER BY e.id DESC LIMIT $5`,
			f.SKU, strings.ToUpper(f.Warehouse), f.Movement, f.After, f.Limit)
		if err != nil {
			return fmt.Errorf("list entries: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e Entry
			if err := rows.Scan(&e.ID, &e.MovementID, &e.At, &e.Kind, &e.WarehouseID, &e.Warehouse, &e.ProductID, &e.SKU,
				&e.BinID, &e.Bin, &e.OnHandDelta, &e.ReservedDelta, &e.Reason, &e.Reference, &e.Note, &e.Actor); err != nil {
				return err
			}
			e.At = e.At.UTC()
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
