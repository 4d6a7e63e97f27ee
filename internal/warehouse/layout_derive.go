package warehouse

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// DeriveLayout proposes a layout for the warehouse named by ref from its
// bins, without storing it, so a warehouse set up before layouts existed can
// be routed at once and its staff correct the proposal rather than type it.
func (s *Store) DeriveLayout(ctx context.Context, ref string) (Layout, error) {
	var l Layout
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		w, err := getTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		l, err = deriveTx(ctx, tx, w)
		return err
	})
	return l, err
}

// FloorLayout reads, in tx, the layout the warehouse with id (or code) is
// walked on: the stored one, else the one Derive proposes from its bins.
func FloorLayout(ctx context.Context, tx *db.Tx, ref string) (Layout, error) {
	w, err := getTx(ctx, tx, ref)
	if err != nil {
		return Layout{}, err
	}
	l, err := layoutTx(ctx, tx, w)
	if errs.Is(err, errs.NotFound) {
		return deriveTx(ctx, tx, w)
	}
	return l, err
}

func deriveTx(ctx context.Context, tx *db.Tx, w Warehouse) (Layout, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+binColumns+` FROM bins WHERE warehouse_id = $1 ORDER BY code`, w.ID)
	if err != nil {
		return Layout{}, fmt.Errorf("read bins: %w", err)
	}
	defer rows.Close()
	var bins []Bin
	for rows.Next() {
		b, err := scanBin(rows)
		if err != nil {
			return Layout{}, err
		}
		bins = append(bins, b)
	}
	if err := rows.Err(); err != nil {
		return Layout{}, err
	}
	if len(bins) == 0 {
		return Layout{}, errs.E(errs.Conflict, "warehouse %s has no bins to derive a layout from", w.Code)
	}
	l := Derive(bins)
	l.Warehouse = w.Code
	return l, nil
}

// The rule Derive follows, in metres.
const (
	aisleBand     = 1.5 // bins of one aisle lie within this across the building (both shelves)
	aisleEndRoom  = 0.5 // between an aisle's end and its first or last bin
	crossAisleW   = 2.0 // the width given to each cross aisle
	pickFaceLevel = 2   // levels up to this are picked from; higher ones hold reserve
)

// Derive proposes a single-block layout from bins (at least one), by this
// rule:
//
//   - Aisles: a bin code zone-aisle-bay-level names its aisle "zone-aisle"
//     (A-01-03-2 is on aisle A-01), when the bins of every such aisle lie
//     within 1.5 m of each other across the building (x) and no two aisles
//     overlap. Otherwise the codes do not describe the floor and the bins
//     are clustered by x: a gap of more than 1.5 m starts a new aisle,
//     named X01, X02, ... left to right. An aisle's x is its bins' mean x.
//   - Positions run along y: the frontmost bin is 0.5 m from the front end
//     of every aisle, an aisle ends 0.5 m past its last bin, and the block
//     is as long as the longest aisle.
//   - Side: a bin left of its aisle's centre line is on the left, right of
//     it on the right; a bin on the line takes the side of its bay's
//     parity (odd bays left, even right).
//   - Level: the code's level (a letter counts A=1, B=2, ...); levels 1-2
//     are pick faces, higher ones reserve.
//   - Zones: the code's zone, of kind ambient.
//   - Depot: in front of the aisle nearest the dock (x = 0), as far from
//     the front cross aisle as the frontmost bin is from the dock, less the
//     0.5 m margin. Both cross aisles are 2 m wide.
func Derive(bins []Bin) Layout {
	aisleOf, xs := aislesByCode(bins)
	if aisleOf == nil {
		aisleOf, xs = aislesByX(bins)
	}
	minY := math.Inf(1)
	for _, b := range bins {
		minY = min(minY, b.Y)
	}
	l := Layout{CrossAisles: []CrossAisle{{crossAisleW}, {crossAisleW}}, Bins: make([]Placement, 0, len(bins))}
	lengths := map[string]float64{}
	zones := map[string]bool{}
	for i, b := range bins {
		a := aisleOf[i]
		c, _ := ParseBinCode(b.Code)
		p := Placement{Bin: b.Code, Aisle: a, Side: sideOf(b.X, xs[a], c.Bay), Position: round2(b.Y - minY + aisleEndRoom),
			Level: levelOf(c.Level), Zone: c.Zone}
		p.PickFace = p.Level <= pickFaceLevel
		lengths[a] = max(lengths[a], p.Position+aisleEndRoom)
		zones[c.Zone] = true
		l.Bins = append(l.Bins, p)
	}
	block := Block{Code: "1"}
	for code, x := range xs {
		l.Aisles = append(l.Aisles, Aisle{Code: code, Block: block.Code, X: round2(x), Length: lengths[code]})
		block.Length = max(block.Length, lengths[code])
	}
	slices.SortFunc(l.Aisles, func(a, b Aisle) int { return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.Code, b.Code)) })
	l.Blocks = []Block{block}
	l.Depot = Depot{Aisle: l.Aisles[0].Code, Distance: round2(max(minY-aisleEndRoom, 0))}
	for _, a := range l.Aisles {
		if math.Abs(a.X) < math.Abs(xs[l.Depot.Aisle]) {
			l.Depot.Aisle = a.Code
		}
	}
	for z := range zones {
		l.Zones = append(l.Zones, Zone{Code: z, Kind: ZoneAmbient})
	}
	slices.SortFunc(l.Zones, func(a, b Zone) int { return cmp.Compare(a.Code, b.Code) })
	return l
}

