package warehouse

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// Limits of a layout, so one Put stays one bounded transaction.
const (
	maxLayoutLength = 10000  // metres, a block or an aisle
	maxDepotMetres  = 1000   // metres from the depot to the front cross aisle
	maxPlacements   = 100000 // bins placed in one layout
)

// check normalises l (codes upper case and trimmed, bins in canonical form)
// and names every problem at its path, e.g. "aisles[3].length". known, when
// not nil, is the warehouse's bin codes: a placement of another bin is
// refused.
func (l Layout) check(known map[string]bool) (Layout, errs.Fields) {
	var f errs.Fields
	l.Warehouse, l.UpdatedAt = "", nil
	blocks := map[string]float64{}
	if len(l.Blocks) == 0 || len(l.Blocks) > 100 {
		f.Add("blocks", errs.CodeOutOfRange, "give 1 to 100 blocks")
	}
	for i := range l.Blocks {
		b, path := &l.Blocks[i], fmt.Sprintf("blocks[%d]", i)
		b.Code = layoutCode(&f, path+".code", b.Code, blocks)
		metres(&f, path+".length", b.Length, false, maxLayoutLength)
		blocks[b.Code] = b.Length
	}
	if len(l.CrossAisles) != len(l.Blocks)+1 {
		f.Add("cross_aisles", errs.CodeOutOfRange, "%d blocks need %d cross aisles (in front, between, behind), got %d",
			len(l.Blocks), len(l.Blocks)+1, len(l.CrossAisles))
	}
	for i, c := range l.CrossAisles {
		metres(&f, fmt.Sprintf("cross_aisles[%d].width", i), c.Width, true, 100)
	}
	aisles := l.checkAisles(&f, blocks)
	l.Depot.Aisle = strings.ToUpper(strings.TrimSpace(l.Depot.Aisle))
	if a, ok := aisles[l.Depot.Aisle]; !ok {
		f.Add("depot.aisle", errs.CodeUnknown, "the depot faces aisle %q, which the layout does not have", l.Depot.Aisle)
	} else if len(l.Blocks) > 0 && a.Block != l.Blocks[0].Code {
		f.Add("depot.aisle", errs.CodeOutOfRange, "the depot must face an aisle of the first block, %s", l.Blocks[0].Code)
	}
	metres(&f, "depot.distance", l.Depot.Distance, true, maxDepotMetres)
	zones := map[string]float64{}
	for i := range l.Zones {
		z, path := &l.Zones[i], fmt.Sprintf("zones[%d]", i)
		z.Code = layoutCode(&f, path+".code", z.Code, zones)
		zones[z.Code] = 0
		if !slices.Contains(ZoneKinds, z.Kind) {
			f.Add(path+".kind", errs.CodeUnknown, "kind must be one of %s", strings.Join(ZoneKinds, ", "))
		}
	}
	l.checkPlacements(&f, aisles, zones, known)
	return l, f
}

func (l *Layout) checkAisles(f *errs.Fields, blocks map[string]float64) map[string]Aisle {
	codes := map[string]float64{}
	out := map[string]Aisle{}
	if len(l.Aisles) == 0 || len(l.Aisles) > 10000 {
		f.Add("aisles", errs.CodeOutOfRange, "give 1 to 10000 aisles")
	}
	for i := range l.Aisles {
		a, path := &l.Aisles[i], fmt.Sprintf("aisles[%d]", i)
		a.Code = layoutCode(f, path+".code", a.Code, codes)
		codes[a.Code] = 0
		a.Block = strings.ToUpper(strings.TrimSpace(a.Block))
		long, ok := blocks[a.Block]
		if !ok {
			f.Add(path+".block", errs.CodeUnknown, "no block %q in blocks", a.Block)
		}
		metres(f, path+".x", a.X, true, 100000)
		if metres(f, path+".length", a.Length, false, maxLayoutLength) && ok && a.Length > long {
			f.Add(path+".length", errs.CodeOutOfRange, "aisle %s is %s m, longer than its block %s (%s m)", a.Code, mm(a.Length), a.Block, mm(long))
		}
		out[a.Code] = *a
	}
	return out
}

func (l *Layout) checkPlacements(f *errs.Fields, aisles map[string]Aisle, zones map[string]float64, known map[string]bool) {
	if len(l.Bins) > maxPlacements {
		f.Add("bins", errs.CodeOutOfRange, "at most %d bins per layout", maxPlacements)
		return
	}
	seen := map[string]int{}
	for i := range l.Bins {
		p, path := &l.Bins[i], fmt.Sprintf("bins[%d]", i)
		if c, err := ParseBinCode(p.Bin); err != nil {
			f.Add(path+".bin", errs.CodeFormat, "%s", err.Error())
		} else if first, dup := seen[c.String()]; dup {
			f.Add(path+".bin", errs.CodeDuplicate, "bin %s is also bins[%d]", c, first)
		} else if p.Bin = c.String(); known != nil && !known[p.Bin] {
			f.Add(path+".bin", errs.CodeUnknown, "the warehouse has no bin %s", p.Bin)
		} else {
			seen[p.Bin] = i
		}
		p.Aisle = strings.ToUpper(strings.TrimSpace(p.Aisle))
		a, ok := aisles[p.Aisle]
		if !ok {
			f.Add(path+".aisle", errs.CodeUnknown, "no aisle %q in aisles", p.Aisle)
		}
		if p.Side != SideLeft && p.Side != SideRight {
			f.Add(path+".side", errs.CodeUnknown, "side must be left or right")
		}
		if metres(f, path+".position", p.Position, true, maxLayoutLength) && ok && p.Position > a.Length {
			f.Add(path+".position", errs.CodeOutOfRange, "position %s m is past the end of aisle %s (%s m)", mm(p.Position), a.Code, mm(a.Length))
		}
		if p.Level < 0 || p.Level > 99 {
			f.Add(path+".level", errs.CodeOutOfRange, "level must be 0 to 99")
		}
		p.Zone = strings.ToUpper(strings.TrimSpace(p.Zone))
		if _, ok := zones[p.Zone]; !ok {
			f.Add(path+".zone", errs.CodeUnknown, "no zone %q in zones", p.Zone)
		}
	}
}

// layoutCode normalises a block, aisle or zone code and names an empty,
// long or repeated one.
func layoutCode(f *errs.Fields, path, code string, taken map[string]float64) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	switch _, dup := taken[code]; {
	case code == "":
		f.Add(path, errs.CodeRequired, "give a code")
	case len(code) > 16:
		f.Add(path, errs.CodeTooLong, "at most 16 characters")
	case dup:
		f.Add(path, errs.CodeDuplicate, "%s is used twice", code)
	}
	return code
}

// metres names a distance that is not a number in range (0 allowed when
// zero is true) and reports whether it was fine.
func metres(f *errs.Fields, path string, v float64, zero bool, limit float64) bool {
	if math.IsNaN(v) || v < 0 || (v == 0 && !zero) || v > limit {
		if zero {
			f.Add(path, errs.CodeOutOfRange, "must be 0 to %g metres", limit)
		} else {
			f.Add(path, errs.CodeOutOfRange, "must be more than 0 and at most %g metres", limit)
		}
		return false
	}
	return true
}

// mm writes a distance in metres to the millimetre, as people read it
// (1.8, not the 1.7999999999999998 a sum of floats gives).
func mm(v float64) string { return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64) }
