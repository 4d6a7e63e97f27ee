package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Scanned finds the product a scanned code names, in tx: one of its
// barcodes (a GTIN of any length) or its SKU, whatever the case. A code
// that names nothing is a field error on "item", as the floor's and the
// pack station's scans report it. It returns the product's id and SKU.
func Scanned(ctx context.Context, tx *db.Tx, code string) (string, string, error) {
	code = strings.TrimSpace(code)
	var pid, sku string
	err := sql.ErrNoRows
	if _, _, bad := gtinProblem(code); bad == "" {
		err = tx.QueryRowContext(ctx, `SELECT p.id, p.sku FROM product_barcodes b JOIN products p ON p.id = b.product_id WHERE b.gtin = $1`,
			gtin14(code)).Scan(&pid, &sku)
	}
	if errors.Is(err, sql.ErrNoRows) { // not a GTIN, or one no product has: a SKU of digits
		err = tx.QueryRowContext(ctx, `SELECT id, sku FROM products WHERE upper(sku) = $1`, strings.ToUpper(code)).Scan(&pid, &sku)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errs.Field("item", errs.CodeUnknown, "%s is not in the catalogue", errs.Clip(code))
	}
	return pid, sku, err
}
