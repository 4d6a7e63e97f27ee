package address

import (
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// checkPostal normalises a postal code already trimmed and cleaned, checks it
// against the country's pattern, and returns the form to store.
//
// Normalising is what a clerk would do without asking: full-width digits and
// odd dashes become ASCII, runs of spaces become one, letters become capitals
// (every pattern in the data is written in capitals), and the decoration an
// envelope prints before the code ("〒", "CH-") is dropped when the code
// only matches without it.
func (c *country) checkPostal(f *errs.Fields, s string) string {
	s = collapseSpace(foldWidth(s))
	if c.upperZip {
		s = upperASCII(s)
	}
	if c.zip == nil || s == "" {
		return s
	}
	if v, ok := c.matchPostal(s); ok {
		return v
	}
	for _, p := range c.zipPrefixes {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			if v, ok := c.matchPostal(strings.TrimLeft(s[len(p):], " -")); ok {
				return v
			}
		}
	}
	msg := "%s %q is not valid for %s"
	args := []any{c.zipWord, errs.Clip(s), c.code}
	if len(c.zipExamples) > 0 {
		msg += ", expected e.g. %s"
		args = append(args, strings.Join(c.zipExamples[:min(2, len(c.zipExamples))], " or "))
	}
	f.Add("postal_code", errs.CodeFormat, msg, args...)
	return s
}

// matchPostal matches s as written, then in capitals.
func (c *country) matchPostal(s string) (string, bool) {
	if c.zip.MatchString(s) {
		return s, true
	}
	if up := upperASCII(s); up != s && c.zip.MatchString(up) {
		return up, true
	}
	return s, false
}

// upperASCII upper-cases ASCII letters only: postal codes are ASCII, and
// full Unicode case mapping could change a value's length ("ß" -> "SS").
// It returns s itself when there is nothing to change.
func upperASCII(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' })
	if i < 0 {
		return s
	}
	b := []byte(s)
	for j := i; j < len(b); j++ {
		if b[j] >= 'a' && b[j] <= 'z' {
			b[j] -= 'a' - 'A'
		}
	}
	return string(b)
}
