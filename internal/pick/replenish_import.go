package pick

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// FaceLimitColumns are the columns of a limits CSV file, header first.
var FaceLimitColumns = []string{"bin", "sku", "min", "max"}

// ImportFaceLimits replaces a warehouse's pick face limits with the rows of
// a CSV file (bin,sku,min,max), as PutFaceLimits does: all or none, each
// problem named rows[LINE].COLUMN, LINE counting the header as 1.
func (s *Store) ImportFaceLimits(ctx context.Context, warehouse string, r io.Reader) ([]FaceLimit, error) {
	limits, lines, f := readFaceLimits(r)
	if err := f.Err(); err != nil {
		return nil, err
	}
	out, err := s.PutFaceLimits(ctx, warehouse, limits)
	var e *errs.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return out, err
	}
	renamed := make(errs.Fields, 0, len(e.Fields))
	for _, fe := range e.Fields {
		var i int
		if n, _ := fmt.Sscanf(fe.Path, "limits[%d].", &i); n == 1 && i < len(lines) {
			fe.Path = fmt.Sprintf("rows[%d].%s", lines[i], fe.Path[strings.Index(fe.Path, "].")+2:])
		}
		renamed = append(renamed, fe)
	}
	return nil, &errs.Error{Kind: e.Kind, Message: renamed[0].Message, Fields: renamed}
}

// readFaceLimits parses the file; lines[i] is the line of limits[i].
func readFaceLimits(r io.Reader) ([]FaceLimit, []int, errs.Fields) {
	var f errs.Fields
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		f.Add("csv", errs.CodeFormat, "the file has no header row")
		return nil, nil, f
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, name := range FaceLimitColumns {
		if _, ok := col[name]; !ok {
			f.Add("csv", errs.CodeRequired, "the header has no column %s; give %s", name, strings.Join(FaceLimitColumns, ","))
		}
	}
	if len(f) > 0 {
		return nil, nil, f
	}
	var out []FaceLimit
	var lines []int
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Add(fmt.Sprintf("rows[%d]", line), errs.CodeFormat, "the row is not valid CSV")
			return nil, nil, f
		}
		if len(out) == MaxFaceLimits {
			f.Add("csv", errs.CodeOutOfRange, "at most %d rows", MaxFaceLimits)
			return nil, nil, f
		}
		cell := func(name string) string {
			if i := col[name]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		l := FaceLimit{Bin: cell("bin"), SKU: cell("sku")}
		for _, n := range []struct {
			name string
			v    *int64
		}{{"min", &l.Min}, {"max", &l.Max}} {
			if *n.v, err = strconv.ParseInt(cell(n.name), 10, 64); err != nil {
				f.Add(fmt.Sprintf("rows[%d].%s", line, n.name), errs.CodeType, "%s must be a whole number of units", n.name)
			}
		}
		out, lines = append(out, l), append(lines, line)
	}
	return out, lines, f
}
