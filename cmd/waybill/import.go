package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
)

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
