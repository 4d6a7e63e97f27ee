package console

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/waybill/waybill/internal/errs"
)

// FuzzPackNumber feeds the pack station's number fields anything a
// browser could post: a whole number comes back as itself, anything else
// is a problem at the field (never a panic, never a silent zero for text).
func FuzzPackNumber(f *testing.F) {
	for _, seed := range []string{"", "1", "+3", "-1", "007", "1.5", "1e3", "two", " 42 ", "9223372036854775808", "１２", "\x00", strings.Repeat("9", 400)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var bad errs.Fields
		n := packNumber(url.Values{"weight_g": {raw}}, "weight_g", "zh", &bad)
		trimmed := strings.TrimPrefix(strings.TrimSpace(raw), "+")
		want, err := strconv.ParseInt(trimmed, 10, 64)
		switch {
		case strings.TrimSpace(raw) == "":
			if n != 0 || len(bad) != 0 {
				t.Fatalf("blank %q: %d, %v", raw, n, bad)
			}
		case err != nil:
			if n != 0 || len(bad) != 1 || bad[0].Path != "weight_g" {
				t.Fatalf("%q is not a number, yet %d, %v", raw, n, bad)
			}
		default:
			if n != want || len(bad) != 0 {
				t.Fatalf("%q: %d, want %d (%v)", raw, n, want, bad)
			}
		}
	})
}

// FuzzScanID checks a form's scan key: kept when it is one the store
// takes (1 to 64 bytes), else a fresh one, never empty.
func FuzzScanID(f *testing.F) {
	for _, seed := range []string{"", " ", "hh-ABC", strings.Repeat("k", 64), strings.Repeat("k", 65), "\u00e9\u00e9"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got := scanID(url.Values{"scan_id": {raw}})
		if got == "" || len(got) > 64 {
			t.Fatalf("%q gave key %q", raw, got)
		}
		if k := strings.TrimSpace(raw); k != "" && len(k) <= 64 && got != k {
			t.Fatalf("%q: the form's key was replaced by %q", raw, got)
		}
	})
}
