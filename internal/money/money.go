// Package money writes amounts kept in integer minor units for people.
package money

import (
	"fmt"

	"github.com/bojanz/currency"
)

// Format writes minor units as people read them: "12.34 EUR", "500 JPY".
// An unknown currency code is written as "1234 minor units of XYZ".
func Format(minor int64, code string) string {
	a, err := currency.NewAmountFromInt64(minor, code)
	if err != nil {
		return fmt.Sprintf("%d minor units of %s", minor, code)
	}
	return a.String()
}

// IsCurrency says whether code is an ISO 4217 currency code in use.
func IsCurrency(code string) bool { return currency.IsValid(code) }

// MaxMinor is the largest amount Waybill handles in one payment, in minor
// units (10^12: ten billion of a two-decimal currency). An order's total
// above it could never be paid, so intake refuses it.
const MaxMinor int64 = 1_000_000_000_000
