package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// A bin keeps one expiry date per product (bin_stock.expires_on): the
// earliest of what it holds, the per-location expiry of warehouse systems
// that do not keep lots apart within a bin. Goods arriving in an empty bin
// set it (or clear it, if they carry none); goods arriving in a bin with
// stock make it the earlier of the two, a date being earlier than none, and
// goods without a date leave it. A move, transfer or replenishment carries
// its source bin's date with the units. Waves pick the earliest expiry
// first (pick.Choose), so the date errs early: a bin topped up with fresher
// goods is picked as soon as its oldest ones must go.

// The years an expiry date may fall in: a date outside them is a typo.
const firstExpiryYear, lastExpiryYear = 2000, 2100

// checkExpiry validates an optional expiry date and returns it trimmed.
func checkExpiry(f *errs.Fields, path, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	d, err := time.Parse(time.DateOnly, s)
	switch {
	case err != nil || d.Format(time.DateOnly) != s:
		f.Add(path, errs.CodeFormat, "%s must be a date, YYYY-MM-DD", path)
	case d.Year() < firstExpiryYear || d.Year() > lastExpiryYear:
		f.Add(path, errs.CodeOutOfRange, "%s must be in the years %d to %d", path, firstExpiryYear, lastExpiryYear)
	}
	return s
}

// binExpiry reads the expiry date of what bin holds of prod ("" if none),
// for a move or transfer to carry to the destination.
func binExpiry(ctx context.Context, tx *db.Tx, bin, prod ref) (string, error) {
	var d sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT expires_on FROM bin_stock WHERE bin_id = $1 AND product_id = $2`,
		bin.ID, prod.ID).Scan(&d)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("read expiry of bin %s: %w", bin.Code, err)
	}
	return d.String, nil
}

// nullDate is a date for a nullable column: "" is NULL.
func nullDate(s string) any {
	if s == "" {
		return nil
	}
	return s
}
