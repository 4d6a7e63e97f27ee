package rate

import (
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// This file checks where a service goes and when: origins, their
// schedules, and the areas zones, surcharges and exclusions name.

// validateOrigins checks every origin and returns the zone names they use.
func (s *Service) validateOrigins(f *errs.Fields) map[string]bool {
	zones := map[string]bool{}
	if len(s.Origins) == 0 {
		f.Add("origins", errs.CodeRequired, "a service picks up from at least one warehouse")
	}
	if len(s.Origins) > maxOrigins {
		f.Add("origins", errs.CodeTooLong, "at most %d origins", maxOrigins)
		return zones
	}
	seen := map[string]bool{}
	for i := range s.Origins {
		o := &s.Origins[i]
		p := fmt.Sprintf("origins[%d]", i)
		if o.Warehouse == "" || len(o.Warehouse) > 64 {
			f.Add(p+".warehouse", errs.CodeRequired, "an origin names its warehouse code (at most 64 characters)")
		} else if seen[o.Warehouse] {
			f.Add(p+".warehouse", errs.CodeDuplicate, "warehouse %q is listed twice", errs.Clip(o.Warehouse))
		}
		seen[o.Warehouse] = true
		o.compile(f, p)
		if len(o.Zones) == 0 {
			f.Add(p+".zones", errs.CodeRequired, "an origin maps destinations to at least one zone")
		}
		if len(o.Zones) > maxZones {
			f.Add(p+".zones", errs.CodeTooLong, "at most %d zones", maxZones)
			continue
		}
		for j := range o.Zones {
			z := &o.Zones[j]
			zp := fmt.Sprintf("%s.zones[%d]", p, j)
			if !zonePattern.MatchString(z.Zone) {
				f.Add(zp+".zone", errs.CodeFormat, "a zone name is 1 to 32 letters, digits, - or _, not %q", errs.Clip(z.Zone))
			} else {
				zones[z.Zone] = true
			}
			z.Area.validate(f, zp)
		}
	}
	return zones
}

// compile checks an origin's schedule and keeps it in the form ShipDate uses.
func (o *Origin) compile(f *errs.Fields, p string) {
	loc, err := time.LoadLocation(o.TimeZone)
	if o.TimeZone == "" || o.TimeZone == "Local" || err != nil {
		f.Add(p+".time_zone", errs.CodeUnknown, "%q is no IANA time zone (such as Europe/Berlin)", errs.Clip(o.TimeZone))
	}
	o.loc = loc
	if !clockPattern.MatchString(o.Cutoff) {
		f.Add(p+".cutoff", errs.CodeFormat, "a cut-off is a time HH:MM, not %q", errs.Clip(o.Cutoff))
	} else {
		t, _ := time.Parse("15:04", o.Cutoff)
		o.cutoffAt = time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
	}
	if len(o.PickupDays) == 0 {
		f.Add(p+".pickup_days", errs.CodeRequired, "an origin has at least one pickup day")
	}
	o.pickup = [7]bool{}
	for i, d := range o.PickupDays {
		wd, ok := weekdays[d]
		switch {
		case !ok:
			f.Add(fmt.Sprintf("%s.pickup_days[%d]", p, i), errs.CodeUnknown, "a pickup day is mon, tue, wed, thu, fri, sat or sun, not %q", errs.Clip(d))
		case o.pickup[wd]:
			f.Add(fmt.Sprintf("%s.pickup_days[%d]", p, i), errs.CodeDuplicate, "%s is listed twice", d)
		default:
			o.pickup[wd] = true
		}
	}
}

func checkAreas(f *errs.Fields, p string, areas []Area) {
	if len(areas) > maxAreas {
		f.Add(p, errs.CodeTooLong, "at most %d areas", maxAreas)
		return
	}
	for i := range areas {
		areas[i].validate(f, fmt.Sprintf("%s[%d]", p, i))
	}
}

// validate checks an area and normalises its postcodes the way a
// destination's postcode is normalised before matching.
func (a *Area) validate(f *errs.Fields, p string) {
	if !countryPattern.MatchString(a.Country) {
		f.Add(p+".country", errs.CodeFormat, "a country is two capital letters (ISO 3166-1), not %q", errs.Clip(a.Country))
	}
	if len(a.Prefixes)+len(a.Ranges) > maxAreas {
		f.Add(p, errs.CodeTooLong, "at most %d postcodes and ranges", maxAreas)
		return
	}
	for i, pre := range a.Prefixes {
		a.Prefixes[i] = NormalizePostcode(pre)
		if !prefixPattern.MatchString(a.Prefixes[i]) {
			f.Add(fmt.Sprintf("%s.postcodes[%d]", p, i), errs.CodeFormat, "a postcode prefix is 1 to 12 letters or digits, not %q", errs.Clip(pre))
		}
	}
	for i := range a.Ranges {
		r := &a.Ranges[i]
		rp := fmt.Sprintf("%s.ranges[%d]", p, i)
		r.From, r.To = NormalizePostcode(r.From), NormalizePostcode(r.To)
		switch {
		case !prefixPattern.MatchString(r.From):
			f.Add(rp+".from", errs.CodeFormat, "a range starts at a postcode of 1 to 12 letters or digits, not %q", errs.Clip(r.From))
		case len(r.To) != len(r.From):
			f.Add(rp+".to", errs.CodeFormat, "a range ends at a postcode as long as its start (%d characters)", len(r.From))
		case r.To < r.From:
			f.Add(rp+".to", errs.CodeOutOfRange, "a range ends after it starts: %q is before %q", r.To, r.From)
		}
	}
}

// NormalizePostcode is the form postcodes are compared in: capitals, without
// spaces or hyphens, so "07190-100", "07190100" and "sw1a 1aa" match the data.
func NormalizePostcode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}
