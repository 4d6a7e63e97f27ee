package inventory

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/job"
)

// line is one ledger entry before it is written. bin is zero for a
// reservation, which holds stock in a warehouse, not in a bin. expiresOn
// is the expiry date of units it adds to the bin, "" if none.
type line struct {
	wh, prod, bin                       ref
	onHand, reserved, allocated, picked int64
	expiresOn                           string
}

// booking is one movement before it is written; detail goes to the audit log.
type booking struct {
	kind, reason, reference, note string
	lines                         []line
	detail                        any
}

// balanceChange and binChange are the net effect of a movement on one row.
type balanceChange struct {
	wh, prod                 ref
	onHand, reserved, picked int64
}

type binChange struct {
	wh, bin, prod     ref
	onHand, allocated int64
	expiresOn         string // the earliest expiry of the units it adds
}

// book writes a movement: first the balance rows, then the bin rows, each in
// key order so that concurrent movements on PostgreSQL lock rows in one
// global order and cannot deadlock; then the entries and the audit record.
// A refusal (not enough stock) is an errs.Conflict saying what is there.
func book(ctx context.Context, tx *db.Tx, b booking, waiting Waiting) (Movement, error) {
	who, ok := actor.From(ctx)
	if !ok {
		return Movement{}, fmt.Errorf("book %s: no actor in context", b.kind)
	}
	m := Movement{ID: id.New("mov", tx.Now), Kind: b.kind, At: tx.Now}
	balances, bins := aggregate(b.lines)
	for _, c := range balances {
		if err := applyBalance(ctx, tx, c); err != nil {
			return Movement{}, binShortage(ctx, tx, bins, err)
		}
	}
	for _, c := range bins {
		if err := applyBin(ctx, tx, c); err != nil {
			return Movement{}, err
		}
	}
	for _, l := range b.lines {
		e := Entry{ID: id.New("ent", tx.Now), MovementID: m.ID, At: tx.Now, Kind: b.kind,
			WarehouseID: l.wh.ID, Warehouse: l.wh.Code, ProductID: l.prod.ID, SKU: l.prod.Code, BinID: l.bin.ID,
			Bin: l.bin.Code, OnHandDelta: l.onHand, ReservedDelta: l.reserved, AllocatedDelta: l.allocated,
			PickedDelta: l.picked, Reason: b.reason,
			Reference: b.reference, Note: b.note, Actor: who.ID}
		if err := insertEntry(ctx, tx, e); err != nil {
			return Movement{}, err
		}
		m.Entries = append(m.Entries, e)
	}
	var err error
	if m.Balances, m.Bins, err = readBack(ctx, tx, balances, bins); err != nil {
		return Movement{}, err
	}
	if err := announceArrival(ctx, tx, m.ID, balances, waiting); err != nil {
		return Movement{}, err
	}
	return m, audit.Record(ctx, tx, "stock."+b.kind, "stock_movement", m.ID, b.detail)
}

// StockArrived is the job a movement that added stock to a warehouse (a
// receipt, a return to stock, a positive adjustment, a transfer's arrival)
// enqueues when some order waits for its products: the stage that serves
// waiting orders handles it, oldest order first.
type StockArrived struct {
	ProductIDs []string `json:"product_ids"`
}

// Kind implements job.Args.
func (StockArrived) Kind() string { return "stock.arrived" }

// Waiting reports whether any order waits for stock of one of the products.
// It runs in the movement's transaction, after the balances were updated
// (and, on PostgreSQL, locked), so an order made short by a batch that
// committed first is seen, and a batch after this one sees the new stock.
type Waiting func(ctx context.Context, tx *db.Tx, productIDs []string) (bool, error)

// NoneWaiting answers Waiting for a database no order has reached yet:
// opening stock loaded into a new database announces nothing.
func NoneWaiting(context.Context, *db.Tx, []string) (bool, error) { return false, nil }

// AnnounceFreed enqueues StockArrived, under key, for the products whose
// reservations holds released (a cancelled or re-sourced order's), so the
// orders waiting for them are served as they would be for a receipt.
func AnnounceFreed(ctx context.Context, tx *db.Tx, key string, holds []Hold, waiting Waiting) error {
	var p StockArrived
	seen := map[string]bool{}
	for _, h := range holds {
		if h.Quantity < 0 && !seen[h.ProductID] {
			seen[h.ProductID] = true
			p.ProductIDs = append(p.ProductIDs, h.ProductID)
		}
	}
	return announce(ctx, tx, key, p, waiting)
}

// announceArrival enqueues StockArrived in the movement's transaction
// when it added stock, so no waiting order is forgotten by a crash.
func announceArrival(ctx context.Context, tx *db.Tx, movementID string, balances []balanceChange, waiting Waiting) error {
	var p StockArrived
	for _, c := range balances {
		if c.onHand > 0 {
			p.ProductIDs = append(p.ProductIDs, c.prod.ID)
		}
	}
	return announce(ctx, tx, movementID, p, waiting)
}

