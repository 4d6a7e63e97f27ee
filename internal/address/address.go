// Package address checks and normalises the postal addresses and contact
// details an order arrives with, per destination country, so that a parcel
// is not labelled with a postcode the carrier will bounce. The per-country
// rules are Google's address metadata (the data behind libaddressinput and
// Chromium autofill), embedded from data/countries.json.
package address

import (
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// Address is a delivery or billing address as Waybill stores it. Fields a
// country does not use stay empty; Validate returns the normalised form.
type Address struct {
	Name       string `json:"name,omitempty"`
	Company    string `json:"company,omitempty"`
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	District   string `json:"district,omitempty"` // dependent locality: 区 in CN, 區 in TW, 동 in KR
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"` // state, province, prefecture; the data's key when it lists them
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country"` // ISO 3166-1 alpha-2, upper case
}

// The longest value each field may hold, in characters. Carriers' label
// formats and customs forms are the binding limits; these leave room for
// real addresses while refusing pasted documents.
const (
	MaxName       = 100
	MaxCompany    = 100
	MaxLine       = 200
	MaxDistrict   = 100
	MaxCity       = 100
	MaxRegion     = 100
	MaxPostalCode = 20
)

// Validate returns address a in normal form together with every problem it
// has, each under its field's JSON name ("postal_code", "region") so that
// intake can report them all under "shipping_address." in one response. The
// normal form is trimmed and in Unicode NFC, with the country code in
// capitals, the postal code written as the country's pattern expects and
// the region replaced by the data's key ("CA" for "California", "東京都" for
// "Tokyo"); an address without problems validates to itself. Which fields
// are required is the country's rule; whether a recipient name must be
// given (Google's data requires it nowhere) is the caller's policy.
func Validate(a Address) (Address, errs.Fields) {
	var f errs.Fields
	var regionOK, postalOK bool
	a.Name, _ = cleanText(&f, "name", a.Name, MaxName)
	a.Company, _ = cleanText(&f, "company", a.Company, MaxCompany)
	a.Line1, _ = cleanText(&f, "line1", a.Line1, MaxLine)
	a.Line2, _ = cleanText(&f, "line2", a.Line2, MaxLine)
	a.District, _ = cleanText(&f, "district", a.District, MaxDistrict)
	a.City, _ = cleanText(&f, "city", a.City, MaxCity)
	a.Region, regionOK = cleanText(&f, "region", a.Region, MaxRegion)
	a.PostalCode, postalOK = cleanText(&f, "postal_code", a.PostalCode, MaxPostalCode)
	var c *country
	a.Country, c = checkCountry(&f, a.Country)
	if c == nil {
		return a, f
	}
	for _, field := range c.require {
		v, path, word := a.field(c, field)
		if path != "" && v == "" {
			f.Add(path, errs.CodeRequired, "%s %s is required for an address in %s", article(word), word, c.code)
		}
	}
	if postalOK && a.PostalCode != "" {
		before := len(f)
		a.PostalCode = c.checkPostal(&f, a.PostalCode)
		postalOK = len(f) == before
	}
	if regionOK && a.Region != "" && c.regions.byName != nil {
		if key, found := c.regions.lookup(a.Region); found {
			a.Region = key
			if re := c.regionZips[key]; re != nil && postalOK && a.PostalCode != "" && !re.MatchString(a.PostalCode) {
				f.Add("postal_code", errs.CodeFormat, "%s %s is not in %s %s", c.zipWord, a.PostalCode, c.regionWord, key)
			}
		} else {
			f.Add("region", errs.CodeUnknown, "%q is not %s %s of %s", errs.Clip(a.Region), article(c.regionWord), c.regionWord, c.code)
		}
	}
	return a, f
}

// checkCountry returns the code trimmed and upper-cased with its rules, or
// nil rules after recording why there are none.
func checkCountry(f *errs.Fields, code string) (string, *country) {
	code = strings.TrimSpace(code)
	switch {
	case code == "":
		f.Add("country", errs.CodeRequired, "country is required, as an ISO 3166-1 alpha-2 code such as US")
		return code, nil
	case len(code) != 2 || !isASCIILetter(code[0]) || !isASCIILetter(code[1]):
		f.Add("country", errs.CodeFormat, "country must be a two-letter ISO 3166-1 code such as US, got %q", errs.Clip(code))
		return code, nil
	}
	code = upperASCII(code)
	c, found, err := lookupCountry(code)
	switch {
	case err != nil:
		f.Add("country", errs.CodeUnknown, "address rules are unavailable: %v", err)
	case !found:
		f.Add("country", errs.CodeUnknown, "%s is not an ISO 3166-1 country code Waybill knows", code)
	}
	return code, c
}

func isASCIILetter(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }

// article chooses "a" or "an" for a word in a message.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

// field maps one of Google's field letters to the value, JSON name and the
// word the country uses for it. X (a sorting code) has no field in Waybill.
func (a *Address) field(c *country, letter rune) (value, path, word string) {
	switch letter {
	case 'N':
		return a.Name, "name", "recipient name"
	case 'O':
		return a.Company, "company", "company"
	case 'A':
		return a.Line1, "line1", "street address"
	case 'D':
		return a.District, "district", c.districtWord
	case 'C':
		return a.City, "city", c.cityWord
	case 'S':
		return a.Region, "region", c.regionWord
	case 'Z':
		return a.PostalCode, "postal_code", c.zipWord
	}
	return "", "", ""
}
