package address

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// regionIndex finds a country's first-level subdivision by any name the data
// gives it, so that "california", "CA" and "US-CA" all become "CA", and
// "Tokyo" and "東京都" both become "東京都", the key Google's data uses.
type regionIndex struct {
	keys   []string
	byName map[string]int // folded name -> index into keys; -1 when two subdivisions share it
}

// buildRegions indexes the subdivisions of country code. A name is claimed
// by the most authoritative column that has it (key, ISO id, local name,
// Latin name, names in the country's other languages); a name that two
// subdivisions share within one column is ambiguous and matches neither.
func buildRegions(code string, r rawCountry) (regionIndex, error) {
	if r.SubKeys == "" {
		return regionIndex{}, nil
	}
	keys := strings.Split(r.SubKeys, "~")
	idx := regionIndex{keys: keys, byName: make(map[string]int, 4*len(keys))}
	idx.claim(keys)
	ids, err := column(r.SubISOIDs, len(keys))
	if err != nil {
		return idx, fmt.Errorf("sub_isoids: %w", err)
	}
	idx.claim(ids)
	full := make([]string, len(ids)) // "US-CA": the ISO 3166-2 code written in full
	for i, id := range ids {
		if id != "" {
			full[i] = code + "-" + id
		}
	}
	idx.claim(full)
	for _, list := range []string{r.SubNames, r.SubLNames} {
		names, err := column(list, len(keys))
		if err != nil {
			return idx, fmt.Errorf("sub_names: %w", err)
		}
		idx.claim(names)
	}
	for _, lang := range slices.Sorted(maps.Keys(r.SubLangNames)) {
		names, err := column(r.SubLangNames[lang], len(keys))
		if err != nil {
			return idx, fmt.Errorf("sub_lang_names %s: %w", lang, err)
		}
		idx.claim(names)
	}
	return idx, nil
}

// column splits a "~"-separated list that must have one entry per key.
func column(list string, n int) ([]string, error) {
	if list == "" {
		return nil, nil
	}
	names := strings.Split(list, "~")
	if len(names) != n {
		return nil, fmt.Errorf("%d names for %d subdivisions", len(names), n)
	}
	return names, nil
}

// claim adds one column of names, each entry holding one or more spellings
// separated by "|", and leaves alone names an earlier column owns.
func (x regionIndex) claim(names []string) {
	level := make(map[string]int, len(names))
	for i, entry := range names {
		for n := range strings.SplitSeq(entry, "|") {
			if n == "" {
				continue
			}
			f := string(fold(nil, n))
			if _, taken := x.byName[f]; taken {
				continue
			}
			if j, seen := level[f]; seen && j != i {
				level[f] = -1
				continue
			}
			level[f] = i
		}
	}
	maps.Copy(x.byName, level)
}

// lookup returns the key of the subdivision named s, in any case.
func (x regionIndex) lookup(s string) (string, bool) {
	if x.byName == nil {
		return "", false
	}
	var buf [256]byte
	i, ok := x.byName[string(fold(buf[:0], s))]
	if !ok || i < 0 {
		return "", false
	}
	return x.keys[i], true
}

// fold appends the form names are compared in: lower case, runs of white
// space made one space, accents off Latin letters ("São Paulo", "Sa\u0303o
// Paulo" and "sao paulo" meet), and 臺 read as 台 (Taiwan writes both; the
// data uses 台). Other scripts keep their marks: in them a mark often makes
// another letter (Russian й is not и). It allocates only when dst is too
// small.
func fold(dst []byte, s string) []byte {
	space := false
	add := func(r rune) {
		switch {
		case unicode.IsSpace(r):
			space = true
			return
		case r >= '\u0300' && r <= '\u036f': // combining accents
			return
		case r == '臺':
			r = '台'
		}
		if space && len(dst) > 0 {
			dst = append(dst, ' ')
		}
		space = false
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	for i, r := range s {
		if isAccentedLatin(r) {
			if d := norm.NFD.PropertiesString(s[i:]).Decomposition(); d != nil {
				for _, part := range string(d) {
					add(part)
				}
				continue
			}
		}
		add(r)
	}
	return dst
}

// isAccentedLatin reports the blocks holding precomposed Latin letters.
func isAccentedLatin(r rune) bool {
	return (r >= '\u00c0' && r <= '\u024f') || (r >= '\u1e00' && r <= '\u1eff')
}
