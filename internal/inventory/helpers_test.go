package inventory

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/warehouse"
)

func testCtx() context.Context { return actor.With(context.Background(), actor.CLI("test")) }

// fixture is a small network: BER with bins A-01-01-1, A-01-01-2, A-01-02-1
// and inactive Z-01-01-1; MUC with A-01-01-1 and A-01-01-2; inactive OLD with
// A-01-01-1. Products SKU-1..SKU-3 are active, OFF-1 is not.
type fixture struct {
	t   *testing.T
	d   *db.DB
	s   *Store
	ctx context.Context
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := testCtx()
	ws := warehouse.NewStore(d)
	for _, w := range []struct {
		code   string
		active bool
		bins   []string
	}{
		{"BER", true, []string{"A-01-01-1", "A-01-01-2", "A-01-02-1", "Z-01-01-1"}},
		{"MUC", true, []string{"A-01-01-1", "A-01-01-2"}},
		{"OLD", true, []string{"A-01-01-1"}},
	} {
		_, err := ws.Create(ctx, warehouse.Input{Code: w.code, Name: w.code, Latitude: 50, Longitude: 10,
			Address:    warehouse.Address{Line1: "Street 1", City: "City", Country: "DE"},
			CutoffTime: "15:00", Timezone: "Europe/Berlin"})
		require.NoError(t, err)
		var bins []warehouse.BinInput
		for _, b := range w.bins {
			bins = append(bins, warehouse.BinInput{Code: b, X: 1, Y: 1})
		}
		_, err = ws.AddBins(ctx, w.code, bins)
		require.NoError(t, err)
	}
	off := false
	_, err := ws.Update(ctx, "OLD", warehouse.Patch{Active: &off})
	require.NoError(t, err)
	_, err = ws.UpdateBin(ctx, "BER", "Z-01-01-1", warehouse.BinPatch{Active: &off})
	require.NoError(t, err)
	for _, sku := range []string{"SKU-1", "SKU-2", "SKU-3", "OFF-1"} {
		insertProduct(t, d, sku, sku != "OFF-1")
	}
	return &fixture{t: t, d: d, s: NewStore(d), ctx: ctx}
}

// insertProduct writes a catalogue row directly; this package must not
// depend on the catalogue's code.
func insertProduct(t *testing.T, d *db.DB, sku string, active bool) {
	t.Helper()
	require.NoError(t, d.Write(context.Background(), func(tx *db.Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO products (id, sku, name, name_lower, weight_g, length_mm,
			width_mm, height_mm, price_minor, currency, active, created_at, updated_at)
			VALUES ($1, $2, $3, lower($3), 500, 100, 100, 100, 1999, 'EUR', $4, $5, $5)`, "prd_"+sku, sku, "Product "+sku, active, tx.Now)
		return err
	}))
}

func (f *fixture) query(q string, args ...any) int64 {
	f.t.Helper()
	var n int64
	require.NoError(f.t, f.d.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), q, args...).Scan(&n)
	}))
	return n
}

// counts snapshots what a movement writes, so refusals can prove they wrote nothing.
func (f *fixture) counts() map[string]int64 {
	f.t.Helper()
	out := map[string]int64{}
	for _, table := range []string{"stock_entries", "stock_balances", "bin_stock", "audit_log"} {
		out[table] = f.query(`SELECT count(*) FROM ` + table)
	}
	out["on_hand"] = f.query(`SELECT coalesce(sum(on_hand), 0) FROM stock_balances`)
	out["reserved"] = f.query(`SELECT coalesce(sum(reserved), 0) FROM stock_balances`)
	out["bins"] = f.query(`SELECT coalesce(sum(on_hand), 0) FROM bin_stock`)
	return out
}

// balance returns on hand and reserved of sku in warehouse code (0, 0 if none).
func (f *fixture) balance(code, sku string) (onHand, reserved int64) {
	onHand = f.query(`SELECT coalesce(sum(b.on_hand), 0) FROM stock_balances b JOIN warehouses w ON w.id = b.warehouse_id
		WHERE w.code = $1 AND b.product_id = $2`, code, "prd_"+sku)
	reserved = f.query(`SELECT coalesce(sum(b.reserved), 0) FROM stock_balances b JOIN warehouses w ON w.id = b.warehouse_id
		WHERE w.code = $1 AND b.product_id = $2`, code, "prd_"+sku)
	return onHand, reserved
}

// bin returns what bin holds of sku in warehouse code.
func (f *fixture) bin(code, bin, sku string) int64 {
	return f.query(`SELECT coalesce(sum(s.on_hand), 0) FROM bin_stock s JOIN bins b ON b.id = s.bin_id
		JOIN warehouses w ON w.id = b.warehouse_id WHERE w.code = $1 AND b.code = $2 AND s.product_id = $3`, code, bin, "prd_"+sku)
}

func (f *fixture) warehouseID(code string) string {
	var id string
	require.NoError(f.t, f.d.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT id FROM warehouses WHERE code = $1`, code).Scan(&id)
	}))
	return id
}

func (f *fixture) receive(code, bin, sku string, q int64) {
	f.t.Helper()
	_, err := f.s.Receive(f.ctx, Receipt{Warehouse: code, Bin: bin, SKU: sku, Quantity: q, Reference: "PO-1"})
	require.NoError(f.t, err)
}

// reserve books a one-line reservation in its own transaction.
func (f *fixture) reserve(code, sku string, q int64) error {
	wid := f.warehouseID(code)
	return f.d.Write(f.ctx, func(tx *db.Tx) error {
		_, err := Reserve(f.ctx, tx, Reservation{Reference: "order-1",
			Lines: []ReservationLine{{WarehouseID: wid, ProductID: "prd_" + sku, Quantity: q}}})
		return err
	})
}

// refused asserts err is of kind with exactly message, and nothing changed.
func (f *fixture) refused(before map[string]int64, err error, kind errs.Kind, message string) {
	f.t.Helper()
	require.Error(f.t, err)
	require.Equal(f.t, kind, errs.KindOf(err), "%v", err)
	if message != "" {
		var e *errs.Error
		require.ErrorAs(f.t, err, &e)
		require.Equal(f.t, message, e.Message)
	}
	require.Equal(f.t, before, f.counts(), "a refusal wrote something")
}
