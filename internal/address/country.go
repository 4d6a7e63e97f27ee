package address

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

//go:generate node gen/gen.mjs

// countriesJSON is Google's address metadata reduced to what Waybill checks;
// gen/gen.mjs writes it and data/README.md names its source and licence.
//
//go:embed data/countries.json
var countriesJSON []byte

// rawCountry is one entry of countries.json, in Google's field names.
type rawCountry struct {
	Name         string            `json:"name"`
	Fmt          string            `json:"fmt"`
	Require      string            `json:"require"`
	Upper        string            `json:"upper"`
	Zip          string            `json:"zip"`
	Zipex        string            `json:"zipex"`
	PostPrefix   string            `json:"postprefix"`
	ZipNameType  string            `json:"zip_name_type"`
	StateType    string            `json:"state_name_type"`
	LocalityType string            `json:"locality_name_type"`
	SublocType   string            `json:"sublocality_name_type"`
	SubKeys      string            `json:"sub_keys"`
	SubNames     string            `json:"sub_names"`
	SubLNames    string            `json:"sub_lnames"`
	SubISOIDs    string            `json:"sub_isoids"`
	SubZips      string            `json:"sub_zips"`
	SubLangNames map[string]string `json:"sub_lang_names"`
}

// country is the compiled form of a rawCountry, built once so that checking
// an address compiles nothing and allocates as little as possible.
type country struct {
	code         string
	require      string         // Google's field letters, e.g. "ACSZ"
	upperZip     bool           // the postal code is written in capitals
	zip          *regexp.Regexp // anchored to the whole value; nil when there is none
	zipExamples  []string       // shown in error messages
	zipPrefixes  []string       // written before the code on envelopes: "〒", "CH-"
	zipWord      string         // "postal code", "ZIP code", "PIN code"
	regionWord   string         // "state", "prefecture", "province"
	cityWord     string         // "city", "post town", "suburb"
	districtWord string         // "district", "neighborhood"
	regions      regionIndex    // empty when the data lists no subdivisions
	// regionZips holds, by subdivision key, the pattern its postal codes
	// start with (US/CA: 9[0-5]|96[01]), where the data has one.
	regionZips map[string]*regexp.Regexp
}

// table holds every country by its ISO 3166-1 alpha-2 code. It is built on
// first use and never changed after, so concurrent validators share it.
var table = sync.OnceValues(func() (map[string]*country, error) { return parseCountries(countriesJSON) })

// lookupCountry returns the rules for an upper-case country code.
func lookupCountry(code string) (*country, bool, error) {
	t, err := table()
	if err != nil {
		return nil, false, err
	}
	c, ok := t[code]
	return c, ok, nil
}

func parseCountries(b []byte) (map[string]*country, error) {
	var raw map[string]rawCountry
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("address data: %w", err)
	}
	t := make(map[string]*country, len(raw))
	for code, r := range raw {
		c, err := compileCountry(code, r)
		if err != nil {
			return nil, fmt.Errorf("address data for %s: %w", code, err)
		}
		t[code] = c
	}
	return t, nil
}

func compileCountry(code string, r rawCountry) (*country, error) {
	c := &country{
		code:         code,
		require:      r.Require,
		upperZip:     strings.Contains(r.Upper, "Z"),
		zipWord:      nameOf(zipWords, r.ZipNameType),
		regionWord:   nameOf(regionWords, r.StateType),
		cityWord:     nameOf(cityWords, r.LocalityType),
		districtWord: nameOf(districtWords, r.SublocType),
	}
	if r.Zip != "" {
		re, err := regexp.Compile(`^(?:` + r.Zip + `)$`)
		if err != nil {
			return nil, fmt.Errorf("zip pattern: %w", err)
		}
		c.zip = re
	}
	if r.Zipex != "" {
		c.zipExamples = strings.Split(r.Zipex, ",")
	}
	for _, p := range []string{r.PostPrefix, literalBefore(r.Fmt, "%Z")} {
		if p = strings.TrimSpace(p); p != "" {
			c.zipPrefixes = append(c.zipPrefixes, p)
		}
	}
	regions, err := buildRegions(code, r)
	if err != nil {
		return nil, err
	}
	c.regions = regions
	if c.regionZips, err = compileRegionZips(r); err != nil {
		return nil, err
	}
	return c, nil
}

// compileRegionZips compiles each subdivision's postal-code prefix pattern,
// anchored at the start only: Google's data gives what codes begin with.
func compileRegionZips(r rawCountry) (map[string]*regexp.Regexp, error) {
	if r.SubZips == "" {
		return nil, nil
	}
	keys, zips := strings.Split(r.SubKeys, "~"), strings.Split(r.SubZips, "~")
	if len(keys) != len(zips) {
		return nil, fmt.Errorf("%d subdivision zips for %d subdivisions", len(zips), len(keys))
	}
	out := make(map[string]*regexp.Regexp, len(keys))
	for i, z := range zips {
		if z == "" {
			continue
		}
		re, err := regexp.Compile(`^(?:` + z + `)`)
		if err != nil {
			return nil, fmt.Errorf("zip pattern of %s: %w", keys[i], err)
		}
		out[keys[i]] = re
	}
	return out, nil
}

// literalBefore returns the fixed text printed right before token in an
// address format: Japan prints "〒%Z", so "〒" typed into a postal code is
// the envelope's decoration, not part of the code.
func literalBefore(format, token string) string {
	i := strings.Index(format, token)
	if i < 0 {
		return ""
	}
	lit := format[:i]
	if j := strings.LastIndexByte(lit, '%'); j >= 0 && j+2 <= len(lit) {
		lit = lit[j+2:]
	}
	return strings.Trim(lit, " ,")
}

// Words for Google's *_name_type values, used in messages so a Japanese
// address is told about its prefecture and an Indian one about its PIN code.
var (
	zipWords      = map[string]string{"postal": "postal code", "zip": "ZIP code", "pin": "PIN code", "eircode": "Eircode"}
	regionWords   = map[string]string{"do_si": "province", "emirate": "emirate", "state": "state", "parish": "parish", "island": "island", "department": "department", "area": "area", "county": "county", "prefecture": "prefecture", "district": "district", "oblast": "oblast", "province": "province"}
	cityWords     = map[string]string{"city": "city", "post_town": "post town", "district": "district", "suburb": "suburb"}
	districtWords = map[string]string{"suburb": "suburb", "district": "district", "neighborhood": "neighborhood", "townland": "townland", "village_township": "village or township"}
)

func nameOf(words map[string]string, key string) string {
	if w, ok := words[key]; ok {
		return w
	}
	return strings.ReplaceAll(key, "_", " ")
}
