package pick

import (
	"strings"
	"testing"
)

// FuzzReadFaceLimits feeds the limits CSV parser arbitrary files: it never
// panics, every row it returns has its line, and every problem has a path.
func FuzzReadFaceLimits(f *testing.F) {
	for _, s := range []string{"bin,sku,min,max\nA-01-01-1,SOAP,2,9\n", "\ufeffBIN,SKU,MIN,MAX\n", "bin,sku\n", "", "\"a,\"b\x00",
		"max,min,sku,bin\n1,2\n,,,,,,\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		limits, lines, problems := readFaceLimits(strings.NewReader(s))
		if len(limits) != len(lines) {
			t.Fatalf("%d limits, %d lines", len(limits), len(lines))
		}
		for _, p := range problems {
			if p.Path == "" || p.Message == "" {
				t.Fatalf("a problem without a path or message: %+v", p)
			}
		}
		for i, l := range lines {
			if l < 2 || (i > 0 && l <= lines[i-1]) {
				t.Fatalf("lines %v", lines)
			}
		}
	})
}
