// Package text says which characters Waybill stores in the names, notes
// and codes people read: on a screen, a pick list, a label. It is a leaf
// package so that every validator asks the same question.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/errs"
)

// Unsafe reports a character that has no place in stored text: C0 and C1
// controls (tab and newline included: see Note), line and paragraph
// separators, the replacement character left by undecodable input, and the
// bidirectional overrides and isolates that make a name or a label read
// differently from what was stored ("Trojan Source"). The implicit marks
// (U+200E, U+200F) stay allowed: right-to-left text needs them.
func Unsafe(r rune) bool {
	switch {
	case unicode.IsControl(r), r == '\u2028', r == '\u2029', r == utf8.RuneError:
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// Line reports whether s is valid UTF-8 with no unsafe character: a name,
// a code, one line of an address.
func Line(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, Unsafe)
}

// Note is Line that also allows newlines and tabs: a customer's note, a
// gift message, a reviewer's comment.
func Note(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && Unsafe(r) })
}

// Field trims v and checks it as one line of text of minLen to maxLen
// characters, adding a problem at path to f when it is not; it returns the
// trimmed value. (PostgreSQL refuses a NUL byte with an error that would
// be no fault of the caller; a bidirectional override would make a label
// lie.)
func Field(f *errs.Fields, path, v string, minLen, maxLen int) string {
	v = strings.TrimSpace(v)
	n := utf8.RuneCountInString(v)
	switch {
	case n < minLen && n == 0:
		f.Add(path, errs.CodeRequired, "%s is required", path)
	case n < minLen:
		f.Add(path, errs.CodeOutOfRange, "%s must be at least %d characters", path, minLen)
	case n > maxLen:
		f.Add(path, errs.CodeTooLong, "%s must be at most %d characters", path, maxLen)
	case !Line(v):
		f.Add(path, errs.CodeFormat, "%s must be printable text without control or bidirectional-override characters", path)
	}
	return v
}
