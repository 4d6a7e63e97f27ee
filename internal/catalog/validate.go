package catalog

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bojanz/currency"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/text"
)

// The limits of a product. The CHECKs in migrations/*/00002_catalog.sql and
// the struct tags of ProductInput repeat them; change them together.
const (
	maxSKU        = 64
	maxName       = 200
	maxCategory   = 100
	maxAttributes = 50
	maxAttrKey    = 50
	maxAttrValue  = 200
	maxBarcodes   = 20
	maxWeightG    = 1_000_000
	maxDimMM      = 10_000
	maxPriceMinor = 100_000_000_000
)

// Validate reports every problem with in at once, each under the JSON path of
// its field, so a form or a CSV report can point at all of them together.
// It returns nil when in may be stored.
func (in ProductInput) Validate() error { return in.check().Err() }

func (in ProductInput) check() errs.Fields {
	var f errs.Fields
	checkCode(&f, "sku", in.SKU, maxSKU)
	checkText(&f, "name", in.Name, true, maxName)
	checkText(&f, "category", in.Category, false, maxCategory)
	checkAttributes(&f, in.Attributes)
	checkBarcodes(&f, in.Barcodes)
	checkRange(&f, "weight_g", in.WeightG, 1, maxWeightG, "grams")
	checkRange(&f, "length_mm", in.LengthMM, 1, maxDimMM, "millimetres")
	checkRange(&f, "width_mm", in.WidthMM, 1, maxDimMM, "millimetres")
	checkRange(&f, "height_mm", in.HeightMM, 1, maxDimMM, "millimetres")
	checkRange(&f, "price_minor", in.PriceMinor, 0, maxPriceMinor, "minor units")
	switch {
	case in.Currency == "":
		f.Add("currency", errs.CodeRequired, "currency is required, e.g. EUR")
	case len(in.Currency) != 3 || strings.ContainsFunc(in.Currency, func(r rune) bool { return r < 'A' || r > 'Z' }):
		f.Add("currency", errs.CodeFormat, "currency must be three upper-case letters (ISO 4217), got %q", errs.Clip(in.Currency))
	case !currency.IsValid(in.Currency):
		f.Add("currency", errs.CodeUnknown, "%s is not an ISO 4217 currency", in.Currency)
	}
	return f
}

// checkCode checks an identifier: required, ASCII letters, digits, . _ -.
func checkCode(f *errs.Fields, path, s string, limit int) {
	switch {
	case s == "":
		f.Add(path, errs.CodeRequired, "%s is required", path)
	case !isCode(s, ".-_"):
		f.Add(path, errs.CodeFormat, "%s may hold only letters, digits, '.', '_' and '-', got %q", path, errs.Clip(s))
	case len(s) > limit:
		f.Add(path, errs.CodeTooLong, "%s must be at most %d characters, got %d", path, limit, len(s))
	}
}

// checkText checks free text: valid UTF-8 without control characters, which
// PostgreSQL or a label printer would refuse, within a length in characters.
func checkText(f *errs.Fields, path, s string, required bool, limit int) {
	switch n := utf8.RuneCountInString(s); {
	case required && strings.TrimSpace(s) == "":
		f.Add(path, errs.CodeRequired, "%s is required", path)
	case !text.Line(s):
		f.Add(path, errs.CodeFormat, "%s must be text without control or bidirectional-override characters", path)
	case n > limit:
		f.Add(path, errs.CodeTooLong, "%s must be at most %d characters, got %d", path, limit, n)
	}
}

func checkAttributes(f *errs.Fields, attrs map[string]string) {
	if len(attrs) > maxAttributes {
		f.Add("attributes", errs.CodeOutOfRange, "at most %d attributes, got %d", maxAttributes, len(attrs))
		return
	}
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		if k == "" || len(k) > maxAttrKey || !isCode(k, "_-") {
			f.Add("attributes", errs.CodeFormat,
				"attribute name %q must be 1 to %d letters, digits, '_' or '-'", errs.Clip(k), maxAttrKey)
			continue
		}
		checkText(f, "attributes."+k, attrs[k], true, maxAttrValue)
	}
}

func checkRange(f *errs.Fields, path string, v, lo, hi int64, unit string) {
	if v < lo || v > hi {
		f.Add(path, errs.CodeOutOfRange, "%s must be %d to %d %s, got %d", path, lo, hi, unit, v)
	}
}

// isCode reports whether s holds only ASCII letters, digits and extra.
func isCode(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}

// isText reports whether s can be a query parameter on both databases:
// PostgreSQL refuses invalid UTF-8 and NUL with an error, not a mismatch.
func isText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}
