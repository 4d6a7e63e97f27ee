package shop

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// ReadInstacart reads real basket shapes from a sample of the Instacart
// Market Basket data (products.csv and order_products__prior.csv in dir):
// each order becomes a basket with one line per aisle the shopper took
// products from, its quantity the number of those products (a shopper who
// takes three yoghurts buys three of one thing here), keyed by the first of
// them. Baskets come in the order the data lists them.
func ReadInstacart(dir string) ([]Basket, error) {
	aisle := map[string]string{}
	err := readCSV(filepath.Join(dir, "products.csv"), []string{"product_id", "aisle_id"}, func(f []string) error {
		aisle[f[0]] = f[1]
		return nil
	})
	if err != nil {
		return nil, err
	}
	type line struct {
		aisle string
		item  Item
	}
	var order []string
	lines := map[string][]line{}
	err = readCSV(filepath.Join(dir, "order_products__prior.csv"), []string{"order_id", "product_id"}, func(f []string) error {
		a, ok := aisle[f[1]]
		if !ok {
			return fmt.Errorf("product %s is not in products.csv", f[1])
		}
		key, err := strconv.ParseUint(f[1], 10, 64)
		if err != nil {
			return fmt.Errorf("product id %q: %w", f[1], err)
		}
		if _, seen := lines[f[0]]; !seen {
			order = append(order, f[0])
		}
		ls := lines[f[0]]
		for i := range ls {
			if ls[i].aisle == a {
				ls[i].item.Quantity = min(ls[i].item.Quantity+1, maxQuantity)
				return nil
			}
		}
		if len(ls) < maxLines {
			lines[f[0]] = append(ls, line{aisle: a, item: Item{Key: key, Quantity: 1}})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("%s holds no orders", dir)
	}
	out := make([]Basket, len(order))
	for i, id := range order {
		for _, l := range lines[id] {
			out[i] = append(out[i], l.item)
		}
	}
	return out, nil
}

// readCSV calls row with the named columns of every record of a CSV file
// with a header.
func readCSV(path string, columns []string, row func([]string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	at := make([]int, len(columns))
	for i, c := range columns {
		at[i] = -1
		for j, h := range header {
			if h == c {
				at[i] = j
			}
		}
		if at[i] < 0 {
			return fmt.Errorf("%s has no column %q", path, c)
		}
	}
	fields := make([]string, len(columns))
	for n := 2; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i, j := range at {
			fields[i] = rec[j]
		}
		if err := row(fields); err != nil {
			return fmt.Errorf("%s line %d: %w", path, n, err)
		}
	}
}
