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
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return s, false
	}
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
	if !strings.ContainsFunc(s, func(r rune) bool { return r == '^' || r == '~' || r == '_' || r < 0x20 || r == 0x7f }) {
		return s
	}
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
// when cut, by zplEm's generous widths: text is cut here, never by the
// printer.
func zplFit(s string, h, w int) string {
	if zplEms(s)*float64(h) <= float64(w) {
		return s
	}
	room := float64(w) - 3*zplEm('.')*float64(h)
	used := 0.0
	for i, r := range s {
		used += zplEm(r) * float64(h)
		if used > room {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "..."
		}
	}
	return s
}

// zplEms is s's estimated width in ems.
func zplEms(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += zplEm(r)
	}
	return w
}

// asciiEm holds zplEm for ASCII, the common case, worked out once.
var asciiEm = func() (t [128]float64) {
	for r := range t {
		switch {
		case strings.ContainsRune("il.,:;'|!Ij ", rune(r)):
			t[r] = 0.3
		case strings.ContainsRune("WMmw@%", rune(r)):
			t[r] = 0.95
		case r >= '0' && r <= '9' || r >= 'a' && r <= 'z':
			t[r] = 0.6
		default:
			t[r] = 0.75
		}
	}
	return t
}()

// zplEm is a generous estimate of r's advance in ems: Latin-1 in font 0
// by a table, the rest in font J, which is not known here: 1.25 em, an em
// of a CJK font with room for the wider faces renderers substitute.
func zplEm(r rune) float64 {
	switch {
	case r > 0xFF:
		return 1.25
	case r < 128:
		return asciiEm[r]
	}
	return 0.75
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

// qrByteCapacityM is how many bytes a QR code holds in byte mode at error
// correction level M, by version from 1 (ISO/IEC 18004 table 7); a
// label's payload, at most about 300 bytes, needs version 13 at most.
var qrByteCapacityM = [...]int{14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666}

// qrModules is the side in modules of the QR code the printer draws for n
// bytes (^BQ at level M: the payload's "|" keeps it in byte mode), so the
// label can choose the magnification without encoding the code itself.
func qrModules(n int) (int, bool) {
	for i, c := range qrByteCapacityM {
		if n <= c {
			return 17 + 4*(i+1), true
		}
	}
	return 0, false
}
