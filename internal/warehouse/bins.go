package warehouse

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// MaxBinsPerCall caps one AddBins call, so one request is one bounded
// transaction; lay out a bigger warehouse in several calls.
const MaxBinsPerCall = 1000

const binColumns = `id, warehouse_id, code, zone, aisle, bay, level, x, y, active, created_at, updated_at`

// AddBins creates bins in the warehouse named by ref (id or code), all or
// none. A code used twice in the list is invalid; a code the warehouse
// already has is a conflict; both name the offending "bins[i].code".
func (s *Store) AddBins(ctx context.Context, ref string, bins []BinInput) ([]Bin, error) {
	codes, f := checkBins(bins)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out []Bin
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		w, err := getTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		if err := refuseTaken(ctx, tx, w, codes); err != nil {
			return err
		}
		out = make([]Bin, len(bins))
		for i, in := range bins {
			c := codes[i]
			out[i] = Bin{ID: id.New("bin", tx.Now), WarehouseID: w.ID, Code: c.String(), Zone: c.Zone, Aisle: c.Aisle,
				Bay: c.Bay, Level: c.Level, X: in.X, Y: in.Y, Active: in.Active == nil || *in.Active,
				CreatedAt: tx.Now, UpdatedAt: tx.Now}
		}
		for start := 0; start < len(out); start += 200 {
			if err := insertBins(ctx, tx, out[start:min(start+200, len(out))]); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "bin.create", "warehouse", w.ID, map[string]any{"count": len(out), "bins": bins})
	})
	return out, err
}

func checkBins(bins []BinInput) ([]BinCode, errs.Fields) {
	var f errs.Fields
	switch {
	case len(bins) == 0:
		f.Add("bins", errs.CodeRequired, "give at least one bin")
	case len(bins) > MaxBinsPerCall:
		f.Add("bins", errs.CodeOutOfRange, "at most %d bins per call", MaxBinsPerCall)
	}
	if len(f) > 0 {
		return nil, f
	}
	codes := make([]BinCode, len(bins))
	seen := map[string]int{}
	for i, b := range bins {
		path := fmt.Sprintf("bins[%d]", i)
		c, err := ParseBinCode(b.Code)
		if err != nil {
			f.Add(path+".code", errs.CodeFormat, "%s", err.Error())
		} else if first, dup := seen[c.String()]; dup {
			f.Add(path+".code", errs.CodeDuplicate, "bin %s is also bins[%d]", c, first)
		} else {
			seen[c.String()] = i
		}
		codes[i] = c
		checkCoordinate(&f, path+".x", b.X)
		checkCoordinate(&f, path+".y", b.Y)
	}
	return codes, f
}

func checkCoordinate(f *errs.Fields, path string, v float64) {
	if math.IsNaN(v) || v < 0 || v > 100000 {
		f.Add(path, errs.CodeOutOfRange, "%s must be 0 to 100000 metres", path)
	}
}

// refuseTaken names every input bin whose code the warehouse already has.
func refuseTaken(ctx context.Context, tx *db.Tx, w Warehouse, codes []BinCode) error {
	index := make(map[string]int, len(codes))
	args := []any{w.ID}
	for i, c := range codes {
		index[c.String()] = i
		args = append(args, c.String())
	}
	rows, err := tx.QueryContext(ctx, `SELECT code FROM bins WHERE warehouse_id = $1 AND code IN (`+
		db.Placeholders(2, len(codes))+`)`, args...)
	if err != nil {
		return fmt.Errorf("read bin codes: %w", err)
	}
	defer rows.Close()
	var taken []int
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return err
		}
		taken = append(taken, index[code])
	}
	if err := rows.Err(); err != nil {
		return err
	}
	slices.Sort(taken)
	var fields []errs.FieldError
	for _, i := range taken {
		fields = append(fields, errs.FieldError{Path: fmt.Sprintf("bins[%d].code", i), Code: errs.CodeDuplicate,
			Message: fmt.Sprintf("warehouse %s already has bin %s", w.Code, codes[i])})
	}
	if len(fields) > 0 {
		return &errs.Error{Kind: errs.Conflict, Message: "some bins already exist; none were added", Fields: fields}
	}
	return nil
}

func insertBins(ctx context.Context, tx *db.Tx, bins []Bin) error {
	const cols = 12
	q := `INSERT INTO bins (` + binColumns + `) VALUES `
	args := make([]any, 0, cols*len(bins))
	for i, b := range bins {
		if i > 0 {
			q += ", "
		}
		q += "(" + db.Placeholders(i*cols+1, cols) + ")"
		args = append(args, b.ID, b.WarehouseID, b.Code, b.Zone, b.Aisle, b.Bay, b.Level, b.X, b.Y, b.Active,
			b.CreatedAt, b.UpdatedAt)
	}
	_, err := tx.ExecContext(ctx, q, args...)
	if db.ViolationOf(err) == db.UniqueViolation {
		return errs.Wrap(errs.Conflict, err, "a bin with one of these codes was added meanwhile; none were added")
	}
	if err != nil {
		return fmt.Errorf("insert bins: %w", err)
	}
	return nil
}
