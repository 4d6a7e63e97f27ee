package warehouse

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// PlacementColumns are the columns of a bin placement CSV, in any order.
var PlacementColumns = []string{"bin_code", "aisle", "side", "position", "level", "zone", "pick_face"}

// csvField maps a Placement field's path to its CSV column.
var csvField = map[string]string{"bin": "bin_code", "aisle": "aisle", "side": "side", "position": "position",
	"level": "level", "zone": "zone", "pick_face": "pick_face"}

// ImportPlacements places the bins of a CSV file (header row first, the
// PlacementColumns) on the warehouse's stored layout, all or none: a bin
// listed is moved to its row's place, a bin not listed stays where it was.
// Every problem names its row by the file's line (the header is line 1) and
// its column: "rows[3].position".
func (s *Store) ImportPlacements(ctx context.Context, ref string, r io.Reader) (int, error) {
	rows, f := readPlacements(r)
	if err := f.Err(); err != nil {
		return 0, err
	}
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		w, err := getTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		l, err := layoutTx(ctx, tx, w)
		if errs.Is(err, errs.NotFound) {
			return errs.E(errs.Conflict, "warehouse %s has no layout yet: put one before placing bins", w.Code)
		} else if err != nil {
			return err
		}
		binIDs, known, err := binIDsTx(ctx, tx, w.ID)
		if err != nil {
			return err
		}
		only := l
		only.Bins = make([]Placement, len(rows))
		for i, row := range rows {
			only.Bins[i] = row.p
		}
		only, f := only.check(known)
		if len(f) > 0 {
			return rowErrors(f, rows)
		}
		listed := map[string]bool{}
		for _, p := range only.Bins {
			listed[p.Bin] = true
		}
		merged := only.Bins
		for _, p := range l.Bins {
			if !listed[p.Bin] {
				merged = append(merged, p)
			}
		}
		l.Bins = merged
		if err := writeLayout(ctx, tx, w.ID, l, binIDs); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "warehouse.layout.bins", "warehouse", w.ID, map[string]any{"placed": len(rows)})
	})
	return len(rows), err
}

// placementRow is one row of the file and the line it was on.
type placementRow struct {
	line int
	p    Placement
}

func readPlacements(r io.Reader) ([]placementRow, errs.Fields) {
	var f errs.Fields
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		f.Add("csv", errs.CodeFormat, "the file has no header row: %s", csvReason(err))
		return nil, f
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, name := range PlacementColumns {
		if _, ok := col[name]; !ok {
			f.Add("csv", errs.CodeRequired, "the header has no column %s; give %s", name, strings.Join(PlacementColumns, ","))
		}
	}
	if len(f) > 0 {
		return nil, f
	}
	var rows []placementRow
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Add(fmt.Sprintf("rows[%d]", line), errs.CodeFormat, "%s", csvReason(err))
			return nil, f
		}
		if len(rows) == maxPlacements {
			f.Add("csv", errs.CodeOutOfRange, "at most %d rows", maxPlacements)
			return nil, f
		}
		cell := func(name string) string {
			if i := col[name]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		at := func(name string) string { return fmt.Sprintf("rows[%d].%s", line, name) }
		p := Placement{Bin: cell("bin_code"), Aisle: cell("aisle"), Side: strings.ToLower(cell("side")), Zone: cell("zone")}
		if p.Position, err = strconv.ParseFloat(cell("position"), 64); err != nil {
			f.Add(at("position"), errs.CodeType, "position must be metres, e.g. 4.5")
		}
		if p.Level, err = strconv.Atoi(cell("level")); err != nil {
			f.Add(at("level"), errs.CodeType, "level must be a whole number")
		}
		switch strings.ToLower(cell("pick_face")) {
		case "true", "yes", "1":
			p.PickFace = true
		case "false", "no", "0", "":
		default:
			f.Add(at("pick_face"), errs.CodeType, "pick_face must be true or false")
		}
		rows = append(rows, placementRow{line, p})
	}
	if len(rows) == 0 && len(f) == 0 {
		f.Add("csv", errs.CodeRequired, "the file has no rows")
	}
	return rows, f
}

// rowErrors renames "bins[i].field" as "rows[line].column".
func rowErrors(f errs.Fields, rows []placementRow) error {
	out := make(errs.Fields, 0, len(f))
	for _, e := range f {
		var i int
		var field string
		if n, _ := fmt.Sscanf(e.Path, "bins[%d].", &i); n == 1 && i < len(rows) {
			field = e.Path[strings.Index(e.Path, "].")+2:]
			e.Path = fmt.Sprintf("rows[%d].%s", rows[i].line, csvField[field])
		}
		out = append(out, e)
	}
	return out.Err()
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	if errors.Is(err, io.EOF) {
		return "it is empty"
	}
	return err.Error()
}
