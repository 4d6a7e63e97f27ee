package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/warehouse"
)

// registerCapabilities adds each capability's operations, in the order of the
// flow an order takes, and starts their background work; the returned
// function stops it.
func registerCapabilities(api *httpapi.API, reg prometheus.Registerer, d *db.DB, log *slog.Logger, svc services) (stop func()) {
	catalog.Register(api, catalog.NewStore(d))
	warehouse.Register(api, warehouse.NewStore(d))
	inventory.Register(api, inventory.NewStore(d))
	engine := order.NewEngine(d, log, order.Config{GiftWrapFees: svc.giftWrapFees})
	engine.Start()
	tasks := review.NewStore(d, review.Config{})
	orders := order.NewStore(d, order.WithTasks(tasks), order.WithMergeWindow(svc.mergeWindow))
	order.Register(api, engine, orders)
	review.Register(api, tasks, orders.Decider())
	order.RegisterCoupons(api, orders)
	order.RegisterShortage(api, orders)
	order.RegisterFulfilments(api, orders)
	order.RegisterPayments(api, orders, svc.gateways)

	runner := job.New(d, nil, log, job.Config{})
	order.RegisterJobs(runner, orders, svc.notifier, log)
	registerMetrics(reg, engine, runner)
	if err := runner.Start(context.Background()); err != nil {
		log.Error("job runner did not start", "err", err)
	}
	return func() {
		engine.Stop()
		runner.Stop()
	}
}

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

// ImportCmd groups the import commands.
type ImportCmd struct {
	Products ImportProductsCmd `cmd:"" help:"Import products from CSV (see docs/IMPORT.md)."`
}

// ImportProductsCmd imports a catalogue CSV.
type ImportProductsCmd struct {
	File       string `name:"file" required:"" type:"existingfile" help:"CSV file to import."`
	Mapping    string `name:"mapping" default:"waybill" enum:"waybill,olist" help:"Column mapping: waybill (native) or olist."`
	Mode       string `name:"mode" default:"all_or_nothing" enum:"all_or_nothing,good_rows" help:"Refuse the whole file on any bad row, or import the good rows."`
	OnExisting string `name:"on-existing" default:"error" enum:"error,update" help:"What to do with SKUs already in the catalogue."`
	Categories string `name:"categories" type:"existingfile" help:"CSV translating categories (e.g. Olist's category_name_translation.csv)."`
	Errors     int    `name:"show-errors" default:"20" help:"How many row errors to print."`
}

// Run imports the file and prints the report.
func (c *ImportProductsCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	mapping, _ := catalog.BuiltinMapping(c.Mapping)
	opts := catalog.ImportOptions{Mapping: mapping, Mode: catalog.ImportMode(c.Mode), OnExisting: catalog.OnExisting(c.OnExisting)}
	if c.Categories != "" {
		f, err := os.Open(c.Categories)
		if err != nil {
			return err
		}
		opts.Categories, err = catalog.LoadCategoryTranslations(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", c.Categories, err)
		}
	}
	d, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	f, err := os.Open(c.File)
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := catalog.NewStore(d).Import(actor.With(ctx, actor.CLI("import products")), f, opts)
	if err != nil && !rep.Refused {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s: %d rows, %d created, %d updated, %d rejected (mapping %s, mode %s)\n",
		c.File, rep.Rows, rep.Created, rep.Updated, rep.Rejected, rep.Mapping, rep.Mode)
	for i, e := range rep.Errors {
		if i == c.Errors {
			fmt.Fprintf(m.Stdout, "... %d more errors\n", len(rep.Errors)-i)
			break
		}
		fmt.Fprintf(m.Stdout, "line %d (row %d%s): %s: %s\n", e.Line, e.Row, skuNote(e.SKU), e.Field, e.Message)
	}
	if rep.Refused {
		fmt.Fprintln(m.Stdout, "nothing imported: the file has bad rows (use --mode good_rows to import the rest)")
		return exitError{"import refused"}
	}
	return nil
}

func skuNote(sku string) string {
	if strings.TrimSpace(sku) == "" {
		return ""
	}
	return ", SKU " + sku
}
