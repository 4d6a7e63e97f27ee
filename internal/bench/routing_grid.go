package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/pick/route"
)

// The grid of `waybill bench routing`: the single-block instance classes of
// results_SPRP.csv (Heßler and Irnich's 2,400 instances, their optima agreed
// by three exact methods), read from ../shared/data/picking, and instances
// drawn over it by the generator's conventions as far as the one published
// sample shows them (sprp_unit_F1_m5_C30_a7_12.txt): aisles 3 apart,
// cells 1 apart and 1 from each cross aisle, the depot at the front of
// aisle ceil(m/2) (aisle 3 of 5 in the sample) with no distance to it, one
// article per pick, each in its own cell. The generator itself is not
// published, so its seeds cannot be replayed: the report compares the mean
// optimum of our instances with the published mean, class by class, and
// `--file` checks a published instance against its published optimum.

// gridClass is one class of the grid: aisles, cells per aisle, picks.
type gridClass struct {
	Aisles, Cells, Picks int
	published            []float64 // the published optima of its instances
}

// defaultGrid is the grid results_SPRP.csv spans, for when it is absent.
func defaultGrid() []gridClass {
	var g []gridClass
	for _, m := range []int{5, 10, 25, 50} {
		for _, c := range []int{30, 60, 180} {
			for _, a := range []int{3, 7, 15, 30} {
				g = append(g, gridClass{Aisles: m, Cells: c, Picks: a})
			}
		}
	}
	return g
}

// loadGrid reads the classes and their published optima from
// results_SPRP.csv (semicolon separated; the DP cost column). An absent
// file is noted and the default grid used; an unreadable one is an error.
func loadGrid(dir string, rep *RoutingReport) ([]gridClass, error) {
	path := filepath.Join(dir, "picking", "results_SPRP.csv")
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s not found: using the grid it spans, without published optima", path))
		return defaultGrid(), nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var grid []gridClass
	sc := bufio.NewScanner(f)
	for n := 0; sc.Scan(); n++ {
		cols := strings.Split(sc.Text(), ";")
		if n == 0 {
			continue // the header
		}
		if len(cols) < 13 {
			return nil, fmt.Errorf("%s line %d: %d columns, want 14", path, n+1, len(cols))
		}
		v := make([]int, 3)
		for i := range v {
			if v[i], err = strconv.Atoi(cols[2+i]); err != nil {
				return nil, fmt.Errorf("%s line %d: %w", path, n+1, err)
			}
		}
		opt, err := parseCost(cols[12])
		if err != nil {
			return nil, fmt.Errorf("%s line %d: DP cost: %w", path, n+1, err)
		}
		k := slices.IndexFunc(grid, func(g gridClass) bool { return g.Aisles == v[0] && g.Cells == v[1] && g.Picks == v[2] })
		if k < 0 {
			grid, k = append(grid, gridClass{Aisles: v[0], Cells: v[1], Picks: v[2]}), len(grid)
		}
		grid[k].published = append(grid[k].published, opt)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(grid) == 0 {
		return nil, fmt.Errorf("%s: no instances", path)
	}
	rep.GridSource = path
	return grid, nil
}

// parseCost reads a cost as the file writes it, German style: "1.068" is
// 1068 and "0,25" a quarter.
func parseCost(s string) (float64, error) {
	return strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "."), 64)
}

// layout is the class's warehouse, by the sample's conventions.
func (g gridClass) layout() route.Layout {
	return route.Layout{Aisles: g.Aisles, Blocks: 1, BlockLength: float64(g.Cells + 1), AisleSpacing: 3,
		DepotAisle: (g.Aisles + 1) / 2}
}

// draw places the picks in distinct cells, uniformly.
func (g gridClass) draw(r *rand.Rand) []route.Location {
	cells := g.Aisles * g.Cells
	picks := make([]route.Location, 0, g.Picks)
	taken := make(map[int]bool, g.Picks)
	for len(picks) < min(g.Picks, cells) {
		c := r.IntN(cells)
		if taken[c] {
			continue
		}
		taken[c] = true
		picks = append(picks, route.Location{Aisle: c / g.Cells, Pos: float64(1 + c%g.Cells)})
	}
	return picks
}

// multiBlock draws a multi-block layout and its picks: blocks of 10 to 30
// cells, 6 to 16 aisles, the depot at the front of the middle aisle.
func multiBlock(r *rand.Rand, blocks, aisles, picks int) (route.Layout, []route.Location) {
	cells := 10 + r.IntN(21)
	l := route.Layout{Aisles: aisles, Blocks: blocks, BlockLength: float64(cells + 1), AisleSpacing: 3, DepotAisle: aisles / 2}
	out := make([]route.Location, picks)
	for i := range out {
		b, c := r.IntN(blocks), 1+r.IntN(cells)
		out[i] = route.Location{Aisle: r.IntN(aisles), Pos: float64(b)*l.BlockLength + float64(c)}
	}
	return l, out
}
