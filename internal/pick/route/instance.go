package route

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Instance is a single-picker routing instance in the text format of the
// published benchmark (Heßler and Irnich; the grid of results_SPRP.csv):
// a header of "KEY : value" lines, then ARTICLE_SECTION, SKU_SECTION (where
// each article is stored: aisle, cell) and ORDER_SECTION (the articles to
// pick). Cells are numbered from the back of the aisle: cell 0 is next to
// the back cross aisle, DISTANCE_TOP_TO_CELL from it, cell NUM_CELLS-1
// DISTANCE_BOTTOM_TO_CELL from the front. The depot faces DEPOT_AISLE at
// the front ("bottom") or back ("top"); a depot at the back is turned to
// the front by mirroring the positions, which changes no distance.
type Instance struct {
	Name     string
	Layout   Layout
	Picks    []Location // one per order line
	Articles []int      // the article of each pick
}

// ErrFormat reports an instance file that does not follow the format.
var ErrFormat = errors.New("route: instance format")

// maxInstanceLines bounds what ParseInstance reads, so a hostile file
// cannot make it allocate without end.
const maxInstanceLines = 1_000_000

// ParseInstance reads one instance. Only single-block layouts with each
// article in one location (dedicated storage) are accepted.
func ParseInstance(r io.Reader) (Instance, error) {
	var in Instance
	header := map[string]string{}
	section := ""
	where := map[int]Location{}
	var cells geometry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	for n := 1; sc.Scan(); n++ {
		if n > maxInstanceLines {
			return in, fmt.Errorf("%w: more than %d lines", ErrFormat, maxInstanceLines)
		}
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line == "EOF":
			continue
		case strings.HasSuffix(line, "_SECTION"):
			if section == "" { // the header ends at the first section

				var err error
				if in.Layout, cells, err = layoutOf(header); err != nil {
					return in, err
				}
				in.Name = header["NAME"]
			}
			section = line
			continue
		case strings.Contains(line, ":"):
			k, v, _ := strings.Cut(line, ":")
			if section == "" {
				header[strings.ToUpper(strings.TrimSpace(k))] = strings.TrimSpace(v)
			}
			continue
		}
		fields, err := record(line)
		if err != nil {
			return in, fmt.Errorf("line %d: %w", n, err)
		}
		switch section {
		case "SKU_SECTION":
			if err := in.store(fields, cells, where); err != nil {
				return in, fmt.Errorf("line %d: %w", n, err)
			}
		case "ORDER_SECTION":
			p, ok := where[fields["ID"]]
			if !ok {
				return in, fmt.Errorf("%w: line %d: article %d has no location", ErrFormat, n, fields["ID"])
			}
			in.Picks = append(in.Picks, p)
			in.Articles = append(in.Articles, fields["ID"])
		}
	}
	if err := sc.Err(); err != nil {
		return in, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if section == "" {
		return in, fmt.Errorf("%w: no sections", ErrFormat)
	}
	return in, nil
}

// store records where an article is kept.
func (in *Instance) store(f map[string]int, cells geometry, where map[int]Location) error {
	id, aisle, cell := f["ID"], f["AISLE"], f["CELL"]
	if _, dup := where[id]; dup {
		return fmt.Errorf("%w: article %d stored in more than one location", ErrFormat, id)
	}
	if aisle < 0 || aisle >= in.Layout.Aisles || cell < 0 || cell >= cells.n {
		return fmt.Errorf("%w: article %d at aisle %d cell %d, outside the layout", ErrFormat, id, aisle, cell)
	}
	where[id] = Location{Aisle: aisle, Pos: cells.pos(cell)}
	return nil
}