// announce enqueues p unless waiting says no order waits for its products:
// a receipt nobody waits for (the common case, and every row of a bulk
// stock load) then costs one indexed look-up, not a job.
func announce(ctx context.Context, tx *db.Tx, key string, p StockArrived, waiting Waiting) error {
	if len(p.ProductIDs) == 0 {
		return nil
	}
	if waiting != nil {
		someone, err := waiting(ctx, tx, p.ProductIDs)
		if err != nil {
			return fmt.Errorf("look for waiting orders: %w", err)
		}
		if !someone {
			return nil
		}
	}
	return job.EnqueueArgs(ctx, tx, p, key, time.Time{})
}

// aggregate nets the lines per balance row and per bin row, sorted by key.
func aggregate(lines []line) ([]balanceChange, []binChange) {
	var balances []balanceChange
	var bins []binChange
	for _, l := range lines {
		i := slices.IndexFunc(balances, func(c balanceChange) bool { return c.wh.ID == l.wh.ID && c.prod.ID == l.prod.ID })
		if i < 0 {
			balances = append(balances, balanceChange{wh: l.wh, prod: l.prod})
			i = len(balances) - 1
		}
		balances[i].onHand += l.onHand
		balances[i].reserved += l.reserved
		balances[i].picked += l.picked
		if l.bin.ID == "" {
			continue
		}
		j := slices.IndexFunc(bins, func(c binChange) bool { return c.bin.ID == l.bin.ID && c.prod.ID == l.prod.ID })
		if j < 0 {
			bins = append(bins, binChange{wh: l.wh, bin: l.bin, prod: l.prod})
			j = len(bins) - 1
		}
		bins[j].onHand += l.onHand
		bins[j].allocated += l.allocated
		if l.onHand > 0 && l.expiresOn != "" && (bins[j].expiresOn == "" || l.expiresOn < bins[j].expiresOn) {
			bins[j].expiresOn = l.expiresOn
		}
	}
	slices.SortFunc(balances, func(a, b balanceChange) int {
		return cmp.Or(cmp.Compare(a.wh.ID, b.wh.ID), cmp.Compare(a.prod.ID, b.prod.ID))
	})
	slices.SortFunc(bins, func(a, b binChange) int {
		return cmp.Or(cmp.Compare(a.bin.ID, b.bin.ID), cmp.Compare(a.prod.ID, b.prod.ID))
	})
	return balances, bins
}

func insertEntry(ctx context.Context, tx *db.Tx, e Entry) error {
	var bin any
	if e.BinID != "" {
		bin = e.BinID
	}
	_, err := tx.ExecPrepared(ctx, `INSERT INTO stock_entries (id, movement_id, at, kind, warehouse_id, product_id,
		bin_id, on_hand_delta, reserved_delta, allocated_delta, picked_delta, reason, reference, note, actor)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		e.ID, e.MovementID, e.At, e.Kind, e.WarehouseID, e.ProductID, bin, e.OnHandDelta, e.ReservedDelta,
		e.AllocatedDelta, e.PickedDelta, e.Reason, e.Reference, e.Note, e.Actor)
	return classify(err, "insert stock entry")
}

// readBack returns the balances a movement touched as they now are.
func readBack(ctx context.Context, tx *db.Tx, balances []balanceChange, bins []binChange) ([]Balance, []BinBalance, error) {
	outB := make([]Balance, 0, len(balances))
	for _, c := range balances {
		b := Balance{WarehouseID: c.wh.ID, Warehouse: c.wh.Code, ProductID: c.prod.ID, SKU: c.prod.Code}
		err := tx.QueryRowPrepared(ctx, `SELECT on_hand, reserved, picked, updated_at FROM stock_balances
			WHERE warehouse_id = $1 AND product_id = $2`, c.wh.ID, c.prod.ID).Scan(&b.OnHand, &b.Reserved, &b.Picked, &b.UpdatedAt)
		if err != nil {
			return nil, nil, fmt.Errorf("read balance: %w", err)
		}
		b.Available, b.UpdatedAt = b.OnHand-b.Reserved, b.UpdatedAt.UTC()
		outB = append(outB, b)
	}
	outBins := make([]BinBalance, 0, len(bins))
	for _, c := range bins {
		b := BinBalance{WarehouseID: c.wh.ID, Warehouse: c.wh.Code, BinID: c.bin.ID, Bin: c.bin.Code,
			ProductID: c.prod.ID, SKU: c.prod.Code}
		var expires sql.NullString
		err := tx.QueryRowPrepared(ctx, `SELECT on_hand, allocated, updated_at, CASE WHEN on_hand > 0 THEN expires_on END
			FROM bin_stock WHERE bin_id = $1 AND product_id = $2`,
			c.bin.ID, c.prod.ID).Scan(&b.OnHand, &b.Allocated, &b.UpdatedAt, &expires)
		if err != nil {
			return nil, nil, fmt.Errorf("read bin balance: %w", err)
		}
		b.UpdatedAt, b.ExpiresOn = b.UpdatedAt.UTC(), expires.String
		outBins = append(outBins, b)
	}
	return outB, outBins, nil
}
