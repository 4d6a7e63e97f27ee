package catalog

import (
	"cmp"
	"context"
	"errors"
	"io"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// ImportMode says what an import does with a file that has bad rows.
type ImportMode string

const (
	// AllOrNothing writes nothing unless every row is good: the default,
	// since a half-imported catalogue is hard to finish by hand.
	AllOrNothing ImportMode = "all_or_nothing"
	// GoodRows writes the good rows and reports the bad ones, to be fixed
	// and imported again.
	GoodRows ImportMode = "good_rows"
)

// OnExisting says what an import does with a row whose sku is already in the
// catalogue.
type OnExisting string

const (
	// ExistingError rejects the row: the default, so a file meant for a fresh
	// catalogue cannot overwrite products by accident.
	ExistingError OnExisting = "error"
	// ExistingUpdate overwrites the product's fields (and barcodes) with the
	// row's, keeping its id, active flag and history.
	ExistingUpdate OnExisting = "update"
)

// The import limits: the largest accepted file still parses in a few hundred
// megabytes of memory, and a broken quote cannot swallow a whole file.
const (
	DefaultMaxImportRows  = 200_000
	DefaultMaxImportBytes = 64 << 20
	DefaultMaxCellBytes   = 64 << 10
	maxReportedErrors     = 10_000
)

// ImportOptions choose how Import reads a file and what it writes.
type ImportOptions struct {
	Mapping    Mapping    // zero value: WaybillMapping()
	Mode       ImportMode // "": AllOrNothing
	OnExisting OnExisting // "": ExistingError
	// Categories translates category cells, e.g. Olist's Portuguese names to
	// English (see LoadCategoryTranslations); unknown categories are kept.
	Categories   map[string]string
	MaxRows      int   // 0: DefaultMaxImportRows
	MaxBytes     int64 // 0: DefaultMaxImportBytes
	MaxCellBytes int   // 0: DefaultMaxCellBytes
}

// ImportReport says what an import did and, row by row, what it refused.
type ImportReport struct {
	Mapping         string     `json:"mapping"`
	Mode            ImportMode `json:"mode"`
	OnExisting      OnExisting `json:"on_existing"`
	Rows            int        `json:"rows" doc:"Data rows read, the header not counted"`
	Created         int        `json:"created"`
	Updated         int        `json:"updated"`
	Rejected        int        `json:"rejected" doc:"Rows with at least one error"`
	Refused         bool       `json:"refused" doc:"True when all_or_nothing found bad rows and so wrote nothing"`
	Errors          []RowError `json:"errors" nullable:"false" doc:"Every problem of every bad row, in file order"`
	ErrorsTruncated bool       `json:"errors_truncated,omitempty" doc:"More than 10,000 problems; the rest are left out"`
}

// RowError is one problem with one row, named so it can be fixed in the file.
type RowError struct {
	Row     int    `json:"row" doc:"1-based data row, the header not counted"`
	Line    int    `json:"line" doc:"Line of the file the row starts on; the header is line 1"`
	SKU     string `json:"sku,omitempty"`
	Column  string `json:"column,omitempty" doc:"The file's header for the cell at fault"`
	Field   string `json:"field" doc:"The product field at fault, as a JSON path"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// errRefused rolls back an all-or-nothing import that found bad rows.
var errRefused = errors.New("import refused")

// Import reads a CSV file of products through a mapping and writes it in one
// transaction, in batched inserts. It returns a report in every case in which
// it read the file; when AllOrNothing refuses, the report lists every bad row
// and the error is Invalid. A file it cannot read as CSV, with unknown or
// missing columns, or over a limit, fails with Invalid and no report.
func (s *Store) Import(ctx context.Context, r io.Reader, opts ImportOptions) (ImportReport, error) {
	opts, err := opts.resolve()
	if err != nil {
		return ImportReport{}, err
	}
	rows, l, err := readRows(r, opts)
	if err != nil {
		return ImportReport{}, err
	}
	var rep ImportReport
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		rep, err = writeImport(ctx, tx, rows, l, opts)
		return err
	})
	if errors.Is(err, errRefused) {
		return rep, errs.E(errs.Invalid, "%d of %d rows have errors, so nothing was imported", rep.Rejected, rep.Rows)
	}
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

// resolve fills in the defaults and refuses unknown modes.
func (opts ImportOptions) resolve() (ImportOptions, error) {
	if opts.Mapping.Name == "" && len(opts.Mapping.Columns) == 0 {
		opts.Mapping = WaybillMapping()
	}
	if err := opts.Mapping.check(); err != nil {
		return opts, err
	}
	opts.Mode = cmp.Or(opts.Mode, AllOrNothing)
	opts.OnExisting = cmp.Or(opts.OnExisting, ExistingError)
	opts.MaxRows = cmp.Or(opts.MaxRows, DefaultMaxImportRows)
	opts.MaxBytes = cmp.Or(opts.MaxBytes, DefaultMaxImportBytes)
	opts.MaxCellBytes = cmp.Or(opts.MaxCellBytes, DefaultMaxCellBytes)
	var f errs.Fields
	if opts.Mode != AllOrNothing && opts.Mode != GoodRows {
		f.Add("mode", errs.CodeUnknown, "mode must be all_or_nothing or good_rows")
	}
	if opts.OnExisting != ExistingError && opts.OnExisting != ExistingUpdate {
		f.Add("on_existing", errs.CodeUnknown, "on_existing must be error or update")
	}
	return opts, f.Err()
}
