package batch

import (
	"fmt"
	"math"
	"strconv"
)

// order takes "idx M n product qty product qty ...".
func (p *parser) order(f []string) error {
	if len(f) < 3 {
		return fmt.Errorf("an order is: index, totes, lines, then product and quantity per line")
	}
	idx, err1 := integer(f[0], maxCount)
	totes, err2 := integer(f[1], maxCount)
	n, err3 := integer(f[2], maxCount)
	if err := firstErr(err1, err2, err3); err != nil {
		return err
	}
	if idx != len(p.orders)+1 || len(f) != 3+2*n {
		return fmt.Errorf("order %d out of sequence or not %d lines", idx, n)
	}
	dims := p.ints["dims"]
	o := Order{ID: strconv.Itoa(idx), Totes: totes}
	for k := range n {
		prod, err1 := integer(f[3+2*k], len(p.products))
		qty, err2 := number(f[4+2*k])
		if err := firstErr(err1, err2); err != nil || prod == 0 {
			return fmt.Errorf("order %d line %d: unknown product or bad quantity", idx, k+1)
		}
		row := p.products[prod-1]
		if row[0] != math.Trunc(row[0]) || row[0] >= maxPoints {
			return fmt.Errorf("product %d: location %v is not a point", prod, row[0])
		}
		o.Locations = append(o.Locations, int(row[0]))
		o.Volume += qty * row[dims] // volume is the last dimension
		if dims == 2 {
			o.Weight += qty * row[1]
		}
	}
	p.orders = append(p.orders, o)
	return nil
}

// instance checks the sections against each other and builds the result.
func (p *parser) instance() (Instance, error) {
	for _, k := range []string{"totes", "dims", "orders#", "start", "end"} {
		if _, ok := p.ints[k]; !ok {
			return Instance{}, fmt.Errorf("section %s missing", k)
		}
	}
	dims := p.ints["dims"]
	if len(p.capacity) != dims {
		return Instance{}, fmt.Errorf("%d tote capacities for %d dimensions", len(p.capacity), dims)
	}
	if len(p.products) != p.ints["products#"] || len(p.orders) != p.ints["orders#"] {
		return Instance{}, fmt.Errorf("counts of products or orders differ from their headers")
	}
	n := 0
	for k := range p.dist {
		n = max(n, k[0]+1, k[1]+1)
	}
	if n == 0 || len(p.dist) != n*n {
		return Instance{}, fmt.Errorf("shortest paths do not cover every pair of %d points", n)
	}
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = p.dist[[2]int{i, j}]
		}
	}
	l, err := NewLayout(m, p.ints["start"], p.ints["end"])
	if err != nil {
		return Instance{}, err
	}
	if len(p.names) > 0 {
		l.Names = make([]string, n)
		for i, s := range p.names {
			if i < n {
				l.Names[i] = s
			}
		}
	}
	for _, a := range p.arcs {
		if a.From >= n || a.To >= n {
			return Instance{}, fmt.Errorf("arc %d-%d off the layout", a.From, a.To)
		}
	}
	in := Instance{Arcs: p.arcs, ToteCapacity: p.capacity, MixedTotes: p.ints["mixed"] == 1}
	in.Problem = Problem{Router: l, Orders: p.orders, Cart: Cart{Totes: p.ints["totes"]}}
	if in.Problem.Cart.Totes == 0 {
		return Instance{}, fmt.Errorf("a cart of no totes")
	}
	in.Problem.Cart.Volume = float64(in.Problem.Cart.Totes) * p.capacity[dims-1]
	if dims == 2 {
		in.Problem.Cart.Weight = float64(in.Problem.Cart.Totes) * p.capacity[0]
	}
	return in, in.Problem.Validate()
}
