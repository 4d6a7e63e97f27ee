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

// zplFit cuts s to about w dots at a font h dots high, ending it with
// "..." when cut. Printer fonts' widths are not known here, so the
// estimate is generous: 0.6 h for a Latin character (font 0 is condensed;
// monospaced Andale is 0.6 h), h for a wide (CJK) one.
func zplFit(s string, h, w int) string {
	width := func(r rune) float64 {
		if isWide(r) {
			return float64(h)
		}
		return 0.6 * float64(h)
	}
	used := 0.0
	for _, r := range s {
		used += width(r)
	}
	if used <= float64(w) {
		return s
	}
	room := float64(w) - 3*width('.')
	used = 0
	for i, r := range s {
		used += width(r)
		if used > room {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "..."
		}
	}
	return s
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
