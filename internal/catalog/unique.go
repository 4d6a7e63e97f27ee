package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// holders says which stored products already hold some skus and barcodes,
// so a write can name the field that collides instead of failing on a
// unique index (which on PostgreSQL would also abort the transaction).
type holders struct {
	sku  map[string]string // folded sku -> product id
	as   map[string]string // folded sku -> the sku as stored
	gtin map[string]string // GTIN-14 -> product id
}

// foldSKU is the form two skus must not share: WB-APP-0001 and wb-app-0001
// would be one product to every person and scanner (the unique index on
// lower(sku) says the same).
func foldSKU(sku string) string { return strings.ToLower(sku) }

// findHolders looks up skus (ignoring case) and GTIN-14 codes in batches.
func findHolders(ctx context.Context, tx *db.Tx, skus, gtins []string) (holders, error) {
	h := holders{sku: map[string]string{}, as: map[string]string{}, gtin: map[string]string{}}
	folded := make([]string, len(skus))
	for i, s := range skus {
		folded[i] = foldSKU(s)
	}
	// One query for both: the holder's id and its sku as stored, as "id sku"
	// (neither holds a space).
	pairs := map[string]string{}
	if err := lookup(ctx, tx, `SELECT lower(sku), id || ' ' || sku FROM products WHERE lower(sku) IN `, folded, pairs); err != nil {
		return h, fmt.Errorf("look up skus: %w", err)
	}
	for k, v := range pairs {
		h.sku[k], h.as[k], _ = strings.Cut(v, " ")
	}
	if err := lookup(ctx, tx, `SELECT gtin, product_id FROM product_barcodes WHERE gtin IN `, gtins, h.gtin); err != nil {
		return h, fmt.Errorf("look up barcodes: %w", err)
	}
	return h, nil
}

func lookup(ctx context.Context, tx *db.Tx, query string, keys []string, into map[string]string) error {
	for start := 0; start < len(keys); start += batchRows {
		chunk := keys[start:min(start+batchRows, len(keys))]
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		rows, err := tx.QueryContext(ctx, query+"("+tx.Placeholders(1, len(args))+")", args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return err
			}
			into[k] = v
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// collisions lists the fields of in that a product other than self holds.
func (h holders) collisions(self string, in ProductInput) errs.Fields {
	var f errs.Fields
	if other, ok := h.sku[foldSKU(in.SKU)]; ok && other != self {
		if as := h.as[foldSKU(in.SKU)]; as != in.SKU {
			f.Add("sku", errs.CodeDuplicate, "sku %s differs only in case from %s, the sku of product %s", in.SKU, as, other)
		} else {
			f.Add("sku", errs.CodeDuplicate, "sku %s is already used by product %s", in.SKU, other)
		}
	}
	for i, code := range in.Barcodes {
		if other, ok := h.gtin[gtin14(code)]; ok && other != self {
			f.Add("barcodes["+strconv.Itoa(i)+"]", errs.CodeDuplicate, "barcode %s is already on product %s", code, other)
		}
	}
	return f
}

// exact is the product holding exactly sku (same case), if any: an import
// that updates existing products matches them by sku as written.
func (h holders) exact(sku string) string {
	if h.as[foldSKU(sku)] != sku {
		return ""
	}
	return h.sku[foldSKU(sku)]
}

// checkUnique refuses in when its sku or a barcode belongs to another product.
func checkUnique(ctx context.Context, tx *db.Tx, self string, in ProductInput) error {
	h, err := findHolders(ctx, tx, []string{in.SKU}, gtinsOf(in.Barcodes))
	if err != nil {
		return err
	}
	return conflict(h.collisions(self, in))
}

// conflict turns collisions into a Conflict error that still names the fields.
func conflict(f errs.Fields) error {
	if len(f) == 0 {
		return nil
	}
	return &errs.Error{Kind: errs.Conflict, Message: "the sku or a barcode is already in the catalogue", Fields: f}
}

func gtinsOf(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = gtin14(c)
	}
	return out
}
