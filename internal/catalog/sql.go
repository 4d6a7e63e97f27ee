package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// The columns every query reads a product with, in scanProduct's order.
const productColumns = `id, sku, name, category, attributes, weight_g, length_mm, width_mm, height_mm,
	fragile, liquid, valuable, hazmat, price_minor, currency, active, created_at, updated_at`

// batchRows bounds the rows of one multi-row INSERT: 500 products use 9,500
// parameters, under both SQLite's (32,766) and PostgreSQL's (65,535) limits.
const batchRows = 500

type scanner interface{ Scan(dest ...any) error }

func scanProduct(sc scanner) (Product, error) {
	var p Product
	var attrs string
	err := sc.Scan(&p.ID, &p.SKU, &p.Name, &p.Category, &attrs, &p.WeightG, &p.LengthMM, &p.WidthMM, &p.HeightMM,
		&p.Fragile, &p.Liquid, &p.Valuable, &p.Hazmat, &p.PriceMinor, &p.Currency, &p.Active, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return Product{}, err
	}
	if err := json.Unmarshal([]byte(attrs), &p.Attributes); err != nil {
		return Product{}, fmt.Errorf("product %s attributes: %w", p.ID, err)
	}
	if p.Attributes == nil {
		p.Attributes = map[string]string{}
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// getTx reads the one product matching column = value, with its barcodes.
// lock takes PostgreSQL's row lock for a read-modify-write; SQLite's single
// writer already serialises those.
// byRef reads a product by its id or its sku, as the API's paths name it
// (should one product's sku spell another's id, the id wins).
const byRef = "id or sku"

func getTx(ctx context.Context, tx *db.Tx, column, value string, lock bool) (Product, error) {
	where := column + ` = $1`
	if column == byRef {
		where = `(id = $1 OR sku = $1) ORDER BY CASE WHEN id = $1 THEN 0 ELSE 1 END LIMIT 1`
	}
	q := `SELECT ` + productColumns + ` FROM products WHERE ` + where
	if lock && tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	p, err := scanProduct(tx.QueryRowContext(ctx, q, value))
	if err != nil {
		return Product{}, db.NotFound(err, "no product with %s %q", column, errs.Clip(value))
	}
	ps := []Product{p}
	if err := withBarcodes(ctx, tx, ps); err != nil {
		return Product{}, err
	}
	return ps[0], nil
}

// withBarcodes fills in the barcodes of ps, one query per batch of products.
func withBarcodes(ctx context.Context, tx *db.Tx, ps []Product) error {
	index := make(map[string]int, len(ps))
	for i := range ps {
		index[ps[i].ID] = i
		ps[i].Barcodes = []string{}
	}
	for start := 0; start < len(ps); start += batchRows {
		chunk := ps[start:min(start+batchRows, len(ps))]
		args := make([]any, len(chunk))
		for i, p := range chunk {
			args[i] = p.ID
		}
		rows, err := tx.QueryContext(ctx, `SELECT product_id, barcode FROM product_barcodes
			WHERE product_id IN (`+tx.Placeholders(1, len(args))+`) ORDER BY product_id, position`, args...)
		if err != nil {
			return fmt.Errorf("read barcodes: %w", err)
		}
		for rows.Next() {
			var pid, code string
			if err := rows.Scan(&pid, &code); err != nil {
				rows.Close()
				return fmt.Errorf("read barcodes: %w", err)
			}
			ps[index[pid]].Barcodes = append(ps[index[pid]].Barcodes, code)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("read barcodes: %w", err)
		}
	}
	return nil
}

// insertProducts writes new products and their barcodes in multi-row
// statements, which is what makes a 30,000-row import take seconds.
func insertProducts(ctx context.Context, tx *db.Tx, ps []Product) error {
	const cols = 19
	for start := 0; start < len(ps); start += batchRows {
		chunk := ps[start:min(start+batchRows, len(ps))]
		values := make([]string, 0, len(chunk))
		args := make([]any, 0, len(chunk)*cols)
		for _, p := range chunk {
			attrs, err := json.Marshal(p.Attributes)
			if err != nil {
				return fmt.Errorf("encode attributes: %w", err)
			}
			values = append(values, "("+tx.Placeholders(len(args)+1, cols)+")")
			args = append(args, p.ID, p.SKU, p.Name, strings.ToLower(p.Name), p.Category, string(attrs),
				p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM, p.Fragile, p.Liquid, p.Valuable, p.Hazmat,
				p.PriceMinor, p.Currency, p.Active, p.CreatedAt, p.UpdatedAt)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO products (id, sku, name, name_lower, category, attributes,
			weight_g, length_mm, width_mm, height_mm, fragile, liquid, valuable, hazmat, price_minor, currency,
			active, created_at, updated_at) VALUES `+strings.Join(values, ", "), args...)
		if err != nil {
			return writeErr(err, "insert products")
		}
	}
	return insertBarcodes(ctx, tx, ps)
}

func insertBarcodes(ctx context.Context, tx *db.Tx, ps []Product) error {
	var values []string
	var args []any
	flush := func() error {
		if len(values) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO product_barcodes (gtin, barcode, product_id, position) VALUES `+
			strings.Join(values, ", "), args...)
		values, args = values[:0], args[:0]
		return writeErr(err, "insert barcodes")
	}
	for _, p := range ps {
		for pos, code := range p.Barcodes {
			values = append(values, "("+tx.Placeholders(len(args)+1, 4)+")")
			args = append(args, gtin14(code), code, p.ID, pos)
			if len(values) == batchRows*4 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// updateProduct rewrites a stored product's fields and replaces its barcodes.
func updateProduct(ctx context.Context, tx *db.Tx, p Product) error {
	attrs, err := json.Marshal(p.Attributes)
	if err != nil {
		return fmt.Errorf("encode attributes: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE products SET sku = $2, name = $3, name_lower = $4, category = $5,
		attributes = $6, weight_g = $7, length_mm = $8, width_mm = $9, height_mm = $10, fragile = $11,
		liquid = $12, valuable = $13, hazmat = $14, price_minor = $15, currency = $16, updated_at = $17
		WHERE id = $1`, p.ID, p.SKU, p.Name, strings.ToLower(p.Name), p.Category, string(attrs),
		p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM, p.Fragile, p.Liquid, p.Valuable, p.Hazmat,
		p.PriceMinor, p.Currency, p.UpdatedAt)
	if err != nil {
		return writeErr(err, "update product")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM product_barcodes WHERE product_id = $1`, p.ID); err != nil {
		return fmt.Errorf("replace barcodes: %w", err)
	}
	return insertBarcodes(ctx, tx, []Product{p})
}

// writeErr names a unique violation as the conflict it is: another writer
// took the sku or barcode between our check and our write.
func writeErr(err error, what string) error {
	if err == nil {
		return nil
	}
	if db.ViolationOf(err) == db.UniqueViolation {
		return errs.Wrap(errs.Conflict, err, "another product took this sku or barcode at the same time; retry")
	}
	return fmt.Errorf("%s: %w", what, err)
}
