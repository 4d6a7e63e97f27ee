package bench

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/inventory"
)

// Checks is what the database says after the shift; the run fails unless
// every fulfilment is picked, the ledger reconciles and the units in
// totes are the units ordered.
type Checks struct {
	Fulfilments  int            `json:"fulfilments"`
	ByStatus     map[string]int `json:"fulfilments_by_status"`
	UnitsOrdered int64          `json:"units_ordered"`
	UnitsPicked  int64          `json:"units_picked" doc:"Σ stock_balances.picked"`
	ReconcileOK  bool           `json:"reconcile_ok"`
	Differences  int            `json:"reconcile_differences"`
}

// checkFloor reads the checks and says what is broken.
func checkFloor(ctx context.Context, d *db.DB, orders int) (Checks, error) {
	c := Checks{ByStatus: map[string]int{}}
	err := d.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT status, count(*) FROM fulfilments GROUP BY status`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				return err
			}
			c.ByStatus[s], c.Fulfilments = n, c.Fulfilments+n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(quantity), 0) FROM order_lines`).Scan(&c.UnitsOrdered); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT coalesce(sum(picked), 0) FROM stock_balances`).Scan(&c.UnitsPicked)
	})
	if err != nil {
		return c, fmt.Errorf("read the floor after the shift: %w", err)
	}
	rep, err := inventory.NewStore(d).Reconcile(ctx)
	if err != nil {
		return c, err
	}
	c.ReconcileOK, c.Differences = rep.OK, len(rep.Differences)
	switch {
	case c.Fulfilments != orders || c.ByStatus["picked"] != orders:
		return c, fmt.Errorf("after the shift: %d orders, fulfilments by status %v; every one should be picked", orders, c.ByStatus)
	case !c.ReconcileOK:
		return c, fmt.Errorf("after the shift: reconcile found %d differences, first %+v", c.Differences, rep.Differences[0])
	case c.UnitsPicked != c.UnitsOrdered:
		return c, fmt.Errorf("after the shift: %d units picked in the ledger, %d ordered", c.UnitsPicked, c.UnitsOrdered)
	}
	return c, nil
}
