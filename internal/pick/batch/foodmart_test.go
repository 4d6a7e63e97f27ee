package batch

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dataDir is where the shared instances live, relative to this package.
const dataDir = "../../../../shared/data/picking"

func loadFoodmart(t testing.TB, name string) Instance {
	t.Helper()
	f, err := os.Open(filepath.Join(dataDir, name))
	if os.IsNotExist(err) {
		t.Skipf("%s not present", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := ParseFoodmart(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return in
}

// TestParseFoodmart reads the four published files: their headers, orders,
// and a distance matrix that agrees with the shortest paths over the arcs.
func TestParseFoodmart(t *testing.T) {
	for n := 5; n <= 8; n++ {
		name := "foodmart_d5_ord" + string(rune('0'+n)) + ".txt"
		t.Run(name, func(t *testing.T) {
			in := loadFoodmart(t, name)
			p := in.Problem
			lay := p.Router.(*Layout)
			if len(p.Orders) != n || p.Cart.Totes != 8 || p.Cart.Volume != 320 || !in.MixedTotes {
				t.Fatalf("orders %d, cart %+v, mixed %v", len(p.Orders), p.Cart, in.MixedTotes)
			}
			o := p.Orders[0]
			if o.ID != "1" || o.Totes != 2 || len(o.Locations) != 18 || o.Volume != 63 {
				t.Fatalf("order 1 = %+v", o)
			}
			if s, e := lay.Depots(); s != 0 || e != lay.Points()-1 || !strings.Contains(lay.Names[e], "depot") {
				t.Fatalf("depots %d %d", s, e)
			}
			// Floyd-Warshall over the arcs gives the file's matrix; the
			// two depots are one place (the file gives them no arc).
			k := lay.Points()
			d := make([]float64, k*k)
			for i := range d {
				d[i] = math.Inf(1)
			}
			for i := range k {
				d[i*k+i] = 0
			}
			s, e := lay.Depots()
			d[s*k+e], d[e*k+s] = 0, 0
			for _, a := range in.Arcs {
				d[a.From*k+a.To] = min(d[a.From*k+a.To], a.Length)
				d[a.To*k+a.From] = min(d[a.To*k+a.From], a.Length)
			}
			for m := range k {
				for i := range k {
					for j := range k {
						d[i*k+j] = min(d[i*k+j], d[i*k+m]+d[m*k+j])
					}
				}
			}
			for i := range k {
				for j := range k {
					if math.Abs(d[i*k+j]-lay.Dist(i, j)) > 0.011 {
						t.Fatalf("%d-%d: file %v, arcs %v", i, j, lay.Dist(i, j), d[i*k+j])
					}
				}
			}
		})
	}
}

// FuzzParseFoodmart: no input panics, and what parses is a valid problem.
func FuzzParseFoodmart(f *testing.F) {
	f.Add(tinyInstance)
	f.Add(strings.Replace(tinyInstance, "1 1 2 1 1 2 1", "1 1 2 1 1 9 1", 1))
	f.Fuzz(func(t *testing.T, s string) {
		in, err := ParseFoodmart(strings.NewReader(s))
		if err != nil {
			return
		}
		if err := in.Problem.Validate(); err != nil {
			t.Fatalf("parsed but invalid: %v", err)
		}
		if _, err := Optimize(in.Problem, Options{Passes: 2}); err != nil {
			t.Fatal(err)
		}
	})
}

// tinyInstance is a hand-made file: a depot (0), two locations on one
// aisle 3 and 5 away, the depot again as 3.
const tinyInstance = `//NbLocations
3
//NbProducts
2
//K: NbBoxesTrolley
2
//NbDimensionsCapacity
1
//B: CapaBox
10
//A box can accept mixed orders(0: no, 1: yes)
0
//Products
//Idx Location Volume
1 1 1
2 2 2
//Orders
//Nb Orders
2
//Idx M NbProdInOrder ProdIdx1 Qty1 ProdIdx2 Qty2 ...
1 1 2 1 1 2 1
2 1 1 2 3
//Graph (Products are vertices indexed from 1 to NbLocations)
//NbVerticesIntersections
0
//DepartingDepot
0
//ArrivalDepot
3
//Arcs
//Start End Distance
0 1 3
1 2 2
3 1 3
//LocStart LocEnd ShortestPath
0 0 0
0 1 3
0 2 5
0 3 0
1 0 3
1 1 0
1 2 2
1 3 3
2 0 5
2 1 2
2 2 0
2 3 5
3 0 0
3 1 3
3 2 5
3 3 0
//Vertices coordinates LocationName
0 0 0 "depot"
1 0 3 "a"
2 0 5 "b"
3 0 0 "depot"
`
