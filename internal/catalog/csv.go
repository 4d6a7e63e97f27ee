package catalog

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/waybill/waybill/internal/errs"
)

// maxColumns bounds the header: a mapping has fewer than 20 fields and a
// product at most 50 attributes.
const maxColumns = 200

// parsedRow is one data row after mapping and validation, before the
// database has been asked about its sku and barcodes.
type parsedRow struct {
	row, line int
	in        ProductInput
	bad       errs.Fields // problems found without the database
}

// readRows reads the whole file into rows, each checked on its own and
// against the rows before it (a repeated sku or barcode). A file it cannot
// read as CSV, or one over a limit, is refused whole with an Invalid error.
func readRows(r io.Reader, opts ImportOptions) ([]parsedRow, layout, error) {
	cr := csv.NewReader(skipBOM(&cappedReader{r: r, left: opts.MaxBytes + 1}))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, layout{}, fileErr(errs.CodeRequired, "the file is empty; it needs a header row")
	}
	if err != nil {
		return nil, layout{}, readErr(err, opts)
	}
	l, err := bindHeader(header, opts.Mapping)
	if err != nil {
		return nil, layout{}, err
	}
	var rows []parsedRow
	firstSKU := map[string]int{}
	firstGTIN := map[string]int{}
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, l, nil
		}
		var pe *csv.ParseError
		miscounted := errors.As(err, &pe) && errors.Is(err, csv.ErrFieldCount)
		if err != nil && !miscounted {
			return nil, layout{}, readErr(err, opts)
		}
		if n > opts.MaxRows {
			return nil, layout{}, fileErr(errs.CodeOutOfRange, "the file has more than %d rows; split it", opts.MaxRows)
		}
		line, _ := cr.FieldPos(0)
		pr := parsedRow{row: n, line: line}
		if miscounted {
			pr.bad.Add("", errs.CodeFormat, "the row has %d cells, the header %d", len(rec), len(l.header))
			rows = append(rows, pr)
			continue
		}
		for i, cell := range rec {
			if len(cell) > opts.MaxCellBytes {
				return nil, layout{}, fileErr(errs.CodeTooLong, "line %d, column %q: a cell over %d bytes (an unclosed quote?)",
					line, l.header[i], opts.MaxCellBytes)
			}
		}
		pr.in, pr.bad = l.convert(rec, opts.Categories)
		if len(pr.bad) == 0 {
			pr.bad = repeats(pr.in, n, firstSKU, firstGTIN)
		}
		rows = append(rows, pr)
	}
}

// repeats names the sku and barcodes of a row that an earlier row of the
// same file already has, and claims the new ones for this row.
func repeats(in ProductInput, row int, firstSKU, firstGTIN map[string]int) errs.Fields {
	var f errs.Fields
	if first, dup := firstSKU[foldSKU(in.SKU)]; dup {
		f.Add("sku", errs.CodeDuplicate, "sku %s is also on row %d", in.SKU, first)
	} else {
		firstSKU[foldSKU(in.SKU)] = row
	}
	for i, code := range in.Barcodes {
		if first, dup := firstGTIN[gtin14(code)]; dup {
			f.Add(fmt.Sprintf("barcodes[%d]", i), errs.CodeDuplicate, "barcode %s is also on row %d", code, first)
		} else {
			firstGTIN[gtin14(code)] = row
		}
	}
	return f
}

// fileErr refuses a whole file; "csv" names the body in the field list.
func fileErr(code, format string, args ...any) error {
	var f errs.Fields
	f.Add("csv", code, format, args...)
	return f.Err()
}

func readErr(err error, opts ImportOptions) error {
	if errors.Is(err, errTooLarge) {
		return fileErr(errs.CodeTooLong, "the file is larger than %d bytes; split it", opts.MaxBytes)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fileErr(errs.CodeFormat, "line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("read csv: %w", err)
}

var errTooLarge = errors.New("csv file too large")

// cappedReader fails once more than max bytes have been read, so a huge or
// endless upload costs a bounded amount of memory.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left <= 0 {
		return n, errTooLarge
	}
	return n, err
}

// skipBOM drops a UTF-8 byte-order mark (Excel and Olist write one) before the
// CSV reader sees it, so a quoted first header still parses.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	return br
}
