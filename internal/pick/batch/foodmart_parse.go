package batch

import (
	"fmt"
	"strings"
)

// parser holds what the file has said so far.
type parser struct {
	sect     string
	ints     map[string]int // single-number sections, by name
	capacity []float64
	products [][]float64 // location, then one value per dimension; by index-1
	orders   []Order
	arcs     []Arc
	dist     map[[2]int]float64
	names    map[int]string
}

const maxCount = 1_000_000

// data takes one data line of the current section.
func (p *parser) data(t string) error {
	f := strings.Fields(t)
	switch p.sect {
	case "locations", "products#", "totes", "dims", "mixed", "orders#", "intersections", "start", "end":
		if _, seen := p.ints[p.sect]; seen || len(f) != 1 {
			return fmt.Errorf("section %s takes one number", p.sect)
		}
		v, err := integer(f[0], maxCount)
		p.ints[p.sect] = v
		return err
	case "capacity":
		for _, s := range f {
			v, err := number(s)
			if err != nil {
				return err
			}
			p.capacity = append(p.capacity, v)
		}
	case "products":
		return p.product(f)
	case "orders":
		return p.order(f)
	case "arcs":
		a, b, d, err := triple(f)
		if err != nil {
			return err
		}
		p.arcs = append(p.arcs, Arc{a, b, d})
	case "distances":
		a, b, d, err := triple(f)
		if err != nil {
			return err
		}
		if p.dist == nil {
			p.dist = map[[2]int]float64{}
		}
		p.dist[[2]int{a, b}] = d
	case "names":
		if len(f) < 3 {
			return fmt.Errorf("a vertex is: index x y name")
		}
		i, err := integer(f[0], maxPoints-1)
		if err != nil {
			return err
		}
		if p.names == nil {
			p.names = map[int]string{}
		}
		_, rest, _ := strings.Cut(t, "\"")
		p.names[i] = strings.TrimSuffix(rest, "\"")
	default:
		return fmt.Errorf("data outside a known section")
	}
	return nil
}

// product takes "idx location value..." with one value per dimension.
func (p *parser) product(f []string) error {
	dims, ok := p.ints["dims"]
	if !ok || dims < 1 || dims > 2 {
		return fmt.Errorf("products before 1 or 2 capacity dimensions")
	}
	if len(f) != 2+dims {
		return fmt.Errorf("a product is: index location and %d values", dims)
	}
	idx, err := integer(f[0], maxCount)
	if err != nil || idx != len(p.products)+1 {
		return fmt.Errorf("product %q out of sequence", f[0])
	}
	row := make([]float64, 0, 1+dims)
	for _, s := range f[1:] {
		v, err := number(s)
		if err != nil {
			return err
		}
		row = append(row, v)
	}
	p.products = append(p.products, row)
	return nil
}

// triple parses "start end distance", a line of the arcs and of the
// shortest paths.
func triple(f []string) (int, int, float64, error) {
	if len(f) != 3 {
		return 0, 0, 0, fmt.Errorf("want: start end distance")
	}
	a, err1 := integer(f[0], maxPoints-1)
	b, err2 := integer(f[1], maxPoints-1)
	d, err3 := number(f[2])
	return a, b, d, firstErr(err1, err2, err3)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
