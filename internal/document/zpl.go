package document

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dotsPerMM is a 203 dpi printer's resolution, the usual for 4x6 labels.
const dotsPerMM = 8

// dots converts millimetres to printer dots.
func dots(mm float64) int { return int(math.Round(mm * dotsPerMM)) }

// zplText cleans s for one line of a ZPL field: invalid UTF-8 and runes
// past the Basic Multilingual Plane (emoji, which no printer font has)
// become '?'; controls, format characters (bidirectional overrides) and
// other spaces become a space. wide reports whether it holds anything
// outside Latin-1, which font 0 cannot print.
func zplText(s string) (clean string, wide bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError || r > 0xFFFF:
			r = '?'
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r):
			r = ' '
		case r > 0xFF:
			wide = true
		}
		b.WriteRune(r)
	}
	return b.String(), wide
}

// zplEscape writes s as field data for ^FH: the caret and tilde (ZPL's
// command prefixes), the underscore (^FH's own escape) and any control
// byte become _XX hex escapes, so no text can end the field or start a
// command. UTF-8 passes through as bytes; ^CI28 reads it.
func zplEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '^' || c == '~' || c == '_' || c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, "_%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// zplFit cuts s to w dots at a font h dots high, ending it with "..."
// when cut. The printer's font widths are not known here, so each rune
// is given at least Helvetica's width (font 0 is a condensed face, the
// CJK fonts' Latin is narrower still), and a wide (CJK) one 1.25 h: an em
// in the printer's CJK fonts, with room for renderers whose substitute
// font is wider.
func zplFit(s string, h, w int) string {
	used := 0.0
	for _, r := range s {
		used += zplWidth(r, h)
	}
	if used <= float64(w) {
		return s
	}
	room := float64(w) - 3*zplWidth('.', h)
	used = 0
	for i, r := range s {
		used += zplWidth(r, h)
		if used > room {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "..."
		}
	}
	return s
}

// zplWidth is a generous estimate of r's advance in dots at height h.
func zplWidth(r rune, h int) float64 {
	em := float64(h)
	switch {
	case isWide(r):
		return 1.25 * em
	case strings.ContainsRune("il.,:;'|!Ij ", r):
		return 0.3 * em
	case strings.ContainsRune("WMmw@%", r):
		return 0.95 * em
	case r >= '0' && r <= '9' || r >= 'a' && r <= 'z':
		return 0.6 * em
	}
	return 0.75 * em
}

// isWide reports the runes set a full em wide: Han, kana, Hangul and the
// full-width forms.
func isWide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFF60)
}

// validZPLFont checks a device:name font reference, which goes into a
// ^CW command unescaped.
func validZPLFont(s string) bool {
	if len(s) < 3 || len(s) > 20 || s[1] != ':' || !strings.ContainsRune("RBEA", rune(s[0])) {
		return false
	}
	for _, r := range s[2:] {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}
