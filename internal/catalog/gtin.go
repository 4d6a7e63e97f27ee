package catalog

import (
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// checkBarcodes checks each barcode as a GTIN and refuses one that repeats
// another in the list, comparing GTIN-14 forms so that a UPC-A and its
// zero-led EAN-13 count as the same code.
func checkBarcodes(f *errs.Fields, codes []string) {
	if len(codes) > maxBarcodes {
		f.Add("barcodes", errs.CodeOutOfRange, "at most %d barcodes, got %d", maxBarcodes, len(codes))
		return
	}
	seen := make(map[string]int, len(codes))
	for i, code := range codes {
		path := "barcodes[" + strconv.Itoa(i) + "]"
		if code, msg, bad := gtinProblem(code); bad != "" {
			f.Add(path, bad, "%s %s", errs.Clip(code), msg)
			continue
		}
		key := gtin14(code)
		if j, dup := seen[key]; dup {
			f.Add(path, errs.CodeDuplicate, "%s repeats barcodes[%d]", code, j)
			continue
		}
		seen[key] = i
	}
}

// gtinProblem explains why code is not a GTIN-8, -12, -13 or -14, returning
// the code for the message, the message, and an errs code; "" when it is one.
func gtinProblem(code string) (string, string, string) {
	if code == "" || strings.ContainsFunc(code, notDigit) {
		return strconv.Quote(errs.Clip(code)), "is not a GTIN: a barcode holds digits only", errs.CodeFormat
	}
	switch len(code) {
	case 8, 12, 13, 14:
	default:
		return code, "is not a GTIN: it needs 8, 12, 13 or 14 digits, not " + strconv.Itoa(len(code)), errs.CodeFormat
	}
	if want := CheckDigit(code[:len(code)-1]); code[len(code)-1] != want {
		return code, "has check digit " + code[len(code)-1:] + "; the GTIN check digit is " + string(want), errs.CodeChecksum
	}
	return code, "", ""
}

// CheckDigit computes the GS1 mod-10 check digit for the digits before it
// (GTINs here; the pack stage's SSCCs too):
// weights 3 and 1 alternate from the rightmost digit.
func CheckDigit(body string) byte {
	sum := 0
	for i := range len(body) {
		d := int(body[len(body)-1-i] - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// gtin14 pads a valid GTIN to 14 digits, the form uniqueness is decided on.
func gtin14(code string) string {
	if len(code) >= 14 {
		return code
	}
	return strings.Repeat("0", 14-len(code)) + code
}
