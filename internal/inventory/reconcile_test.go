package inventory

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// sequence books one of every movement. Afterwards BER holds 7 of SKU-1
// (A-01-01-1: 5, A-01-01-2: 2) with 1 reserved, MUC 1 of SKU-1 in A-01-01-1
// and 4 of SKU-2 in A-01-01-2.
func (f *fixture) sequence() {
	f.t.Helper()
	f.receive("BER", "A-01-01-1", "SKU-1", 10)
	_, err := f.s.Adjust(f.ctx, Adjustment{Warehouse: "BER", Bin: "A-01-01-1", SKU: "SKU-1", Delta: -2, Reason: "damaged"})
	require.NoError(f.t, err)
	_, err = f.s.Move(f.ctx, Move{Warehouse: "BER", FromBin: "A-01-01-1", ToBin: "A-01-01-2", SKU: "SKU-1", Quantity: 3})
	require.NoError(f.t, err)
	_, err = f.s.Transfer(f.ctx, Transfer{SKU: "SKU-1", Quantity: 1, From: Place{"BER", "A-01-01-2"}, To: Place{"MUC", "A-01-01-1"}})
	require.NoError(f.t, err)
	require.NoError(f.t, f.reserve("BER", "SKU-1", 2))
	wid := f.warehouseID("BER")
	require.NoError(f.t, f.d.Write(f.ctx, func(tx *db.Tx) error {
		_, err := Release(f.ctx, tx, Reservation{Reference: "order-1", Lines: []ReservationLine{{wid, "prd_SKU-1", 1}}})
		return err
	}))
	f.receive("MUC", "A-01-01-2", "SKU-2", 4)
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	require.NoError(f.t, f.d.Write(context.Background(), func(tx *db.Tx) error {
		_, err := tx.ExecContext(context.Background(), q, args...)
		return err
	}), q)
}

// differences reconciles and lists each difference as "check W SKU bin expected actual".
func (f *fixture) differences() []string {
	f.t.Helper()
	r, err := f.s.Reconcile(context.Background())
	require.NoError(f.t, err)
	out := []string{}
	for _, d := range r.Differences {
		out = append(out, fmt.Sprintf("%s %s %s %s %d %d", d.Check, d.Warehouse, d.SKU, d.Bin, d.Expected, d.Actual))
		require.NotEmpty(f.t, d.Detail)
	}
	require.Equal(f.t, len(out) == 0, r.OK)
	return out
}

