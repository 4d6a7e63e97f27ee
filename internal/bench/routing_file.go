package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/waybill/waybill/internal/pick/route"
)

// RoutingFileReport is `waybill bench routing --file`: one published (or
// own) instance routed by every method.
type RoutingFileReport struct {
	File       string  `json:"file"`
	Name       string  `json:"name"`
	Aisles     int     `json:"aisles"`
	Picks      int     `json:"picks"`
	Exact      float64 `json:"exact"`
	HeldKarp   float64 `json:"held_karp,omitempty"` // lists of at most 16 picks
	Heuristic  float64 `json:"heuristic"`
	SShape     float64 `json:"sshape"`
	LargestGap float64 `json:"largest_gap"`
	Combined   float64 `json:"combined"`
	// Published is the optimum results_SPRP.csv gives for the instance,
	// when its name (unit_F1_m<aisles>_C<cells>_a<picks>_<seed>) is there.
	Published        float64 `json:"published_optimum,omitempty"`
	MatchesPublished *bool   `json:"matches_published,omitempty"`
}

// sprpName is how the published instances are named.
var sprpName = regexp.MustCompile(`unit_F1_m(\d+)_C(\d+)_a(\d+)_(\d+)`)

// RunRoutingFile reads one instance and routes it by every method; data is
// the folder holding picking/results_SPRP.csv, to find its optimum.
func RunRoutingFile(path, data string) (RoutingFileReport, error) {
	rep := RoutingFileReport{File: path}
	f, err := os.Open(path)
	if err != nil {
		return rep, err
	}
	defer f.Close()
	in, err := route.ParseInstance(f)
	if err != nil {
		return rep, fmt.Errorf("%s: %w", path, err)
	}
	rep.Name, rep.Aisles, rep.Picks = in.Name, in.Layout.Aisles, len(in.Picks)
	exact, err := route.Exact(in.Layout, in.Picks)
	if err != nil {
		return rep, err
	}
	rep.Exact = exact.Length
	if len(in.Picks) <= route.MaxHeldKarp {
		hk, err := route.HeldKarp(in.Layout, in.Picks, nil)
		if err != nil {
			return rep, err
		}
		rep.HeldKarp = hk.Length
	}
	for k, to := range [4]*float64{&rep.Heuristic, &rep.SShape, &rep.LargestGap, &rep.Combined} {
		r, err := heuristicRuns[k](in.Layout, in.Picks)
		if err != nil {
			return rep, err
		}
		*to = r.Length
	}
	if m := sprpName.FindStringSubmatch(filepath.Base(path) + " " + in.Name); m != nil {
		if opt, ok := publishedOptimum(data, m[1:]); ok {
			rep.Published = opt
			match := opt == rep.Exact
			rep.MatchesPublished = &match
		}
	}
	return rep, nil
}

// publishedOptimum looks an instance up in results_SPRP.csv by aisles,
// cells, articles and seed.
func publishedOptimum(data string, key []string) (float64, bool) {
	b, err := os.ReadFile(filepath.Join(data, "picking", "results_SPRP.csv"))
	if err != nil {
		return 0, false
	}
	want := strings.Join([]string{key[0], key[1], key[2], "1", key[3]}, ";")
	for _, line := range strings.Split(string(b), "\n") {
		cols := strings.Split(strings.TrimSpace(line), ";")
		if len(cols) >= 13 && strings.Join(cols[2:7], ";") == want {
			v, err := parseCost(cols[12])
			return v, err == nil
		}
	}
	return 0, false
}

// String renders the file report for people.
func (r RoutingFileReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "routing %s (%s): %d aisles, %d picks\n", r.File, r.Name, r.Aisles, r.Picks)
	fmt.Fprintf(&b, "  exact (Ratliff-Rosenthal) %g", r.Exact)
	if r.HeldKarp > 0 {
		fmt.Fprintf(&b, "; Held-Karp %g", r.HeldKarp)
	}
	if r.MatchesPublished != nil {
		fmt.Fprintf(&b, "; published optimum %g (%s)", r.Published, map[bool]string{true: "equal", false: "DIFFERENT"}[*r.MatchesPublished])
	}
	fmt.Fprintf(&b, "\n  heuristic %g, S-shape %g, largest gap %g, combined %g\n", r.Heuristic, r.SShape, r.LargestGap, r.Combined)
	return b.String()
}
