package address

import (
	"regexp"
	"slices"
	"strconv"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// The phone parser runs some twenty regular expressions over every number
// (an extension, a viable number, an international prefix, a national
// prefix), about 25 µs an order. Nearly every order carries its number in
// one of two plain forms: "+" and digits (E.164, what integrations send), or
// the national digits with the address's country. For those, fastPhone
// takes the parser's steps itself, with the library's metadata compiled
// once (the library builds each pattern's text and looks it up in a locked
// cache on every use); any input it is not sure of, it leaves to the
// parser. TestFastPhoneMatchesParser holds the two to the same answers.

// phoneRegion is what fastPhone needs of one region's metadata.
type phoneRegion struct {
	code     int32
	codeText string
	idd      *regexp.Regexp // the international prefix, anchored; nil: none
	national *regexp.Regexp // the national prefix as the parser strips it, anchored; nil: none
	leading  *regexp.Regexp // the leading digits that claim a shared calling code's number; nil: none
	general  phoneDesc      // every number of the region
	types    []phoneDesc    // fixed line, mobile, toll free ...: a valid number is one of them
}

// phoneDesc is one kind of number: its lengths and its pattern.
type phoneDesc struct {
	lengths []int32
	whole   *regexp.Regexp // matches the whole national number; nil: nothing
}

func newPhoneDesc(d *phonenumbers.PhoneNumberDesc) (phoneDesc, bool) {
	if d == nil || d.GetNationalNumberPattern() == "" {
		return phoneDesc{}, true
	}
	re, err := regexp.Compile("^(?:" + d.GetNationalNumberPattern() + ")$")
	return phoneDesc{lengths: d.GetPossibleLength(), whole: re}, err == nil
}

// matches is the library's isNumberMatchingDesc.
func (d phoneDesc) matches(nsn string) bool {
	if d.whole == nil || len(d.lengths) > 0 && !slices.Contains(d.lengths, int32(len(nsn))) {
		return false
	}
	return d.whole.MatchString(nsn)
}

// valid is the library's getNumberTypeHelper(nsn) != UNKNOWN.
func (r *phoneRegion) valid(nsn string) bool {
	if !r.general.matches(nsn) {
		return false
	}
	for _, d := range r.types {
		if d.matches(nsn) {
			return true
		}
	}
	return false
}

type phoneTables struct {
	regions map[string]*phoneRegion // by region code
	nonGeo  map[int32]*phoneRegion  // by calling code, for "001" entities
}

// valid is the library's IsValidNumber for a number without leading zeros:
// the region the number belongs to (the first of a shared calling code's
// regions that claims it), then whether it is valid there. sure is false
// when a region needed is missing from the tables.
func (t *phoneTables) valid(cc int32, nsn string) (valid, sure bool) {
	regions := phonenumbers.GetRegionCodesForCountryCode(int(cc))
	region := ""
	switch {
	case len(regions) == 1:
		region = regions[0]
	case len(regions) > 1:
		for _, rc := range regions {
			m := t.regions[rc]
			if m == nil {
				return false, false
			}
			if m.leading != nil && m.leading.MatchString(nsn) || m.leading == nil && m.valid(nsn) {
				region = rc
				break
			}
		}
	}
	var m *phoneRegion
	switch region {
	case "":
		return false, true
	case "001":
		m = t.nonGeo[cc]
	default:
		m = t.regions[region]
	}
	if m == nil {
		return false, false
	}
	return m.code == cc && m.valid(nsn), true
}

var phoneMeta = sync.OnceValue(func() *phoneTables {
	t := &phoneTables{regions: map[string]*phoneRegion{}, nonGeo: map[int32]*phoneRegion{}}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return t // every number goes to the parser
	}
	for _, m := range coll.GetMetadata() {
		r := &phoneRegion{code: m.GetCountryCode(), codeText: strconv.Itoa(int(m.GetCountryCode()))}
		var ok bool
		if r.idd, ok = anchored(m.GetInternationalPrefix()); !ok {
			continue
		}
		if r.national, ok = anchored(m.GetNationalPrefixForParsing()); !ok {
			continue
		}
		if r.leading, ok = anchored(m.GetLeadingDigits()); !ok {
			continue
		}
		if r.general, ok = newPhoneDesc(m.GetGeneralDesc()); !ok {
			continue
		}
		descs := []*phonenumbers.PhoneNumberDesc{m.GetPremiumRate(), m.GetTollFree(), m.GetSharedCost(), m.GetVoip(),
			m.GetPersonalNumber(), m.GetPager(), m.GetUan(), m.GetVoicemail(), m.GetFixedLine()}
		if !m.GetSameMobileAndFixedLinePattern() { // else the library never asks the mobile pattern
			descs = append(descs, m.GetMobile())
		}
		for _, d := range descs {
			pd, ok := newPhoneDesc(d)
			if !ok {
				break
			}
			r.types = append(r.types, pd)
		}
		if len(r.types) != len(descs) {
			continue
		}
		if m.GetId() == "001" {
			t.nonGeo[r.code] = r
		} else {
			t.regions[m.GetId()] = r
		}
	}
	return t
})

