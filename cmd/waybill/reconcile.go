package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/waybill/waybill/internal/inventory"
)

// ReconcileCmd proves every stock balance against the ledger.
type ReconcileCmd struct {
	JSON bool `name:"json" help:"Print the report as JSON."`
}

// Run prints the report and fails when the ledger and balances disagree.
func (c *ReconcileCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	d, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	rep, err := inventory.NewStore(d).Reconcile(ctx)
	if err != nil {
		return err
	}
	if c.JSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(m.Stdout, "checked %d ledger entries, %d balances, %d bin balances\n",
			rep.EntriesChecked, rep.BalancesChecked, rep.BinBalancesChecked)
		for _, diff := range rep.Differences {
			where := diff.Warehouse + " " + diff.SKU
			if diff.Bin != "" {
				where += " bin " + diff.Bin
			}
			fmt.Fprintf(m.Stdout, "DIFFERENCE %s: %s: expected %d, found %d (%s)\n", diff.Check, where, diff.Expected, diff.Actual, diff.Detail)
		}
		if rep.Truncated {
			fmt.Fprintln(m.Stdout, "... more differences not listed")
		}
	}
	if !rep.OK {
		fmt.Fprintf(m.Stdout, "reconcile FAILED: %d differences\n", len(rep.Differences))
		return exitError{"reconcile found differences"}
	}
	if !c.JSON {
		fmt.Fprintln(m.Stdout, "reconcile OK: every balance equals the sum of its entries")
	}
	return nil
}
