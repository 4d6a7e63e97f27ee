package order

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/sourcing"
	"github.com/waybill/waybill/internal/warehouse"
)

// product is what pricing and sourcing need of a catalogue row.
type product struct {
	id, name, category, currency string
	price, weight                int64
	active                       bool
}

// load reads everything the batch decides with, a query or two per table
// whatever the batch size: the products named, the warehouse network, the
// stock of those products (locked on PostgreSQL), the coupons named with
// their customers' redemptions (locked after the stock), the channel
// references and the idempotency keys already used.
func (e *Engine) load(ctx context.Context, tx *db.Tx, pending []*pending) (*batch, error) {
	b := &batch{ctx: ctx, tx: tx, cfg: e.cfg, numbers: &e.numbers, products: map[string]product{}, whCodes: map[string]string{},
		avail: map[inventory.Key]int64{}, refs: map[[2]string]string{}, shipsOn: map[string]string{}}
	var skus []string
	extRefs := map[string][]string{} // channel → references
	var keys []*Idempotency
	seen := map[string]bool{}
	for _, p := range pending {
		for _, l := range p.req.Lines {
			if !seen[l.SKU] {
				seen[l.SKU] = true
				skus = append(skus, l.SKU)
			}
		}
		extRefs[p.req.Channel] = append(extRefs[p.req.Channel], p.req.ExternalRef)
		if p.idem != nil {
			keys = append(keys, p.idem)
		}
	}
	if err := b.loadProducts(ctx, skus); err != nil {
		return nil, err
	}
	network, err := warehouse.Network(ctx, tx)
	if err != nil {
		return nil, err
	}
	sites := make([]sourcing.Warehouse, len(network))
	for i, w := range network {
		b.whCodes[w.ID] = w.Code
		b.shipsOn[w.ID] = w.ShipsOn
		sites[i] = w.Warehouse
	}
	b.sourcer = sourcing.Optimizer{Warehouses: sites}
	ids := make([]string, 0, len(b.products))
	for _, p := range b.products {
		ids = append(ids, p.id)
	}
	levels, err := inventory.LockLevels(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	for _, l := range levels {
		b.avail[l.Key] = l.OnHand - l.Reserved
	}
	uses := make([]CouponUse, 0, len(pending))
	for _, p := range pending {
		if len(p.req.Coupons) > 0 {
			uses = append(uses, couponUse(p.req))
		}
	}
	if b.coupons, err = e.cfg.Coupons.LoadBatch(ctx, tx, uses); err != nil {
		return nil, err
	}
	b.short = e.cfg.Shortages.Batch(tx)
	if err := b.loadRefs(ctx, extRefs); err != nil {
		return nil, err
	}
	b.answers, err = loadAnswers(ctx, tx, keys)
	return b, err
}

// refsQuery reads which of n references ($2...) of channel $1 have an
// order. PostgreSQL gets one probe of the unique index per reference: with
// "channel = $1 AND external_ref IN (...)" its planner, lacking statistics
// (a new table, or a channel new since the last ANALYZE), estimates the
// channel's orders at a handful and reads all of them through
// orders_channel instead, on every batch: 44 ms per batch at 20,000 orders
// in one channel, growing with the table (measured; docs/PERFORMANCE.md,
// session 16). A subquery per reference is planned with the reference as a
// parameter, where the unique index finds at most one row, so no estimate
// can choose otherwise. SQLite picks the unique index for the IN list.
func refsQuery(tx *db.Tx, n int) string {
	if tx.Dialect == db.Postgres {
		return `SELECT r.ref, (SELECT o.id FROM orders o WHERE o.channel = $1 AND o.external_ref = r.ref)
			FROM unnest(ARRAY[` + tx.Placeholders(2, n) + `]::text[]) AS r(ref)`
	}
	return `SELECT external_ref, id FROM orders WHERE channel = ` + tx.Placeholders(1, 1) + ` AND external_ref IN (` +
		tx.Placeholders(2, n) + `)`
}

func (b *batch) loadProducts(ctx context.Context, skus []string) error {
	return db.InChunks(skus, func(part []any) error {
		rows, err := b.tx.QueryContext(ctx, `SELECT id, sku, name, category, currency, price_minor, weight_g, active
			FROM products WHERE sku IN (`+b.tx.Placeholders(1, len(part))+`)`, part...)
		if err != nil {
			return fmt.Errorf("read products: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var p product
			var sku string
			if err := rows.Scan(&p.id, &sku, &p.name, &p.category, &p.currency, &p.price, &p.weight, &p.active); err != nil {
				return err
			}
			b.products[sku] = p
		}
		return rows.Err()
	})
}

// loadRefs finds which (channel, external_ref) pairs already have orders,
// one query per channel so each uses the unique index on the pair.
func (b *batch) loadRefs(ctx context.Context, refs map[string][]string) error {
	for channel, list := range refs {
		err := db.InChunks(list, func(part []any) error {
			rows, err := b.tx.QueryPrepared(ctx, refsQuery(b.tx, len(part)), append([]any{channel}, part...)...)
			if err != nil {
				return fmt.Errorf("read order references: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var ref string
				var id sql.NullString
				if err := rows.Scan(&ref, &id); err != nil {
					return err
				}
				if id.Valid {
					b.refs[[2]string{channel, ref}] = id.String
				}
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
	}
	return nil
}