func TestReconcile(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.sequence()
		r, err := f.s.Reconcile(context.Background())
		require.NoError(t, err)
		require.True(t, r.OK, "%+v", r.Differences)
		require.Equal(t, []int64{9, 3, 4}, []int64{r.EntriesChecked, r.BalancesChecked, r.BinBalancesChecked})

		ber, muc := f.warehouseID("BER"), f.warehouseID("MUC")
		binOf := func(w, code string) string {
			var id string
			require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
				return tx.QueryRowContext(context.Background(), `SELECT id FROM bins WHERE warehouse_id = $1 AND code = $2`, w, code).Scan(&id)
			}))
			return id
		}
		cases := []struct {
			name, corrupt, undo string
			args                []any
			want                []string
		}{
			{"on hand", `UPDATE stock_balances SET on_hand = on_hand + $3 WHERE warehouse_id = $1 AND product_id = $2`, "",
				[]any{ber, "prd_SKU-1", 1}, []string{"balance_on_hand BER SKU-1  7 8", "bins_total BER SKU-1  7 8"}},
			{"reserved", `UPDATE stock_balances SET reserved = reserved + $3 WHERE warehouse_id = $1 AND product_id = $2`, "",
				[]any{ber, "prd_SKU-1", -1}, []string{"balance_reserved BER SKU-1  1 0"}},
			{"bin", `UPDATE bin_stock SET on_hand = on_hand + $3 WHERE bin_id = $1 AND product_id = $2`, "",
				[]any{binOf(ber, "A-01-01-2"), "prd_SKU-1", -1},
				[]string{"bins_total BER SKU-1  6 7", "bin_on_hand BER SKU-1 A-01-01-2 2 1"}},
			{"stray entry", `INSERT INTO stock_entries (id, movement_id, at, kind, warehouse_id, product_id, bin_id,
				on_hand_delta, reserved_delta, actor) VALUES ('ent_x', 'mov_x', '2024-01-01', 'adjust', $1, $2, $3, 5, 0, 'x')`,
				`DELETE FROM stock_entries WHERE id = 'ent_x'`, []any{muc, "prd_SKU-2", binOf(muc, "A-01-01-2")},
				[]string{"balance_on_hand MUC SKU-2  9 4", "bin_on_hand MUC SKU-2 A-01-01-2 9 4"}},
			{"entries without rows", `INSERT INTO stock_entries (id, movement_id, at, kind, warehouse_id, product_id, bin_id,
				on_hand_delta, reserved_delta, actor) VALUES ('ent_y', 'mov_y', '2024-01-01', 'adjust', $1, $2, $3, 2, 0, 'x')`,
				`DELETE FROM stock_entries WHERE id = 'ent_y'`, []any{ber, "prd_SKU-3", binOf(ber, "A-01-01-1")},
				[]string{"balance_missing BER SKU-3  2 0", "bin_missing BER SKU-3 A-01-01-1 2 0"}},
			{"rows without entries", `INSERT INTO stock_balances (warehouse_id, product_id, on_hand, reserved, updated_at)
				VALUES ($1, $2, 0, 0, '2024-01-01')`, `DELETE FROM stock_balances WHERE product_id = 'prd_SKU-3'`,
				[]any{muc, "prd_SKU-3"}, []string{"balance_without_entries MUC SKU-3  0 0"}},
		}
		for _, c := range cases {
			f.exec(c.corrupt, c.args...)
			require.Equal(t, c.want, f.differences(), c.name)
			if c.undo != "" {
				f.exec(c.undo)
			} else {
				f.exec(c.corrupt, append(c.args[:2:2], -c.args[2].(int))...)
			}
			require.Empty(t, f.differences(), "after undoing %s", c.name)
		}
	})
}

// TestReconcileFindsBrokenInvariants drops the CHECK constraints, as a bad
// bulk load might, to show reconcile does not rely on them.
func TestReconcileFindsBrokenInvariants(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.sequence()
		ber, muc := f.warehouseID("BER"), f.warehouseID("MUC")
		require.NoError(t, d.Write(context.Background(), func(tx *db.Tx) error {
			ctx := context.Background()
			if d.Dialect() == db.SQLite {
				if _, err := tx.ExecContext(ctx, `PRAGMA ignore_check_constraints = ON`); err != nil {
					return err
				}
				defer tx.ExecContext(ctx, `PRAGMA ignore_check_constraints = OFF`)
			} else {
				for _, c := range [][2]string{{"stock_balances", "stock_balances_check"},
					{"stock_balances", "stock_balances_on_hand_check"}, {"bin_stock", "bin_stock_on_hand_check"},
					{"bin_stock", "bin_stock_allocated"}} {
					if _, err := tx.ExecContext(ctx, `ALTER TABLE `+c[0]+` DROP CONSTRAINT `+c[1]); err != nil {
						return err
					}
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE stock_balances SET reserved = 9 WHERE warehouse_id = $1 AND product_id = 'prd_SKU-1'`, ber); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE bin_stock SET on_hand = -3 WHERE warehouse_id = $1 AND product_id = 'prd_SKU-2'`, muc)
			return err
		}))
		require.Equal(t, []string{
			"balance_reserved BER SKU-1  1 9",
			"reserved_above_on_hand BER SKU-1  7 9",
			"bins_total MUC SKU-2  -3 4",
			"bin_on_hand MUC SKU-2 A-01-01-2 4 -3",
			"negative MUC SKU-2 A-01-01-2 0 -3",
		}, f.differences())
	})
}
