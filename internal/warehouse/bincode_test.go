package warehouse

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseBinCode(t *testing.T) {
	good := map[string]string{
		"A-01-03-2":    "A-01-03-2",
		" a-1-3-2 ":    "A-01-03-2",
		"B2-001-999-0": "B2-01-999-0",
		"COL-12-04-C":  "COL-12-04-C",
		"Z-00-00-99":   "Z-00-00-99",
		"A-01-03-02":   "A-01-03-2",
	}
	for in, want := range good {
		c, err := ParseBinCode(in)
		require.NoError(t, err, in)
		require.Equal(t, want, c.String(), in)
	}
	bad := map[string]string{
		"":              "empty",
		"A-01-03":       "3 parts",
		"A-01-03-2-1":   "5 parts",
		"1A-01-03-2":    "zone",
		"ABCD-01-03-2":  "zone",
		"A-1000-03-2":   "aisle",
		"A-01-x3-2":     "bay",
		"A-01-03-100":   "level",
		"A-01-03-AB":    "level",
		"A-01-03-":      "level",
		"A--03-2":       "aisle",
		"Ä-01-03-2":     "zone",
		"A-+1-03-2":     "aisle",
		"A-01-03-2\x00": "level",
	}
	for in, want := range bad {
		_, err := ParseBinCode(in)
		require.ErrorContains(t, err, want, "%q", in)
	}
}

// FuzzParseBinCode checks that whatever a scanner sends, the parser neither
// panics nor accepts a code it cannot print back: a parsed code is canonical
// (parsing its String gives it again), short, and plain upper-case ASCII.
func FuzzParseBinCode(f *testing.F) {
	for _, s := range []string{"A-01-03-2", "a-1-3-02", "COL-999-999-Z", "A-01-03", "", "-", "A-01-03-2-", "Ä-01-03-2", "A-1e3-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseBinCode(s)
		if err != nil {
			return
		}
		code := c.String()
		again, err := ParseBinCode(code)
		if err != nil || again != c {
			t.Fatalf("%q parsed to %q, which parses to %q, %v", s, code, again, err)
		}
		if len(code) > 16 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
			t.Fatalf("%q gave non-canonical %q", s, code)
		}
	})
}
