package inventory

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/db"
)

// named wraps a query returning warehouse_id and product_id first (and
// optionally bin_id) so that its rows carry codes instead of ids. An id
// without a row (which the foreign keys forbid) is shown as the id.
func named(query string, withBin bool) string {
	bin := `''`
	join := ``
	if withBin {
		bin = `coalesce(bn.code, d.bid)`
		join = ` LEFT JOIN bins bn ON bn.id = d.bid`
	}
	return `SELECT coalesce(w.code, d.wid), coalesce(p.sku, d.pid), ` + bin + `, d.* FROM (` + query + `) d
		LEFT JOIN warehouses w ON w.id = d.wid LEFT JOIN products p ON p.id = d.pid` + join
}

// The checks below stack the ledger's sums and the stored rows with UNION ALL
// and compare them in one GROUP BY: a single aggregation pass on both
// databases, where a FULL JOIN would leave the cost to each planner (SQLite
// runs it as a nested loop).

// checkBalances compares each balance row with the sum of its entries.
func checkBalances(ctx context.Context, tx *db.Tx, r *Report) error {
	q := named(`SELECT warehouse_id AS wid, product_id AS pid, max(has_row) AS has_row, max(has_entries) AS has_entries,
			CAST(sum(e_on_hand) AS BIGINT) AS e_on_hand, CAST(sum(e_reserved) AS BIGINT) AS e_reserved,
			CAST(sum(on_hand) AS BIGINT) AS on_hand, CAST(sum(reserved) AS BIGINT) AS reserved,
			CAST(sum(e_picked) AS BIGINT) AS e_picked, CAST(sum(picked) AS BIGINT) AS picked
		FROM (
			SELECT warehouse_id, product_id, on_hand_delta AS e_on_hand, reserved_delta AS e_reserved,
				0 AS on_hand, 0 AS reserved, 0 AS has_row, 1 AS has_entries, picked_delta AS e_picked, 0 AS picked FROM stock_entries
			UNION ALL
			SELECT warehouse_id, product_id, 0, 0, on_hand, reserved, 1, 0, 0, picked FROM stock_balances
		) x GROUP BY warehouse_id, product_id
		HAVING max(has_row) = 0 OR max(has_entries) = 0 OR sum(e_on_hand) <> sum(on_hand) OR sum(e_reserved) <> sum(reserved)
			OR sum(e_picked) <> sum(picked)
		LIMIT $1`, false)
	return scan(ctx, tx, q, r.room(), func(c *codes, rest scanFunc) error {
		var wid, pid string
		var hasRow, hasEntries bool
		var eOn, eRes, on, res, ePicked, picked int64
		if err := rest(&wid, &pid, &hasRow, &hasEntries, &eOn, &eRes, &on, &res, &ePicked, &picked); err != nil {
			return err
		}
		d := Difference{Warehouse: c.w, SKU: c.sku}
		switch {
		case !hasRow:
			d.Check, d.Expected, d.Detail = CheckBalanceMissing, eOn,
				fmt.Sprintf("entries add up to %d on hand and %d reserved, but there is no balance row", eOn, eRes)
			r.add(d)
		case !hasEntries:
			d.Check, d.Actual, d.Detail = CheckBalanceOrphan, on,
				fmt.Sprintf("balance row holds %d on hand and %d reserved, but no entry explains it", on, res)
			r.add(d)
		default:
			if on != eOn {
				d.Check, d.Expected, d.Actual = CheckBalanceOnHand, eOn, on
				d.Detail = fmt.Sprintf("on hand is %d; its entries add up to %d", on, eOn)
				r.add(d)
			}
			if res != eRes {
				d.Check, d.Expected, d.Actual = CheckBalanceReserved, eRes, res
				d.Detail = fmt.Sprintf("reserved is %d; its entries add up to %d", res, eRes)
				r.add(d)
			}
			if picked != ePicked {
				d.Check, d.Expected, d.Actual = CheckBalancePicked, ePicked, picked
				d.Detail = fmt.Sprintf("picked is %d; its entries add up to %d", picked, ePicked)
				r.add(d)
			}
		}
		return nil
	})
}

