package batch

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Instance is an order batching instance in the format of Arbex Valle and
// Beasley's Foodmart instances (as published in kit-dsm/ware_ops_algos):
// the layout, the cart and the orders, ready to batch.
type Instance struct {
	Problem Problem
	// Arcs are the layout's aisle segments the distance matrix was derived
	// from, kept so the matrix can be checked against them.
	Arcs []Arc
	// ToteCapacity is one tote's capacity per dimension; MixedTotes says
	// whether the file allows orders to share a tote (batching here never
	// mixes: each order keeps its own totes, its M in the file).
	ToteCapacity []float64
	MixedTotes   bool
}

// Arc is a walkable segment between two points.
type Arc struct {
	From, To int
	Length   float64
}

// maxPoints bounds the layout a file may declare, so a hostile file cannot
// make the parser allocate without limit (the matrix is points squared).
const maxPoints = 4000

// section is the part of the file the parser is in, named by the comment
// line that opens it.
var sections = []struct{ prefix, name string }{
	{"//NbLocations", "locations"}, {"//NbProducts", "products#"}, {"//K:", "totes"},
	{"//NbDimensionsCapacity", "dims"}, {"//B:", "capacity"}, {"//A box can accept", "mixed"},
	{"//Products", ""}, {"//Idx Location", "products"}, {"//Orders", ""}, {"//Nb Orders", "orders#"},
	{"//Idx M", "orders"}, {"//Graph", ""}, {"//NbVerticesIntersections", "intersections"},
	{"//DepartingDepot", "start"}, {"//ArrivalDepot", "end"}, {"//Arcs", ""}, {"//Start End", "arcs"},
	{"//LocStart", "distances"}, {"//Vertices coordinates", "names"},
}

// ParseFoodmart reads an instance. Orders become Orders with their
// products' locations, M totes, and volume (and weight, with two capacity
// dimensions: weight first) summed over quantities; the cart holds K totes.
func ParseFoodmart(r io.Reader) (Instance, error) {
	p := &parser{ints: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "//") {
			p.sect = "?"
			for _, s := range sections {
				if strings.HasPrefix(t, s.prefix) {
					p.sect = s.name
					break
				}
			}
			continue
		}
		if err := p.data(t); err != nil {
			return Instance{}, fmt.Errorf("%w: line %d: %v", ErrInvalid, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return Instance{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	in, err := p.instance()
	if err != nil {
		return Instance{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return in, nil
}

// number parses a finite, non-negative number.
func number(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a non-negative number", s)
	}
	return v, nil
}

// integer parses a non-negative integer no larger than limit.
func integer(s string, limit int) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 || v > limit {
		return 0, fmt.Errorf("%q is not an integer in 0..%d", s, limit)
	}
	return v, nil
}
