package risk

import (
	"regexp"
	"strings"
)

// The ways people write "PO box" in the languages Waybill ships to, as fold
// leaves them ("P.O. Box" is "p o box", "Boîte postale" is "boite postale").
// Phrases that mean nothing else trip alone. Short or ordinary words trip
// only before a box number: "Pobox Street" and "BP Tankstelle" are places,
// "POBox 12" and "B.P. 12" are boxes. Neither matches inside a longer word,
// so "Boxwood Road" and "Postfachstraße" are streets.
var (
	poBoxPhrase = regexp.MustCompile(` (?:g ?)?p ?o box | post office box | postfach | postbus | postboks | ` +
		`caixa postal | apartado (?:postal|de correos?) | boite postale | casella postale | ` +
		`casilla de correos? | locked bag | private bag | skrytka pocztowa `)
	poBoxNumbered = regexp.MustCompile(` (?:pobox|pob|postbox|b ?p|apartado|apdo|casilla|cx postal)` +
		`(?: (?:no|nr|n|number|#))? ?[0-9]`)
	// Scripts written without spaces: Japanese 私書箱, Chinese 郵政信箱 and
	// 邮政信箱, Korean 사서함; and a numbered 信箱 ("100信箱").
	poBoxCJK     = []string{"私書箱", "郵政信箱", "邮政信箱", "사서함"}
	poBoxMailbox = regexp.MustCompile(`[0-9] ?(?:号|號)?信箱`)
)

// IsPOBox reports whether an address line names a post-office box, which
// couriers cannot deliver to.
func IsPOBox(line string) bool {
	s := " " + fold(line) + " "
	if poBoxPhrase.MatchString(s) || poBoxNumbered.MatchString(s) || poBoxMailbox.MatchString(s) {
		return true
	}
	for _, w := range poBoxCJK {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
