package inventory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// The batch path is for the order engine, which books thousands of
// reservations per transaction: one query reads every balance a batch may
// touch, the engine decides in memory, and BookReservations writes all the
// ledger entries in multi-row inserts and each touched balance once. Reserve
// and Release remain the path for single movements.

// Key names one stock balance: a product in a warehouse.
type Key struct {
	WarehouseID string
	ProductID   string
}

// Level is a balance as read for a batch; available = OnHand - Reserved.
type Level struct {
	Key
	OnHand, Reserved int64
}

// LockLevels reads the balances of the given products in every warehouse. On
// PostgreSQL it locks them, in key order, so engines in several processes
// queue on the same rows in the same order and cannot deadlock; SQLite's one
// writer needs no lock.
func LockLevels(ctx context.Context, tx *db.Tx, productIDs []string) ([]Level, error) {
	var out []Level
	err := db.InChunks(productIDs, func(args []any) error {
		q := `SELECT warehouse_id, product_id, on_hand, reserved FROM stock_balances
			WHERE product_id IN (` + tx.Placeholders(1, len(args)) + `) ORDER BY warehouse_id, product_id`
		if tx.Dialect == db.Postgres {
			q += ` FOR UPDATE`
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("read stock levels: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var l Level
			if err := rows.Scan(&l.WarehouseID, &l.ProductID, &l.OnHand, &l.Reserved); err != nil {
				return err
			}
			out = append(out, l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Hold is one reservation (Quantity > 0) or release (Quantity < 0) for a
// batch; Reference is the order id it belongs to.
type Hold struct {
	Key
	Quantity  int64
	Reference string
}

// BookReservations books holds as one movement: one ledger entry per
// balance for the holds' net effect, and one update of each balance. An
// entry that covers a single order names it as its reference; one that
// covers several names the smallest and largest, "ord_A..ord_B" (order ids
// rise with time, so these bound when the orders were placed; each order's
// allocations say what it holds). Booking per balance rather than per order
// keeps a hot SKU as cheap as a cold one: a batch of 500 orders for one SKU
// is one entry, not 500.
// The balance CHECKs refuse anything the caller's arithmetic got wrong,
// failing the whole transaction rather than overselling.
func BookReservations(ctx context.Context, tx *db.Tx, actorID string, holds []Hold) error {
	if len(holds) == 0 {
		return nil
	}
	type entry struct {
		net         int64
		first, last string // smallest and largest reference
	}
	net := map[Key]*entry{}
	var order []Key // first-seen order, so entries come out in the holds' order
	for _, h := range holds {
		e, ok := net[h.Key]
		if !ok {
			e = &entry{first: h.Reference, last: h.Reference}
			net[h.Key] = e
			order = append(order, h.Key)
		}
		e.net += h.Quantity
		e.first, e.last = min(e.first, h.Reference), max(e.last, h.Reference)
	}
	mov := id.New("mov", tx.Now)
	rows := make([][]any, 0, len(order))
	touched := make([]Key, 0, len(order))
	for _, k := range order {
		e := net[k]
		if e.net == 0 {
			continue
		}
		kind, ref := KindReserve, e.first
		if e.net < 0 {
			kind = KindRelease
		}
		if e.last != e.first {
			ref = e.first + ".." + e.last
		}
		rows = append(rows, []any{id.New("stk", tx.Now), mov, tx.Now, kind, k.WarehouseID, k.ProductID,
			e.net, ref, actorID, 0})
		touched = append(touched, k)
	}
	if err := db.InsertRows(ctx, tx, "stock_entries", []string{"id", "movement_id", "at", "kind", "warehouse_id",
		"product_id", "reserved_delta", "reference", "actor", "on_hand_delta"}, rows); err != nil {
		return fmt.Errorf("write reservation entries: %w", err)
	}
	// Balances are updated in key order, the order LockLevels locked them in.
	slices.SortFunc(touched, func(a, b Key) int {
		return cmp.Or(strings.Compare(a.WarehouseID, b.WarehouseID), strings.Compare(a.ProductID, b.ProductID))
	})
	if tx.Dialect == db.Postgres {
		deltas := make([]int64, len(touched))
		for i, k := range touched {
			deltas[i] = net[k].net
		}
		return addReserved(ctx, tx, touched, deltas)
	}
	for _, k := range touched {
		res, err := tx.ExecPrepared(ctx, `UPDATE stock_balances SET reserved = reserved + $1, updated_at = $2
			WHERE warehouse_id = $3 AND product_id = $4`, net[k].net, tx.Now, k.WarehouseID, k.ProductID)
		if err != nil {
			return fmt.Errorf("update reserved stock: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("no stock balance for product %s in warehouse %s", k.ProductID, k.WarehouseID)
		}
	}
	return nil
}

// addReserved adds deltas[i] to the reserved stock of keys[i], on
// PostgreSQL, in one statement: a statement per balance is a round trip per
// balance, some 400 per intake batch (87 µs of the engine's time per order,
// measured; docs/PERFORMANCE.md, session 16). Every key must name a balance.
func addReserved(ctx context.Context, tx *db.Tx, keys []Key, deltas []int64) error {
	whs, products := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		whs[i], products[i] = k.WarehouseID, k.ProductID
	}
	res, err := tx.ExecPrepared(ctx, `UPDATE stock_balances AS s SET reserved = s.reserved + v.delta, updated_at = $1
		FROM unnest($2::text[], $3::text[], $4::bigint[]) AS v(warehouse_id, product_id, delta)
		WHERE s.warehouse_id = v.warehouse_id AND s.product_id = v.product_id`, tx.Now, whs, products, deltas)
	if err != nil {
		return fmt.Errorf("update reserved stock: %w", err)
	}
	if n, _ := res.RowsAffected(); n != int64(len(keys)) {
		return fmt.Errorf("%d of %d stock balances to reserve from do not exist", int64(len(keys))-n, len(keys))
	}
	return nil
}
