package risk

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/errs"
)

// FlaggedAddressParams configure a FlaggedAddress rule: it trips when the
// shipping address is in a flagged postal area (remote islands, areas with
// many failed deliveries), contains a flagged word ("hotel", "forwarder",
// "c/o"), or is a PO box, which couriers cannot deliver to. Such an order is
// usually held for a phone call that confirms the address. At least one of
// the three checks must be configured.
//
// Validate rewrites the lists into the form they are matched in: postal
// codes as PostalKey writes them ("hs1 2ab" is "HS12AB", "hs*" is "HS*"),
// keywords folded to lower case without accents or punctuation. A US
// address's ZIP+4 code compares by its five-digit ZIP, so list ZIPs.
type FlaggedAddressParams struct {
	Country     string   `json:"country,omitempty" doc:"Check only addresses in this country (ISO 3166-1 alpha-2); empty checks all. Postal codes mean little without one"`
	PostalCodes []string `json:"postal_codes,omitempty" doc:"Postal codes, whole (\"HS1 2AB\") or a prefix ending in * (\"HS*\"); at most 10000"`
	Keywords    []string `json:"keywords,omitempty" doc:"Words or phrases matched as whole words in any case or accent, in the recipient, company, street lines, district and city; at most 1000"`
	POBox       bool     `json:"po_box,omitempty" doc:"Trip when a street line is a PO box (see IsPOBox)"`
}

// The limits of a flagged-address rule's lists.
const (
	MaxPostalCodes = 10_000
	MaxKeywords    = 1000
	maxPostalCode  = 12
	minKeyword     = 2
	maxKeyword     = 64
)

// Kind is FlaggedAddress.
func (FlaggedAddressParams) Kind() Kind { return FlaggedAddress }

func (p FlaggedAddressParams) validate(f *errs.Fields) Params {
	p.Country = checkCountry(f, "country", p.Country)
	if len(p.PostalCodes) > MaxPostalCodes {
		f.Add("postal_codes", errs.CodeOutOfRange, "postal_codes may list at most %d codes, got %d", MaxPostalCodes, len(p.PostalCodes))
	} else {
		p.PostalCodes = p.postalEntries(f)
	}
	if len(p.Keywords) > MaxKeywords {
		f.Add("keywords", errs.CodeOutOfRange, "keywords may list at most %d words, got %d", MaxKeywords, len(p.Keywords))
	} else {
		p.Keywords = keywordEntries(f, p.Keywords)
	}
	if len(p.PostalCodes) == 0 && len(p.Keywords) == 0 && !p.POBox {
		f.Add("", errs.CodeRequired, "a flagged_address rule needs postal_codes, keywords or po_box")
	}
	return p
}

// postalEntries normalises the postal codes, dropping duplicates.
func (p FlaggedAddressParams) postalEntries(f *errs.Fields) []string {
	out := make([]string, 0, len(p.PostalCodes))
	seen := make(map[string]bool, len(p.PostalCodes))
	bad := entryProblems{f: f, path: "postal_codes"}
	for i, raw := range p.PostalCodes {
		s := strings.TrimSpace(raw)
		body, prefix := strings.CutSuffix(s, "*")
		code := PostalKey(p.Country, body)
		switch {
		case strings.Contains(body, "*"):
			bad.add(i, errs.CodeFormat, "a postal code may have one * and only at its end, got %q", errs.Clip(s))
			continue
		case code == "" || len(code) > maxPostalCode:
			bad.add(i, errs.CodeFormat, "a postal code has 1 to %d letters or digits, got %q", maxPostalCode, errs.Clip(s))
			continue
		}
		if prefix {
			code += "*"
		}
		if !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	bad.done()
	return nilIfEmpty(out)
}

// keywordEntries folds the keywords, dropping duplicates.
func keywordEntries(f *errs.Fields, words []string) []string {
	out := make([]string, 0, len(words))
	seen := make(map[string]bool, len(words))
	bad := entryProblems{f: f, path: "keywords"}
	for i, raw := range words {
		if len(raw) > 4*maxKeyword {
			bad.add(i, errs.CodeTooLong, "a keyword has at most %d characters", maxKeyword)
			continue
		}
		w := fold(raw)
		if n := utf8.RuneCountInString(w); n < minKeyword || n > maxKeyword {
			bad.add(i, errs.CodeFormat, "a keyword has %d to %d letters or digits, got %q", minKeyword, maxKeyword, errs.Clip(raw))
			continue
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	bad.done()
	return nilIfEmpty(out)
}

func (p FlaggedAddressParams) test(e *env) ([]string, error) {
	a := e.facts.Shipping
	if p.Country != "" && !strings.EqualFold(strings.TrimSpace(a.Country), p.Country) {
		return nil, nil
	}
	var found []string
	if code := PostalKey(a.Country, a.PostalCode); code != "" {
		for _, entry := range p.PostalCodes {
			if body, prefix := strings.CutSuffix(entry, "*"); code == entry || prefix && strings.HasPrefix(code, body) {
				found = append(found, fmt.Sprintf("postal code %s is flagged (%s)", strings.TrimSpace(a.PostalCode), entry))
				break
			}
		}
	}
	if len(p.Keywords) > 0 {
		var texts []string
		for _, s := range []string{a.Name, a.Company, a.Line1, a.Line2, a.District, a.City} {
			if s != "" {
				texts = append(texts, " "+fold(s)+" ")
			}
		}
		var hits []string
		for _, w := range p.Keywords {
			if containsWord(texts, w) {
				hits = append(hits, strconv.Quote(w))
			}
		}
		if len(hits) > 0 {
			found = append(found, "the address contains the flagged "+plural(len(hits), "word", "words")+" "+strings.Join(hits, ", "))
		}
	}
	if p.POBox {
		for _, line := range []string{a.Line1, a.Line2} {
			if IsPOBox(line) {
				found = append(found, fmt.Sprintf("the address is a PO box (%q)", errs.Clip(strings.TrimSpace(line))))
				break
			}
		}
	}
	return found, nil
}

// containsWord reports whether a folded keyword occurs in one of the folded,
// space-padded texts as whole words. Scripts written without spaces between
// words (Chinese, Japanese, Thai) have no word edges to find, so there any
// occurrence counts.
func containsWord(texts []string, w string) bool {
	needle := " " + w + " "
	if strings.ContainsFunc(w, unspaced) {
		needle = w
	}
	for _, t := range texts {
		if strings.Contains(t, needle) {
			return true
		}
	}
	return false
}

func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
