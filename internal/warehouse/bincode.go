package warehouse

import (
	"fmt"
	"strconv"
	"strings"
)

// BinCode is a bin address split into its parts, so that pickers read it
// aloud the same way everywhere and routing can sort by aisle and bay.
type BinCode struct {
	Zone  string // 1-3 letters or digits, starting with a letter
	Aisle string // a number 0-999, at least two digits
	Bay   string // a number 0-999, at least two digits
	Level string // a number 0-99 without leading zeros, or one letter
}

// String is the canonical form, e.g. "A-01-03-2".
func (c BinCode) String() string {
	return c.Zone + "-" + c.Aisle + "-" + c.Bay + "-" + c.Level
}

// ParseBinCode reads "zone-aisle-bay-level" (e.g. "A-01-03-2"), ignoring case
// and surrounding spaces, and returns it in canonical form: upper case, aisle
// and bay zero-padded to two digits, level without padding. "a-1-3-02" and
// "A-01-03-2" are the same bin. The error says which part is wrong.
func ParseBinCode(s string) (BinCode, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return BinCode{}, fmt.Errorf("bin code is empty; expected zone-aisle-bay-level, e.g. A-01-03-2")
	}
	if len(s) > 32 {
		return BinCode{}, fmt.Errorf("bin code is longer than 32 characters")
	}
	parts := strings.Split(s, "-")
	if len(parts) != 4 {
		return BinCode{}, fmt.Errorf("bin code %q has %d parts; expected zone-aisle-bay-level, e.g. A-01-03-2", s, len(parts))
	}
	var c BinCode
	var err error
	if c.Zone, err = parseZone(parts[0]); err != nil {
		return BinCode{}, err
	}
	if c.Aisle, err = parseNumber("aisle", parts[1], 999, "%02d"); err != nil {
		return BinCode{}, err
	}
	if c.Bay, err = parseNumber("bay", parts[2], 999, "%02d"); err != nil {
		return BinCode{}, err
	}
	if c.Level, err = parseLevel(parts[3]); err != nil {
		return BinCode{}, err
	}
	return c, nil
}

func parseZone(z string) (string, error) {
	if len(z) < 1 || len(z) > 3 || z[0] < 'A' || z[0] > 'Z' || !alnum(z) {
		return "", fmt.Errorf("zone %q must be 1-3 letters or digits starting with a letter", z)
	}
	return z, nil
}

func parseNumber(part, v string, limit int, format string) (string, error) {
	if len(v) < 1 || len(v) > 4 || !digits(v) {
		return "", fmt.Errorf("%s %q must be a number 0-%d", part, v, limit)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n > limit {
		return "", fmt.Errorf("%s %q must be a number 0-%d", part, v, limit)
	}
	return fmt.Sprintf(format, n), nil
}

func parseLevel(v string) (string, error) {
	if len(v) == 1 && v[0] >= 'A' && v[0] <= 'Z' {
		return v, nil
	}
	n, err := parseNumber("level", v, 99, "%d")
	if err != nil {
		return "", fmt.Errorf("level %q must be a number 0-99 or one letter", v)
	}
	return n, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func alnum(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}
