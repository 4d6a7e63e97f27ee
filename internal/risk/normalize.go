package risk

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/waybill/waybill/internal/address"
)

// foldSpecial spells out the Latin letters that have no decomposition, so
// that "Straße" and "Strasse", "Søren" and "Soren" fold alike.
var foldSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ı': "i", 'ħ': "h",
}

// fold returns s as lower-case words for matching: compatibility forms
// unified (full-width "Ｍａｉｎ" is "main", "№" is "no"), Latin accents
// dropped, '#' kept as a word of its own, and every other run of
// punctuation or space one space. Only the combining marks of Latin,
// Greek and Cyrillic are dropped: kana's voicing marks and Hangul's jamo are
// part of the letter and are composed again.
func fold(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	word := func() {
		if gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		gap = false
	}
	for _, r := range s {
		switch {
		case r >= 0x300 && r <= 0x36f: // é decomposed is e followed by U+0301
		case foldSpecial[r] != "":
			word()
			b.WriteString(foldSpecial[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			word()
			b.WriteRune(unicode.ToLower(r))
		case r == '#':
			gap = true
			word()
			b.WriteByte('#')
			gap = true
		default:
			gap = true
		}
	}
	return norm.NFC.String(b.String())
}

// NormalizeAddress returns the key by which velocity rules recognise a
// shipping address however it is typed: country, postal code (PostalKey)
// and the street lines folded to words with the usual variants unified —
// "Fifth Avenue" and "5th Ave.", "Hauptstraße" and "Hauptstr.", "Apt 4",
// "Unit 4", "#4" and "Apartment 04". The city counts only when there is no
// postal code, since a postal code already places the street and cities
// have more spellings than streets. Words keep their order: sorting them
// would make "12 Main St Apt 3" and "3 Main St Apt 12" one address. It
// returns "" for an address without street lines, which has no useful key.
func NormalizeAddress(a address.Address) string {
	words := addressWords(a.Line1 + " " + a.Line2)
	if len(words) == 0 {
		return ""
	}
	postal := PostalKey(a.Country, a.PostalCode)
	if postal == "" {
		words = append(words, addressWords(a.District+" "+a.City)...)
	}
	return strings.ToLower(strings.TrimSpace(a.Country)) + "|" + postal + "|" + strings.Join(words, " ")
}

// PostalKey returns a postal code as flagged-address and velocity rules
// compare it: letters and digits only, in capitals ("sw1a-1aa" is
// "SW1A1AA"). A US ZIP+4 code counts as its ZIP ("10118-0110" is "10118"),
// since the four digits are often left off.
func PostalKey(country, code string) string {
	var b strings.Builder
	for _, r := range fold(code) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	s := b.String()
	if strings.EqualFold(strings.TrimSpace(country), "US") && len(s) > 5 && isDigits(s[:5]) {
		s = s[:5]
	}
	return s
}

// addressWords folds address text to words and unifies their variants.
func addressWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(fold(s)) {
		if n, ok := ordinal(w); ok {
			out = append(out, n)
			continue
		}
		for _, part := range splitDigits(w) {
			out = appendWord(out, part)
		}
	}
	// "No. 5", "Nr 5": the word only says a number follows.
	kept := out[:0]
	for i, w := range out {
		if numberMark[w] && i+1 < len(out) && isDigits(out[i+1]) {
			continue
		}
		kept = append(kept, w)
	}
	return kept
}

func appendWord(out []string, w string) []string {
	for _, suffix := range []string{"strasse", "straat", "str"} {
		if len(w) > len(suffix)+2 && strings.HasSuffix(w, suffix) {
			out = append(out, strings.TrimSuffix(w, suffix)) // "hauptstrasse" is "haupt st"
			w = suffix
			break
		}
	}
	if c, ok := synonyms[w]; ok {
		w = c
	}
	if isDigits(w) {
		w = strings.TrimLeft(w, "0")
		if w == "" {
			w = "0"
		}
	}
	if w == "apt" && len(out) > 0 && out[len(out)-1] == "apt" { // "Apt #4"
		return out
	}
	return append(out, w)
}

// ordinal reads "5th", "21st", "2nd" as their number.
func ordinal(w string) (string, bool) {
	if len(w) < 3 {
		return "", false
	}
	n, suffix := w[:len(w)-2], w[len(w)-2:]
	if !isDigits(n) || (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
		return "", false
	}
	return strings.TrimLeft(n, "0"), true
}

// splitDigits cuts a word where digits meet other characters: "apt4" is
// "apt", "4"; "12b" is "12", "b".
func splitDigits(w string) []string {
	var parts []string
	start, prev := 0, -1
	for i, r := range w {
		d := 0
		if r >= '0' && r <= '9' {
			d = 1
		}
		if prev >= 0 && d != prev {
			parts = append(parts, w[start:i])
			start = i
		}
		prev = d
	}
	return append(parts, w[start:])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
