package warehouse

import (
	"fmt"
	"math"
	"strings"
	"time"
	_ "time/tzdata" // time zones validate the same on hosts without a zoneinfo database
	"unicode"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/text"
)

// check validates in and returns it normalised (trimmed, upper-case codes and
// countries, canonical postal prefixes), with every problem found at once.
func (in Input) check() (Input, errs.Fields) {
	var f errs.Fields
	in.Code = checkCode(&f, "code", in.Code)
	in.Name = text.Field(&f, "name", in.Name, 1, 200)
	in.Address = in.Address.check(&f)
	checkRange(&f, "latitude", in.Latitude, -90, 90)
	checkRange(&f, "longitude", in.Longitude, -180, 180)
	in.RegionsServed = checkRegions(&f, in.RegionsServed)
	in.Categories = checkCategories(&f, in.Categories)
	in.CutoffTime = checkCutoff(&f, "cutoff_time", in.CutoffTime)
	in.Timezone = checkTimezone(&f, "timezone", in.Timezone)
	if in.Active == nil {
		yes := true
		in.Active = &yes
	}
	return in, f
}

func (a Address) check(f *errs.Fields) Address {
	a.Line1 = text.Field(f, "address.line1", a.Line1, 1, 200)
	a.Line2 = text.Field(f, "address.line2", a.Line2, 0, 200)
	a.City = text.Field(f, "address.city", a.City, 1, 100)
	a.Region = text.Field(f, "address.region", a.Region, 0, 100)
	a.PostalCode = text.Field(f, "address.postal_code", strings.ToUpper(a.PostalCode), 0, 20)
	a.Country = checkCountry(f, "address.country", a.Country)
	return a
}

func checkCode(f *errs.Fields, path, code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	switch {
	case code == "":
		f.Add(path, errs.CodeRequired, "code is required")
	case len(code) > 32:
		f.Add(path, errs.CodeTooLong, "code must be at most 32 characters")
	case strings.ContainsFunc(code, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') }):
		f.Add(path, errs.CodeFormat, "code may hold only letters A-Z, digits and -")
	}
	return code
}

func checkCountry(f *errs.Fields, path, c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	switch {
	case c == "":
		f.Add(path, errs.CodeRequired, "country is required")
	case !ValidCountry(c):
		f.Add(path, errs.CodeUnknown, "%q is not an ISO 3166-1 alpha-2 country code", truncate(c))
	}
	return c
}

func checkRegions(f *errs.Fields, regions []Region) []Region {
	if len(regions) > 250 {
		f.Add("regions_served", errs.CodeOutOfRange, "at most 250 regions")
		return regions
	}
	out := make([]Region, 0, len(regions))
	seen := map[[2]string]bool{} // (country, prefix); "" is the whole country
	for i, r := range regions {
		path := fmt.Sprintf("regions_served[%d]", i)
		r.Country = checkCountry(f, path+".country", r.Country)
		r.PostalPrefixes = checkPrefixes(f, path+".postal_prefixes", r.PostalPrefixes)
		if r.TransitDays == 0 {
			r.TransitDays = DefaultTransitDays
		}
		if r.Country != "" && len(r.PostalPrefixes) == 0 {
			if seen[[2]string{r.Country, ""}] {
				f.Add(path+".country", errs.CodeDuplicate, "country %s is served whole twice; list prefixes for the other entry", r.Country)
			}
			seen[[2]string{r.Country, ""}] = true
		}
		mine := map[string]bool{} // checkPrefixes reported repeats within the entry
		for j, p := range r.PostalPrefixes {
			if p != "" && !mine[p] && seen[[2]string{r.Country, p}] {
				f.Add(fmt.Sprintf("%s.postal_prefixes[%d]", path, j), errs.CodeDuplicate, "postal prefix %s of %s is in another entry too", p, r.Country)
			}
			mine[p] = p != ""
		}
		for p, ok := range mine {
			if !ok {
				continue
			}
			seen[[2]string{r.Country, p}] = true
		}
		out = append(out, r)
	}
	return out
}

// DefaultTransitDays is a region's transit time when none is configured.
const DefaultTransitDays = 2

func checkPrefixes(f *errs.Fields, path string, prefixes []string) []string {
	if len(prefixes) > 500 {
		f.Add(path, errs.CodeOutOfRange, "at most 500 postal prefixes per country")
		return prefixes
	}
	out := make([]string, 0, len(prefixes))
	seen := map[string]bool{}
	for i, p := range prefixes {
		p = NormalizePostal(p)
		at := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case p == "":
			f.Add(at, errs.CodeRequired, "a postal prefix cannot be empty; leave the list empty to serve the whole country")
		case len(p) > 10:
			f.Add(at, errs.CodeTooLong, "a postal prefix has at most 10 characters")
		case !alnum(p):
			f.Add(at, errs.CodeFormat, "a postal prefix holds only letters and digits")
		case seen[p]:
			f.Add(at, errs.CodeDuplicate, "postal prefix %s is listed twice", p)
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// NormalizePostal puts a postal code or prefix in the form regions are
// matched in: upper case without spaces or hyphens ("sw1a 1aa" -> "SW1A1AA").
func NormalizePostal(p string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, p))
}

func checkCategories(f *errs.Fields, cats []string) []string {
	if len(cats) > 100 {
		f.Add("categories", errs.CodeOutOfRange, "at most 100 categories")
		return cats
	}
	out := make([]string, 0, len(cats))
	seen := map[string]bool{}
	for i, c := range cats {
		path := fmt.Sprintf("categories[%d]", i)
		c = text.Field(f, path, c, 1, 100)
		if seen[strings.ToLower(c)] && c != "" {
			f.Add(path, errs.CodeDuplicate, "category %q is listed twice", c)
		}
		seen[strings.ToLower(c)] = true
		out = append(out, c)
	}
	return out
}

func checkCutoff(f *errs.Fields, path, v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		f.Add(path, errs.CodeRequired, "cut-off time is required, HH:MM")
		return v
	}
	if _, err := time.Parse("15:04", v); err != nil || len(v) != 5 {
		f.Add(path, errs.CodeFormat, "cut-off time must be HH:MM on a 24-hour clock, e.g. 14:30")
	}
	return v
}

func checkTimezone(f *errs.Fields, path, v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		f.Add(path, errs.CodeRequired, "timezone is required, an IANA name such as Europe/Berlin")
	case len(v) > 64:
		f.Add(path, errs.CodeTooLong, "timezone must be at most 64 characters")
	case v == "Local" || !utf8.ValidString(v) || strings.ContainsFunc(v, unicode.IsControl):
		f.Add(path, errs.CodeUnknown, "timezone must be an IANA name such as Europe/Berlin")
	default:
		if _, err := time.LoadLocation(v); err != nil {
			f.Add(path, errs.CodeUnknown, "%q is not an IANA time zone name such as Europe/Berlin", v)
		}
	}
	return v
}

func checkRange(f *errs.Fields, path string, v, lo, hi float64) {
	if math.IsNaN(v) || v < lo || v > hi {
		f.Add(path, errs.CodeOutOfRange, "%s must be between %g and %g", path, lo, hi)
	}
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