// checkBins compares each bin row with the sum of the entries naming its bin.
func checkBins(ctx context.Context, tx *db.Tx, r *Report) error {
	q := named(`SELECT min(warehouse_id) AS wid, product_id AS pid, bin_id AS bid, max(has_row) AS has_row,
			max(has_entries) AS has_entries, CAST(sum(e_on_hand) AS BIGINT) AS e_on_hand, CAST(sum(on_hand) AS BIGINT) AS on_hand,
			CAST(sum(e_allocated) AS BIGINT) AS e_allocated, CAST(sum(allocated) AS BIGINT) AS allocated
		FROM (
			SELECT warehouse_id, product_id, bin_id, on_hand_delta AS e_on_hand, 0 AS on_hand, 0 AS has_row, 1 AS has_entries,
				allocated_delta AS e_allocated, 0 AS allocated
			FROM stock_entries WHERE bin_id IS NOT NULL AND (on_hand_delta <> 0 OR allocated_delta <> 0)
			UNION ALL
			SELECT warehouse_id, product_id, bin_id, 0, on_hand, 1, 0, 0, allocated FROM bin_stock
		) x GROUP BY bin_id, product_id
		HAVING max(has_row) = 0 OR max(has_entries) = 0 OR sum(e_on_hand) <> sum(on_hand) OR sum(e_allocated) <> sum(allocated)
		LIMIT $1`, true)
	return scan(ctx, tx, q, r.room(), func(c *codes, rest scanFunc) error {
		var wid, pid, bid string
		var hasRow, hasEntries bool
		var eOn, on, eAlloc, alloc int64
		if err := rest(&wid, &pid, &bid, &hasRow, &hasEntries, &eOn, &on, &eAlloc, &alloc); err != nil {
			return err
		}
		d := Difference{Warehouse: c.w, SKU: c.sku, Bin: c.bin, Expected: eOn, Actual: on}
		switch {
		case !hasRow:
			d.Check, d.Detail = CheckBinMissing, fmt.Sprintf("entries put %d in this bin, but there is no bin row", eOn)
		case !hasEntries:
			d.Check, d.Detail = CheckBinOrphan, fmt.Sprintf("bin row holds %d, but no entry explains it", on)
		case on != eOn:
			d.Check, d.Detail = CheckBinOnHand, fmt.Sprintf("bin holds %d; its entries add up to %d", on, eOn)
		default:
			d.Check, d.Expected, d.Actual = CheckBinAllocated, eAlloc, alloc
			d.Detail = fmt.Sprintf("bin has %d promised to pick lines; its entries add up to %d", alloc, eAlloc)
		}
		r.add(d)
		if d.Check == CheckBinOnHand && alloc != eAlloc {
			r.add(Difference{Check: CheckBinAllocated, Warehouse: c.w, SKU: c.sku, Bin: c.bin, Expected: eAlloc, Actual: alloc,
				Detail: fmt.Sprintf("bin has %d promised to pick lines; its entries add up to %d", alloc, eAlloc)})
		}
		return nil
	})
}

// checkBinsTotal compares each warehouse balance with what its bins hold.
func checkBinsTotal(ctx context.Context, tx *db.Tx, r *Report) error {
	q := named(`SELECT warehouse_id AS wid, product_id AS pid, CAST(sum(bins) AS BIGINT) AS bins,
			CAST(sum(on_hand) AS BIGINT) AS on_hand
		FROM (
			SELECT warehouse_id, product_id, on_hand AS bins, 0 AS on_hand FROM bin_stock
			UNION ALL
			SELECT warehouse_id, product_id, 0, on_hand FROM stock_balances
		) x GROUP BY warehouse_id, product_id HAVING sum(bins) <> sum(on_hand)
		LIMIT $1`, false)
	return scan(ctx, tx, q, r.room(), func(c *codes, rest scanFunc) error {
		var wid, pid string
		var bins, on int64
		if err := rest(&wid, &pid, &bins, &on); err != nil {
			return err
		}
		r.add(Difference{Check: CheckBinsTotal, Warehouse: c.w, SKU: c.sku, Expected: bins, Actual: on,
			Detail: fmt.Sprintf("bins hold %d in total; the balance says %d on hand", bins, on)})
		return nil
	})
}
