package fulfilment

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Store reads the fulfilment queue.
type Store struct{ db *db.DB }

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Filter narrows the fulfilment list: the warehouse stage asks for its
// site's ready_to_pick queue.
type Filter struct {
	Warehouse string // code
	OrderID   string // fulfilments carrying a line of this order
	Status    string
	// A confined key's scope: only these warehouse codes, and only
	// fulfilments carrying lines of these channels' orders; nil: all.
	Warehouses, Channels []string
	After                string // fulfilment id: the page starts after it
	Limit                int
}

// List returns fulfilments oldest first with all their lines (merged
// orders' included).
func (s *Store) List(ctx context.Context, f Filter) ([]Fulfilment, error) {
	out := []Fulfilment{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		if err := knownWarehouse(ctx, tx, f.Warehouse); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT f.id, f.order_id, f.warehouse_id, w.code, f.status, f.ships_on, f.gift_wrap,
			f.gift_message, f.created_at, f.carrier, f.tracking FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id
			WHERE ($1 = '' OR w.code = $1) AND ($2 = '' OR f.status = $2) AND f.id > $3
			AND ($5 = '' OR EXISTS (SELECT 1 FROM fulfilment_lines l WHERE l.fulfilment_id = f.id AND l.order_id = $5))`+
			f.scope()+` ORDER BY f.id LIMIT $4`,
			append([]any{f.Warehouse, f.Status, f.After, f.Limit, f.OrderID}, f.scopeArgs()...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[string]int{}
		for rows.Next() {
			var fl Fulfilment
			if err := rows.Scan(&fl.ID, &fl.OrderID, &fl.WarehouseID, &fl.Warehouse, &fl.Status, &fl.ShipsOn, &fl.GiftWrap,
				&fl.GiftMessage, &fl.CreatedAt, &fl.Carrier, &fl.tracking); err != nil {
				return err
			}
			fl.CreatedAt, fl.Lines, fl.TrackingNumbers = fl.CreatedAt.UTC(), []Line{}, numbers(fl.tracking)
			index[fl.ID] = len(out)
			out = append(out, fl)
		}
		if err := rows.Close(); err != nil || len(out) == 0 {
			return err
		}
		return linesOf(ctx, tx, out, index)
	})
	return out, err
}

// linesOf fills in the lines of the fulfilments listed, in one query.
func linesOf(ctx context.Context, tx *db.Tx, fuls []Fulfilment, index map[string]int) error {
	args := make([]any, len(fuls))
	for i, f := range fuls {
		args[i] = f.ID
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.fulfilment_id, l.order_id, l.line_no, l.product_id, p.sku, p.name, l.quantity
		FROM fulfilment_lines l JOIN products p ON p.id = l.product_id
		WHERE l.fulfilment_id IN (`+tx.Placeholders(1, len(args))+`) ORDER BY l.fulfilment_id, l.order_id, l.line_no`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var fid string
		var l Line
		if err := rows.Scan(&fid, &l.OrderID, &l.LineNo, &l.ProductID, &l.SKU, &l.Name, &l.Quantity); err != nil {
			return err
		}
		fuls[index[fid]].Lines = append(fuls[index[fid]].Lines, l)
	}
	return rows.Err()
}

// knownWarehouse refuses a filter on a warehouse code that names none: an
// empty page would say "nothing to pick" when the code is mistyped.
func knownWarehouse(ctx context.Context, tx *db.Tx, code string) error {
	if code == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM warehouses WHERE code = $1`, code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		var f errs.Fields
		f.Add("query.warehouse", errs.CodeUnknown, "no warehouse with code %q", errs.Clip(code))
		return f.Err()
	}
	return nil
}

// scope is the condition a confined key adds, its values numbered from $6.
// A fulfilment shows a channel-confined key only when one of its lines is
// an order of those channels (a read of orders.channel: the one column a
// fulfilment needs from the order above it).
func (f Filter) scope() string {
	q, next := "", 6
	if len(f.Warehouses) > 0 {
		q += ` AND w.code IN (` + db.Placeholders(next, len(f.Warehouses)) + `)`
		next += len(f.Warehouses)
	}
	if len(f.Channels) > 0 {
		q += ` AND EXISTS (SELECT 1 FROM fulfilment_lines l JOIN orders o ON o.id = l.order_id
			WHERE l.fulfilment_id = f.id AND o.channel IN (` + db.Placeholders(next, len(f.Channels)) + `))`
	}
	return q
}

func (f Filter) scopeArgs() []any {
	var out []any
	for _, l := range [][]string{f.Warehouses, f.Channels} {
		for _, v := range l {
			out = append(out, v)
		}
	}
	return out
}
