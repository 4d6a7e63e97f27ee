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