// aislesByCode names each bin's aisle by its code and returns the aisles'
// mean x, or nil when the codes do not fit the floor.
func aislesByCode(bins []Bin) ([]string, map[string]float64) {
	of := make([]string, len(bins))
	lo, hi, sum, n := map[string]float64{}, map[string]float64{}, map[string]float64{}, map[string]int{}
	for i, b := range bins {
		c, err := ParseBinCode(b.Code)
		if err != nil {
			return nil, nil
		}
		a := c.Zone + "-" + c.Aisle
		of[i] = a
		if n[a] == 0 {
			lo[a], hi[a] = b.X, b.X
		}
		lo[a], hi[a], sum[a], n[a] = min(lo[a], b.X), max(hi[a], b.X), sum[a]+b.X, n[a]+1
	}
	type band struct{ lo, hi float64 }
	var bands []band
	xs := map[string]float64{}
	for a := range n {
		if hi[a]-lo[a] > aisleBand {
			return nil, nil
		}
		bands = append(bands, band{lo[a], hi[a]})
		xs[a] = sum[a] / float64(n[a])
	}
	slices.SortFunc(bands, func(a, b band) int { return cmp.Compare(a.lo, b.lo) })
	for i := 1; i < len(bands); i++ {
		if bands[i].lo <= bands[i-1].hi {
			return nil, nil // two aisles share x: the codes are not the floor
		}
	}
	return of, xs
}

// aislesByX clusters bins by x into aisles X01, X02, ... left to right.
func aislesByX(bins []Bin) ([]string, map[string]float64) {
	idx := make([]int, len(bins))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(bins[a].X, bins[b].X) })
	of := make([]string, len(bins))
	xs := map[string]float64{}
	var sum float64
	var n, k int
	flush := func() {
		if n > 0 {
			xs[fmt.Sprintf("X%02d", k)] = sum / float64(n)
		}
	}
	for j, i := range idx {
		if j == 0 || bins[i].X-bins[idx[j-1]].X > aisleBand {
			flush()
			k, sum, n = k+1, 0, 0
		}
		of[i] = fmt.Sprintf("X%02d", k)
		sum, n = sum+bins[i].X, n+1
	}
	flush()
	return of, xs
}

func sideOf(x, aisleX float64, bay string) string {
	switch bayNo, _ := strconv.Atoi(bay); {
	case x < aisleX-0.05:
		return SideLeft
	case x > aisleX+0.05:
		return SideRight
	case bayNo%2 == 1:
		return SideLeft
	}
	return SideRight
}

func levelOf(level string) int {
	if n, err := strconv.Atoi(level); err == nil {
		return n
	}
	if len(level) == 1 && level[0] >= 'A' && level[0] <= 'Z' {
		return int(level[0]-'A') + 1
	}
	return 0
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
