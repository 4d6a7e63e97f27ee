package route

import (
	"bufio"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// sampleDir holds the published instance and results, beside the project;
// tests that read them skip when it is absent.
const sampleDir = "../../../../shared/data/picking/"

// fixture is a small instance of our own in the published format, with the
// depot at the back (top) so that the mirroring is exercised.
const fixture = `NAME : own_m3_C4
TYPE : Single_picker_routing
LAYOUT : single-block
NUM_AISLES : 3
NUM_CELLS : 4
DEPOT_AISLE : 0
DEPOT_LOCATION : top
DISTANCE_AISLE_TO_AISLE : 4
DISTANCE_CELL_TO_CELL : 1
DISTANCE_TOP_TO_CELL : 1
DISTANCE_BOTTOM_TO_CELL : 2
DISTANCE_TOP_OR_BOTTOM_TO_DEPOT : 1
ARTICLE_SECTION
NUM_ARTICLES : 2
ID 0
ID 1
SKU_SECTION
NUM_SKUS : 2
ID 0 AISLE 2 CELL 3 QUANTITY 1 LEFT_RIGHT_HAND_SIDE left
ID 1 AISLE 0 CELL 0 QUANTITY 1 LEFT_RIGHT_HAND_SIDE right
ORDER_SECTION
NUM_ARTICLES : 2
ID 0 QUANTITY 1
ID 1 QUANTITY 1
EOF`

// TestRoutingParseInstance reads the fixture: aisle 6 long (2 + 3 cells +
// 1), cell 0 one from the back, so one from the depot's side once
// mirrored. The shortest tour, by hand: 1 (depot) + 1 (up to cell 0) + 8 + 5
// (across, by the front, up to cell 3) + 8 + 4 (back by the front) + 1 = 28.
func TestRoutingParseInstance(t *testing.T) {
	in, err := ParseInstance(strings.NewReader(fixture))
	if err != nil {
		t.Fatal(err)
	}
	want := Layout{Aisles: 3, Blocks: 1, BlockLength: 6, AisleSpacing: 4, DepotAisle: 0, DepotDistance: 1}
	if in.Layout != want || in.Name != "own_m3_C4" {
		t.Fatalf("layout %+v name %q, want %+v", in.Layout, in.Name, want)
	}
	if len(in.Picks) != 2 || in.Picks[0] != (Location{2, 4}) || in.Picks[1] != (Location{0, 1}) {
		t.Fatalf("picks %v", in.Picks)
	}
	r, err := Exact(in.Layout, in.Picks)
	if err != nil || r.Length != 28 {
		t.Fatalf("exact %v %v, want 28", r, err)
	}
}

// TestRoutingParseInstanceRefuses lists files the parser must refuse.
func TestRoutingParseInstanceRefuses(t *testing.T) {
	cases := map[string]string{
		"no sections":       "NAME : x\n",
		"multi-block":       strings.Replace(fixture, "single-block", "multi-block", 1),
		"no aisles":         strings.Replace(fixture, "NUM_AISLES : 3", "NUM_AISLES : 0", 1),
		"depot outside":     strings.Replace(fixture, "DEPOT_AISLE : 0", "DEPOT_AISLE : 3", 1),
		"depot sideways":    strings.Replace(fixture, "DEPOT_LOCATION : top", "DEPOT_LOCATION : left", 1),
		"negative distance": strings.Replace(fixture, "DISTANCE_AISLE_TO_AISLE : 4", "DISTANCE_AISLE_TO_AISLE : -4", 1),
		"cell outside":      strings.Replace(fixture, "CELL 3", "CELL 4", 1),
		"scattered":         strings.Replace(fixture, "ID 1 AISLE 0", "ID 0 AISLE 0", 1),
		"unknown article":   strings.Replace(fixture, "ID 1 QUANTITY", "ID 9 QUANTITY", 1),
		"bad record":        strings.Replace(fixture, "ID 0 QUANTITY 1", "ID zero QUANTITY 1", 1),
	}
	for name, text := range cases {
		if _, err := ParseInstance(strings.NewReader(text)); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: got %v, want ErrFormat", name, err)
		}
	}
}

// TestRoutingSampleInstance parses the published sample instance and finds
// the optimum results_SPRP.csv gives for it (row m5 C30 a7 seed 12: 94).
func TestRoutingSampleInstance(t *testing.T) {
	f, err := os.Open(sampleDir + "sprp_unit_F1_m5_C30_a7_12.txt")
	if err != nil {
		t.Skipf("the published sample is not beside the project: %v", err)
	}
	defer f.Close()
	in, err := ParseInstance(f)
	if err != nil {
		t.Fatal(err)
	}
	want := publishedOptimum(t, 5, 30, 7, 12)
	got, err := Exact(in.Layout, in.Picks)
	if err != nil {
		t.Fatal(err)
	}
	if got.Length != want || len(in.Picks) != 7 {
		t.Fatalf("exact %g over %d picks, published optimum %g", got.Length, len(in.Picks), want)
	}
	hk, err := HeldKarp(in.Layout, in.Picks, nil)
	if err != nil || math.Abs(hk.Length-want) > 1e-9 {
		t.Fatalf("Held-Karp %g %v, published optimum %g", hk.Length, err, want)
	}
}

// publishedOptimum reads the DP cost of one row of results_SPRP.csv.
func publishedOptimum(t *testing.T, aisles, cells, articles, seed int) float64 {
	t.Helper()
	f, err := os.Open(sampleDir + "results_SPRP.csv")
	if err != nil {
		t.Skipf("results_SPRP.csv is not beside the project: %v", err)
	}
	defer f.Close()
	key := strings.Join([]string{strconv.Itoa(aisles), strconv.Itoa(cells), strconv.Itoa(articles), "1", strconv.Itoa(seed)}, ";")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), ";")
		if len(cols) >= 13 && strings.Join(cols[2:7], ";") == key {
			// German number style: "1.068" is 1068.
			v, err := strconv.ParseFloat(strings.ReplaceAll(cols[12], ".", ""), 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatalf("no row %s in results_SPRP.csv", key)
	return 0
}

// FuzzRoutingParseInstance: any input either is refused with ErrFormat or
// gives a layout and picks the exact method routes.
func FuzzRoutingParseInstance(f *testing.F) {
	f.Add(fixture)
	f.Add(strings.Replace(fixture, "top", "bottom", 1))
	f.Add("NUM_AISLES : 1\nARTICLE_SECTION\nEOF")
	f.Fuzz(func(t *testing.T, text string) {
		in, err := ParseInstance(strings.NewReader(text))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v is not ErrFormat", err)
			}
			return
		}
		if in.Layout.Aisles > 200 || len(in.Picks) > 200 {
			return // valid, but too big to route many times in a fuzz run
		}
		r, err := Exact(in.Layout, in.Picks)
		if err != nil || !isPermutation(r.Order, len(in.Picks)) || r.Length < 0 {
			t.Fatalf("exact %v %v on a parsed instance", r, err)
		}
	})
}
