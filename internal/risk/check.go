package risk

import (
	"slices"
	"strings"
	"time"

	"github.com/bojanz/currency"

	"github.com/waybill/waybill/internal/errs"
)

// The ranges of rule settings. A window longer than 90 days is a customer
// history, not velocity; counts and money are bounded so no sum overflows.
const (
	MinWindow = time.Minute
	MaxWindow = 90 * day
	MaxCount  = 100_000
	MaxMinor  = 1_000_000_000_000_000
)

// checkCount requires a count of 1 to MaxCount.
func checkCount(f *errs.Fields, path string, n int) {
	if n < 1 || n > MaxCount {
		f.Add(path, errs.CodeOutOfRange, "%s must be 1 to %d, got %d", path, MaxCount, n)
	}
}

// checkOptionalCount allows an absent count, and a present one from min.
func checkOptionalCount(f *errs.Fields, path string, n *int, min int) {
	if n != nil && (*n < min || *n > MaxCount) {
		f.Add(path, errs.CodeOutOfRange, "%s must be %d to %d when given, got %d", path, min, MaxCount, *n)
	}
}

func checkMinor(f *errs.Fields, path string, n int64) {
	if n < 0 || n > MaxMinor {
		f.Add(path, errs.CodeOutOfRange, "%s must be 0 to %d minor units, got %d", path, int64(MaxMinor), n)
	}
}

func checkWindow(f *errs.Fields, path string, d Duration) {
	switch t := time.Duration(d); {
	case t == 0:
		f.Add(path, errs.CodeRequired, "%s is required, e.g. \"24h\" or \"7d\"", path)
	case t < MinWindow || t > MaxWindow:
		f.Add(path, errs.CodeOutOfRange, "%s must be 1m to 90d, got %s", path, d)
	case t%time.Minute != 0:
		f.Add(path, errs.CodeFormat, "%s must be whole minutes, got %s", path, d)
	}
}

// checkCurrency upper-cases code and requires it to be ISO 4217 when
// required is set or a code is given.
func checkCurrency(f *errs.Fields, path, code string, required bool) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	switch {
	case code == "" && required:
		f.Add(path, errs.CodeRequired, "%s is required: a limit of 50000 minor units is 500 USD but 50000 JPY", path)
	case code != "" && (len(code) != 3 || !currency.IsValid(code)):
		f.Add(path, errs.CodeUnknown, "%s must be an ISO 4217 code such as USD, got %q", path, errs.Clip(code))
	}
	return code
}

// checkCountry upper-cases an optional ISO 3166-1 alpha-2 code.
func checkCountry(f *errs.Fields, path, code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code != "" && !isCountryCode(code) {
		f.Add(path, errs.CodeFormat, "%s must be a two-letter ISO 3166-1 code such as DE, got %q", path, errs.Clip(code))
	}
	return code
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// checkDimension requires d to be one of allowed.
func checkDimension(f *errs.Fields, path string, d Dimension, allowed []Dimension) {
	switch {
	case d == "":
		f.Add(path, errs.CodeRequired, "%s is required: %s", path, dimensionList(allowed))
	case !slices.Contains(allowed, d):
		f.Add(path, errs.CodeUnknown, "%s must be one of %s, got %q", path, dimensionList(allowed), errs.Clip(string(d)))
	}
}

// nilIfEmpty keeps an absent list absent after normalising, so a rule
// validates to itself and survives a JSON round trip unchanged.
func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func dimensionList(ds []Dimension) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = string(d)
	}
	return strings.Join(names, ", ")
}
