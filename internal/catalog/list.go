package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Filter selects products for List; zero fields match everything.
type Filter struct {
	Category string
	Active   *bool  // nil: active and inactive alike
	SKU      string // exact
	Barcode  string // any GTIN form; a UPC-A finds the product that has its EAN-13
	Query    string // a case-insensitive substring of the name
	Handling string // fragile, liquid, valuable or hazmat: only products with that flag
	After    string // keyset cursor: the last id of the previous page
	Limit    int    // 1 to 500
}

// List returns up to f.Limit products in id order (creation order, to the
// millisecond) and the After value for the next page, "" on the last page.
// Keyset pagination stays fast and stable however deep a client pages while
// others write.
func (s *Store) List(ctx context.Context, f Filter) ([]Product, string, error) {
	if err := f.check().Err(); err != nil {
		return nil, "", err
	}
	q, args := f.query()
	var ps []Product
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanProduct(rows)
			if err != nil {
				return err
			}
			ps = append(ps, p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return withBarcodes(ctx, tx, ps)
	})
	if err != nil {
		return nil, "", fmt.Errorf("list products: %w", err)
	}
	next := ""
	if len(ps) > f.Limit {
		ps = ps[:f.Limit]
		next = ps[len(ps)-1].ID
	}
	return ps, next, nil
}

func (f Filter) check() errs.Fields {
	var bad errs.Fields
	if f.Limit < 1 || f.Limit > 500 {
		bad.Add("limit", errs.CodeOutOfRange, "limit must be 1 to 500, got %d", f.Limit)
	}
	for _, p := range [][2]string{{"category", f.Category}, {"sku", f.SKU}, {"q", f.Query}, {"cursor", f.After}} {
		if !isText(p[1]) {
			bad.Add(p[0], errs.CodeFormat, "%s must be UTF-8 text without NUL", p[0])
		}
	}
	if f.Barcode != "" && (len(f.Barcode) < 8 || len(f.Barcode) > 14 || strings.ContainsFunc(f.Barcode, notDigit)) {
		bad.Add("barcode", errs.CodeFormat, "barcode must be 8 to 14 digits")
	}
	switch f.Handling {
	case "", "fragile", "liquid", "valuable", "hazmat":
	default:
		bad.Add("handling", errs.CodeUnknown, "handling must be fragile, liquid, valuable or hazmat")
	}
	return bad
}

// query builds the SELECT for a checked filter, one more row than the limit
// to learn whether another page follows.
func (f Filter) query() (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Category != "" {
		where = append(where, "category = "+arg(f.Category))
	}
	if f.Active != nil {
		where = append(where, "active = "+arg(*f.Active))
	}
	if f.SKU != "" {
		where = append(where, "sku = "+arg(f.SKU))
	}
	if f.Barcode != "" {
		where = append(where, "id IN (SELECT product_id FROM product_barcodes WHERE gtin = "+arg(gtin14(f.Barcode))+")")
	}
	if f.Query != "" {
		where = append(where, `name_lower LIKE `+arg("%"+escapeLike(strings.ToLower(f.Query))+"%")+` ESCAPE '\'`)
	}
	if f.Handling != "" {
		where = append(where, f.Handling) // a boolean column, named from check's closed list
	}
	if f.After != "" {
		where = append(where, "id > "+arg(f.After))
	}
	q := `SELECT ` + productColumns + ` FROM products`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	return q + ` ORDER BY id LIMIT ` + arg(f.Limit+1), args
}

// escapeLike makes s match itself literally inside a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func notDigit(r rune) bool { return r < '0' || r > '9' }
