package bench

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The workload's shape: read from ../shared/data (Olist, Instacart) or made up.

// shape is what the workload looks like: where sellers and customers are,
// how many lines a basket has, which products sell, what things weigh and
// when orders come in. Each slice is sampled uniformly, so repeats carry
// the real frequencies.
type shape struct {
	source       string
	sellerStates []string // most sellers first
	destinations []string // one state per customer
	basketSizes  []int    // lines, one per real order
	products     []shapeProduct
	weights      []int64 // grams, one per real product
	hours        []int   // hour of day, one per real order
}

type shapeProduct struct {
	category string
	sold     int // lines it appears in
}

// loadShape reads the shape from the data folder, or says on the report
// that it is absent and makes one up. A folder that is there but unreadable
// is an error, not a quiet fallback.
func loadShape(dir string, rep *SourcingReport) (shape, error) {
	if _, err := os.Stat(dir); dir == "" || errors.Is(err, fs.ErrNotExist) {
		rep.Notes = append(rep.Notes, fmt.Sprintf("data folder %q not found: using a synthetic mix instead of Olist and Instacart", dir))
		return syntheticShape(), nil
	}
	sh := shape{source: "olist+instacart"}
	sellers, err := readColumns(filepath.Join(dir, "olist", "sellers.csv"), "seller_state")
	if err != nil {
		return sh, err
	}
	sh.sellerStates = byFrequency(column(sellers))
	customers, err := readColumns(filepath.Join(dir, "olist", "customers_sample.csv"), "customer_state")
	if err != nil {
		return sh, err
	}
	for _, c := range customers {
		if _, ok := brazil[c[0]]; ok {
			sh.destinations = append(sh.destinations, c[0])
		}
	}
	weights, err := readColumns(filepath.Join(dir, "olist", "products.csv"), "product_weight_g")
	if err != nil {
		return sh, err
	}
	for _, w := range weights {
		if g, err := strconv.ParseInt(w[0], 10, 64); err == nil && g > 0 {
			sh.weights = append(sh.weights, g)
		}
	}
	return sh, sh.loadBaskets(filepath.Join(dir, "instacart"))
}

// validate refuses a shape that cannot generate a network or an order.
func (sh shape) validate() error {
	if len(sh.sellerStates) == 0 || len(sh.destinations) == 0 || len(sh.basketSizes) == 0 ||
		len(sh.products) == 0 || len(sh.weights) == 0 || len(sh.hours) == 0 {
		return fmt.Errorf("sourcing bench data: no sellers, customers, baskets, products, weights or order hours found")
	}
	return nil
}

// loadBaskets takes basket sizes and product popularity from Instacart's
// order lines, each product's department as its category, and the hours
// orders were placed.
func (sh *shape) loadBaskets(dir string) error {
	depts, err := readColumns(filepath.Join(dir, "departments.csv"), "department_id", "department")
	if err != nil {
		return err
	}
	deptName := map[string]string{}
	for _, d := range depts {
		deptName[d[0]] = d[1]
	}
	prods, err := readColumns(filepath.Join(dir, "products.csv"), "product_id", "department_id")
	if err != nil {
		return err
	}
	category := map[string]string{}
	for _, p := range prods {
		category[p[0]] = deptName[p[1]]
	}
	lines, err := readColumns(filepath.Join(dir, "order_products__prior.csv"), "order_id", "product_id")
	if err != nil {
		return err
	}
	size, sold := map[string]int{}, map[string]int{}
	for _, l := range lines {
		size[l[0]]++
		sold[l[1]]++
	}
	for _, id := range slices.Sorted(maps.Keys(size)) {
		sh.basketSizes = append(sh.basketSizes, size[id])
	}
	for _, id := range slices.Sorted(maps.Keys(sold)) {
		sh.products = append(sh.products, shapeProduct{category: cmp.Or(category[id], "missing"), sold: sold[id]})
	}
	hours, err := readColumns(filepath.Join(dir, "orders.csv"), "order_hour_of_day")
	if err != nil {
		return err
	}
	for _, h := range hours {
		if n, err := strconv.Atoi(h[0]); err == nil && n >= 0 && n < 24 {
			sh.hours = append(sh.hours, n)
		}
	}
	return nil
}

// syntheticShape stands in for the data sets: sellers and customers where
// people live, baskets of about ten lines, a Zipf-like catalogue.
func syntheticShape() shape {
	rng := rand.New(rand.NewPCG(7, 7))
	sh := shape{source: "synthetic"}
	for _, st := range slices.Sorted(maps.Keys(brazil)) {
		for range int(brazil[st].people * 10) {
			sh.destinations = append(sh.destinations, st)
		}
	}
	sh.sellerStates = byFrequency(sh.destinations)
	cats := []string{"produce", "dairy eggs", "snacks", "beverages", "frozen", "pantry", "household", "personal care"}
	for i := range 5000 {
		sh.products = append(sh.products, shapeProduct{category: cats[rng.IntN(len(cats))], sold: 1 + int(2000/math.Pow(float64(i+1), 0.9))})
	}
	for range 3000 {
		sh.basketSizes = append(sh.basketSizes, min(50, 1+int(rng.ExpFloat64()*9)))
		sh.weights = append(sh.weights, int64(min(30000, max(20, math.Exp(rng.NormFloat64()*1.1+6.5)))))
		sh.hours = append(sh.hours, 8+rng.IntN(15))
	}
	return sh
}

// readColumns reads the named columns of a CSV file with a header row.
func readColumns(path string, names ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sourcing bench data: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	idx := make([]int, len(names))
	for i, n := range names {
		if idx[i] = slices.IndexFunc(head, func(h string) bool { return strings.TrimPrefix(h, "\ufeff") == n }); idx[i] < 0 {
			return nil, fmt.Errorf("%s: no column %s", path, n)
		}
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		row := make([]string, len(idx))
		for i, c := range idx {
			row[i] = rec[c]
		}
		rows = append(rows, row)
	}
}

func column(rows [][]string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r[0]
	}
	return out
}

// byFrequency returns the distinct Brazilian states, most frequent first.
func byFrequency(states []string) []string {
	n := map[string]int{}
	for _, st := range states {
		if _, ok := brazil[st]; ok {
			n[st]++
		}
	}
	keys := slices.Sorted(maps.Keys(n))
	slices.SortStableFunc(keys, func(a, b string) int { return n[b] - n[a] })
	return keys
}
