package pack

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
)

// DefaultGS1Prefix is the GS1 company prefix of a warehouse whose pack rules
// name none: GS1's own example prefix, for demos and tests. A shop puts its
// own in the pack rules before its SSCCs leave the building.
const DefaultGS1Prefix = "0614141"

// nextSSCC takes the next serial of a warehouse's pack rules (made with
// the defaults on first use) and returns its SSCC: extension digit 0, the
// company prefix, the serial padded to 16 digits in all, and the GS1 check
// digit. The serial is a row of the warehouse's, taken in the parcel's
// transaction: SSCCs are never reused and a rolled-back parcel gives its
// serial back.
func nextSSCC(ctx context.Context, tx *db.Tx, whID string) (string, error) {
	if _, err := rulesFor(ctx, tx, whID, true); err != nil {
		return "", err
	}
	var prefix string
	var serial int64
	if err := tx.QueryRowContext(ctx, `UPDATE pack_rules SET next_serial = next_serial + 1 WHERE warehouse_id = $1
		RETURNING gs1_prefix, next_serial - 1`, whID).Scan(&prefix, &serial); err != nil {
		return "", err
	}
	return SSCC(prefix, serial)
}

// SSCC builds an 18-digit Serial Shipping Container Code from a company
// prefix and a serial reference; a serial too big for the prefix's room
// is an error, never a truncated, repeating code.
func SSCC(prefix string, serial int64) (string, error) {
	room := 16 - len(prefix)
	s := fmt.Sprintf("%0*d", room, serial)
	if len(s) > room || serial < 0 {
		return "", fmt.Errorf("serial %d does not fit the %d digits GS1 prefix %s leaves", serial, room, prefix)
	}
	body := "0" + prefix + s
	return body + string(catalog.CheckDigit(body)), nil
}

// ValidSSCC reports whether code is an SSCC with a correct check digit (an
// AI (00) in front, as scanners of GS1-128 labels send it, is allowed).
func ValidSSCC(code string) bool {
	code = strings.TrimSpace(code)
	if len(code) == 20 && strings.HasPrefix(code, "00") {
		code = code[2:]
	}
	if len(code) != 18 || strings.ContainsFunc(code, func(r rune) bool { return r < '0' || r > '9' }) {
		return false
	}
	return code[17] == catalog.CheckDigit(code[:17])
}
