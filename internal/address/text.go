package address

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/text"
)

// cleanText trims s, puts it in Unicode NFC (so that the same address typed
// on two systems is stored, compared and deduplicated as the same bytes), and
// reports under path what would make it unusable on a label or in a
// database: invalid UTF-8, control characters, or more than limit
// characters. It returns the cleaned value and whether it is usable.
func cleanText(f *errs.Fields, path, s string, limit int) (string, bool) {
	s = strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(s):
		f.Add(path, errs.CodeFormat, "%s is not valid UTF-8 text", path)
		return s, false
	case strings.ContainsFunc(s, isControl):
		f.Add(path, errs.CodeFormat, "%s must be one line of text without control characters", path)
		return s, false
	}
	if len(s) <= utf8.UTFMax*limit { // longer cannot fit; spare normalising a pasted document
		s = strings.TrimSpace(norm.NFC.String(s))
	}
	if n := utf8.RuneCountInString(s); n > limit {
		f.Add(path, errs.CodeTooLong, "%s must be at most %d characters, got %d", path, limit, n)
		return s, false
	}
	return s, true
}

// isControl reports characters that have no place in one line of an
// address (text.Unsafe: controls, separators, bidirectional overrides).
var isControl = text.Unsafe

// foldWidth turns full-width ASCII forms and the ideographic space into
// their ASCII equivalents and unifies the dashes people type between digits,
// so "〒１００－０００１" typed on a Japanese keyboard reads as "〒100-0001".
// It returns s itself when nothing changes.
func foldWidth(s string) string {
	if !strings.ContainsFunc(s, isWide) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '\uff01' && r <= '\uff5e':
			r -= 0xfee0
		case r == '\u3000':
			r = ' '
		case isDash(r):
			r = '-'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isWide(r rune) bool { return (r >= '\uff01' && r <= '\uff5e') || r == '\u3000' || isDash(r) }

// isDash reports hyphens and minus signs other than ASCII '-'.
func isDash(r rune) bool {
	return (r >= '\u2010' && r <= '\u2015') || r == '\u2212' || r == '\u30fc' || r == '\ufe63'
}

// collapseSpace makes every run of white space one ASCII space, so
// "SW1A  1AA" and "SW1A 1AA" are stored alike. It returns s itself when
// nothing changes.
func collapseSpace(s string) string {
	prev := false
	for _, r := range s {
		space := unicode.IsSpace(r)
		if space && (prev || r != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		prev = space
	}
	return s
}