// anchored compiles a metadata pattern to match at the start only, as the
// parser applies it; an empty pattern is nil.
func anchored(p string) (*regexp.Regexp, bool) {
	if p == "" {
		return nil, true
	}
	re, err := regexp.Compile("^(?:" + p + ")")
	return re, err == nil
}

// fastPhone is NormalizePhone's answer for a valid number written as "+"
// and digits, or as national digits with region, the digits in groups
// split by single spaces or hyphens. ok is false for anything else,
// including every number the parser would refuse: the caller then asks the
// parser, whose errors say what is wrong.
func fastPhone(s, region string) (e164 string, ok bool) {
	var buf [24]byte
	digits := buf[:0]
	plus, start := len(s) > 0 && s[0] == '+', 0
	if plus {
		start = 1
	}
	sep := true // a separator may not lead, follow another or end
	for i := start; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if len(digits) == 17 {
				return "", false
			}
			digits, sep = append(digits, c), false
		case (c == ' ' || c == '-') && !sep:
			sep = true
		default:
			return "", false
		}
	}
	if sep || len(digits) < 7 {
		return "", false
	}
	t := phoneMeta()
	var meta *phoneRegion
	var nsn []byte
	if plus { // the country calling code is the shortest prefix that is one
		for n := 1; n <= 3 && meta == nil; n++ {
			cc, _ := strconv.Atoi(string(digits[:n]))
			if digits[0] == '0' {
				break
			}
			switch main := phonenumbers.GetRegionCodeForCountryCode(cc); main {
			case "ZZ":
				continue
			case "001":
				meta = t.nonGeo[int32(cc)]
			default:
				meta = t.regions[main]
			}
			if meta == nil || meta.code != int32(cc) {
				return "", false
			}
			nsn = digits[n:]
		}
	} else if meta = t.regions[region]; meta != nil {
		// Digits that could be an international prefix or start with the
		// region's own calling code are read by rules the parser keeps.
		if meta.idd != nil && meta.idd.Match(digits) || hasPrefix(digits, meta.codeText) {
			return "", false
		}
		nsn = digits
	}
	// A leading zero (Italian numbers) or a national prefix the parser might
	// strip leave the number to the parser too.
	if meta == nil || len(nsn) < 2 || nsn[0] == '0' || meta.national != nil && meta.national.Match(nsn) {
		return "", false
	}
	if valid, sure := t.valid(meta.code, string(nsn)); !valid || !sure {
		return "", false // the parser says why
	}
	out := make([]byte, 0, 1+len(meta.codeText)+len(nsn))
	out = append(append(append(out, '+'), meta.codeText...), nsn...)
	return string(out), true
}

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }
