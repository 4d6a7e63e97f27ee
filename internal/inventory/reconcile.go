package inventory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// The checks Reconcile runs, named in each Difference.
const (
	CheckBalanceOnHand    = "balance_on_hand"         // on_hand differs from the sum of its entries
	CheckBalanceReserved  = "balance_reserved"        // reserved differs from the sum of its entries
	CheckBalancePicked    = "balance_picked"          // picked differs from the sum of its entries
	CheckBinAllocated     = "bin_allocated"           // a bin's units promised to pick lines differ from its entries
	CheckAllocatedAboveOn = "allocated_above_on_hand" // a bin promises more than it holds
	CheckBalanceMissing   = "balance_missing"         // entries exist but no balance row
	CheckBalanceOrphan    = "balance_without_entries" // a balance row no entry explains
	CheckBinOnHand        = "bin_on_hand"             // a bin's stock differs from its entries
	CheckBinMissing       = "bin_missing"             // bin entries exist but no bin row
	CheckBinOrphan        = "bin_without_entries"     // a bin row no entry explains
	CheckBinsTotal        = "bins_total"              // a warehouse's bins do not add up to its on_hand
	CheckNegative         = "negative"                // on hand or reserved below zero
	CheckReservedAboveOn  = "reserved_above_on_hand"  // more reserved than on hand
	maxReportedDifference = 1000
)

// Difference is one disagreement between the ledger and a balance, named by
// the codes a person would look up.
type Difference struct {
	Check     string `json:"check"`
	Warehouse string `json:"warehouse"`
	SKU       string `json:"sku"`
	Bin       string `json:"bin,omitempty"`
	Expected  int64  `json:"expected" doc:"What the ledger (or, for bins_total, the bins) says"`
	Actual    int64  `json:"actual" doc:"What the balance row holds"`
	Detail    string `json:"detail"`
}

// Report is the outcome of Reconcile; OK means no differences.
type Report struct {
	OK                 bool         `json:"ok"`
	At                 time.Time    `json:"at"`
	EntriesChecked     int64        `json:"entries_checked"`
	BalancesChecked    int64        `json:"balances_checked"`
	BinBalancesChecked int64        `json:"bin_balances_checked"`
	Differences        []Difference `json:"differences" nullable:"false"`
	Truncated          bool         `json:"truncated,omitempty" doc:"More differences exist than the first 1000 listed"`
}

// Reconcile proves the ledger and the balances agree, on live data: every
// balance equals the sum of its entries, every bin too, the bins of each
// warehouse add up to its on-hand, nothing is negative and nothing is
// reserved beyond what is on hand. Each check is one GROUP BY over the
// tables, so millions of entries cost a few scans, not a query per row. All
// checks read one snapshot, so concurrent movements cannot fake a difference.
func (s *Store) Reconcile(ctx context.Context) (Report, error) {
	var r Report
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		r = Report{At: tx.Now, Differences: []Difference{}}
		if tx.Dialect == db.Postgres {
			// Read committed would give each statement its own snapshot.
			if _, err := tx.ExecContext(ctx, `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`); err != nil {
				return fmt.Errorf("snapshot: %w", err)
			}
		}
		for _, q := range []struct {
			dst   *int64
			table string
		}{{&r.EntriesChecked, "stock_entries"}, {&r.BalancesChecked, "stock_balances"}, {&r.BinBalancesChecked, "bin_stock"}} {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+q.table).Scan(q.dst); err != nil {
				return fmt.Errorf("count %s: %w", q.table, err)
			}
		}
		for _, check := range []func(context.Context, *db.Tx, *Report) error{
			checkBalances, checkBins, checkBinsTotal, checkInvariants,
		} {
			if err := check(ctx, tx, &r); err != nil {
				return err
			}
		}
		return nil
	})
	slices.SortStableFunc(r.Differences, func(a, b Difference) int {
		return cmp.Or(cmp.Compare(a.Warehouse, b.Warehouse), cmp.Compare(a.SKU, b.SKU), cmp.Compare(a.Bin, b.Bin),
			cmp.Compare(a.Check, b.Check))
	})
	r.OK = err == nil && len(r.Differences) == 0
	return r, err
}

// add records d unless the report is full, in which case it marks it truncated.
func (r *Report) add(d Difference) {
	if len(r.Differences) >= maxReportedDifference {
		r.Truncated = true
		return
	}
	r.Differences = append(r.Differences, d)
}

// room is how many more rows a check query should fetch.
func (r *Report) room() int { return maxReportedDifference - len(r.Differences) + 1 }
