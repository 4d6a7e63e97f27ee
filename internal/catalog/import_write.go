package catalog

import (
	"context"
	"strings"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// writeImport asks the database about the rows that passed on their own,
// then writes them, or nothing when the mode forbids a partial import. It
// keeps no state outside its result, so PostgreSQL may rerun it.
func writeImport(ctx context.Context, tx *db.Tx, rows []parsedRow, l layout, opts ImportOptions) (ImportReport, error) {
	rep := ImportReport{Mapping: opts.Mapping.Name, Mode: opts.Mode, OnExisting: opts.OnExisting,
		Rows: len(rows), Errors: []RowError{}}
	var skus, gtins []string
	for _, r := range rows {
		if len(r.bad) == 0 {
			skus = append(skus, r.in.SKU)
			gtins = append(gtins, gtinsOf(r.in.Barcodes)...)
		}
	}
	h, err := findHolders(ctx, tx, skus, gtins)
	if err != nil {
		return rep, err
	}
	var creates, updates []Product
	var createRows, updateRows []int
	for _, r := range rows {
		bad := r.bad
		self := ""
		if len(bad) == 0 {
			if opts.OnExisting == ExistingUpdate {
				self = h.exact(r.in.SKU)
			}
			bad = h.collisions(self, r.in)
			for i := range bad {
				if bad[i].Path == "sku" {
					bad[i].Message += "; import with on_existing=update to update it"
				}
			}
		}
		if len(bad) > 0 {
			rep.reject(r, l, bad)
			continue
		}
		if self == "" {
			creates = append(creates, newProduct(r.in, tx.Now))
			createRows = append(createRows, r.row)
			continue
		}
		p := Product{ID: self, UpdatedAt: tx.Now}
		p.fill(r.in)
		updates = append(updates, p)
		updateRows = append(updateRows, r.row)
	}
	if rep.Rejected > 0 && opts.Mode == AllOrNothing {
		rep.Refused = true
		return rep, errRefused
	}
	importID := id.New("imp", tx.Now)
	if err := insertProducts(ctx, tx, creates); err != nil {
		return rep, err
	}
	for _, p := range updates {
		if err := updateProduct(ctx, tx, p); err != nil {
			return rep, err
		}
	}
	rep.Created, rep.Updated = len(creates), len(updates)
	if err := audit.Record(ctx, tx, "product.import", "product_import", importID, map[string]any{
		"mapping": rep.Mapping, "mode": rep.Mode, "on_existing": rep.OnExisting,
		"rows": rep.Rows, "created": rep.Created, "updated": rep.Updated, "rejected": rep.Rejected,
	}); err != nil {
		return rep, err
	}
	for i, p := range creates {
		if err := audit.Record(ctx, tx, "product.create", "product", p.ID,
			map[string]any{"import": importID, "row": createRows[i]}); err != nil {
			return rep, err
		}
	}
	for i, p := range updates {
		if err := audit.Record(ctx, tx, "product.update", "product", p.ID,
			map[string]any{"import": importID, "row": updateRows[i]}); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// reject counts a bad row and lists its problems, naming the file's column
// for each field so the person fixing the file finds the cell.
func (rep *ImportReport) reject(r parsedRow, l layout, bad errs.Fields) {
	rep.Rejected++
	for _, e := range bad {
		if len(rep.Errors) == maxReportedErrors {
			rep.ErrorsTruncated = true
			return
		}
		field, _, _ := strings.Cut(e.Path, "[")
		rep.Errors = append(rep.Errors, RowError{Row: r.row, Line: r.line, SKU: errs.Clip(r.in.SKU),
			Column: l.columns[field], Field: e.Path, Code: e.Code, Message: e.Message})
	}
}
