package table

import (
	"fmt"

	"github.com/waybill/waybill/internal/errs"
)

// MaxSerial is the last serial an S10 number can carry (eight digits).
const MaxSerial = 99_999_999

// s10Weights are the UPU S10 check digit weights for the eight serial digits.
var s10Weights = [8]int{8, 6, 4, 2, 3, 5, 9, 7}

// S10 writes a UPU S10 tracking number ("CP123456785DE"): two letters for
// the service, the eight-digit serial, its mod-11 check digit and the origin
// country. Posts and scanners worldwide check it, so a mistyped number is
// caught at the counter.
func S10(prefix string, serial int64, country string) (string, error) {
	if !twoLetters(prefix) || !twoLetters(country) {
		return "", errs.E(errs.Invalid, "an S10 number needs two capital letters of service and of country, not %q and %q", errs.Clip(prefix), errs.Clip(country))
	}
	if serial < 1 || serial > MaxSerial {
		return "", errs.E(errs.Conflict, "serial %d is outside the S10 range 1 to %d: the series is exhausted", serial, MaxSerial)
	}
	digits := fmt.Sprintf("%08d", serial)
	return prefix + digits + string(rune('0'+s10Check(digits))) + country, nil
}

// ValidS10 reports whether s is a well-formed S10 number with a correct
// check digit, so a scanned or typed tracking number can be refused early.
func ValidS10(s string) bool {
	if len(s) != 13 || !twoLetters(s[:2]) || !twoLetters(s[11:]) {
		return false
	}
	for _, c := range s[2:11] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return int(s[10]-'0') == s10Check(s[2:10])
}

// s10Check is the S10 check digit of eight serial digits: 11 minus the
// weighted sum mod 11, with 10 written 0 and 11 written 5.
func s10Check(digits string) int {
	sum := 0
	for i := range 8 {
		sum += int(digits[i]-'0') * s10Weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 0
	case 11:
		return 5
	default:
		return c
	}
}

func twoLetters(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
