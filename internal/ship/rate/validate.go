package rate

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// Bounds on a carrier document. They leave room for real contracts while
// keeping every later computation (volumes in mm³, sums of prices) far from
// int64 overflow.
const (
	maxServices = 50
	maxOrigins  = 50
	maxZones    = 2000
	maxBreaks   = 500
	maxAreas    = 5000
	maxHolidays = 400
	maxAmount   = 100_000_000 // minor units per parcel: a million dollars
	maxWeightG  = 1_000_000   // a tonne
	maxSideMM   = 10_000      // ten metres
	maxTransit  = 90
)

var (
	codePattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
	countryPattern  = regexp.MustCompile(`^[A-Z]{2}$`)
	prefixPattern   = regexp.MustCompile(`^[A-Z0-9]{1,12}$`)
	zonePattern     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)
	clockPattern    = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

var speeds = map[string]bool{"economy": true, "standard": true, "express": true}

func (c *Carrier) validate() errs.Fields {
	var f errs.Fields
	checkCode(&f, "code", c.Code)
	checkName(&f, "name", c.Name)
	if !currencyPattern.MatchString(c.Currency) {
		f.Add("currency", errs.CodeFormat, "a currency is three capital letters (ISO 4217), not %q", errs.Clip(c.Currency))
	}
	if c.MaxShare < 0 || c.MaxShare > 100 {
		f.Add("max_share_pct", errs.CodeOutOfRange, "a share is 0 (no cap) to 100 per cent, not %d", c.MaxShare)
	}
	switch {
	case len(c.Services) == 0:
		f.Add("services", errs.CodeRequired, "a carrier sells at least one service")
	case len(c.Services) > maxServices:
		f.Add("services", errs.CodeTooLong, "at most %d services", maxServices)
	default:
		seen := map[string]bool{}
		for i := range c.Services {
			s := &c.Services[i]
			if seen[s.Code] && s.Code != "" {
				f.Add(fmt.Sprintf("services[%d].code", i), errs.CodeDuplicate, "service %q is listed twice", s.Code)
			}
			seen[s.Code] = true
			f.Merge(fmt.Sprintf("services[%d]", i), s.validate())
		}
	}
	return f
}

func (s *Service) validate() errs.Fields {
	var f errs.Fields
	checkCode(&f, "code", s.Code)
	checkName(&f, "name", s.Name)
	if !speeds[s.Speed] {
		f.Add("speed", errs.CodeUnknown, "speed is economy, standard or express, not %q", errs.Clip(s.Speed))
	}
	if !countryPattern.MatchString(s.TrackingPrefix) {
		f.Add("tracking_prefix", errs.CodeFormat, "a tracking prefix is two capital letters (UPU S10), not %q", errs.Clip(s.TrackingPrefix))
	}
	checkRange(&f, "dim_divisor", s.DimDivisor, 1000, 20000)
	checkRange(&f, "max_weight_g", s.MaxWeightG, 1, maxWeightG)
	checkRange(&f, "max_side_mm", s.MaxSideMM, 1, maxSideMM)
	checkRange(&f, "max_length_girth_mm", s.MaxGirthMM, s.MaxSideMM, 5*maxSideMM)
	zones := s.validateOrigins(&f)
	s.validateRates(&f, zones)
	for name := range s.TransitDays {
		if !zones[name] {
			f.Add("transit_days."+name, errs.CodeUnknown, "zone %q is used by no origin", errs.Clip(name))
		} else if d := s.TransitDays[name]; d < 0 || d > maxTransit {
			f.Add("transit_days."+name, errs.CodeOutOfRange, "transit is 0 to %d business days, not %d", maxTransit, d)
		}
	}
	for _, name := range sortedKeys(zones) {
		if _, ok := s.TransitDays[name]; !ok {
			f.Add("transit_days", errs.CodeRequired, "zone %q has no transit time", name)
		}
	}
	s.Surcharges.validate(&f, s)
	checkAreas(&f, "excluded_destinations", s.Excluded)
	if len(s.Holidays) > maxHolidays {
		f.Add("holidays", errs.CodeTooLong, "at most %d holidays", maxHolidays)
	}
	s.holidays = map[Date]bool{}
	for i, h := range s.Holidays {
		d, err := ParseDate(h)
		if err != nil {
			f.Add(fmt.Sprintf("holidays[%d]", i), errs.CodeFormat, "a holiday is a date YYYY-MM-DD, not %q", errs.Clip(h))
		}
		s.holidays[d] = true
	}
	return f
}

func (s *Service) validateRates(f *errs.Fields, zones map[string]bool) {
	switch {
	case len(s.Rates) == 0:
		f.Add("rates", errs.CodeRequired, "a service has a rate card of at least one weight break")
		return
	case len(s.Rates) > maxBreaks:
		f.Add("rates", errs.CodeTooLong, "at most %d weight breaks", maxBreaks)
		return
	}
	prev := map[string]int64{}
	for i, b := range s.Rates {
		p := fmt.Sprintf("rates[%d]", i)
		if b.UpToG <= 0 || b.UpToG > maxWeightG {
			f.Add(p+".up_to_g", errs.CodeOutOfRange, "a weight break is 1 to %d g, not %d", maxWeightG, b.UpToG)
		} else if i > 0 && b.UpToG <= s.Rates[i-1].UpToG {
			f.Add(p+".up_to_g", errs.CodeOutOfRange, "weight breaks rise: %d g follows %d g", b.UpToG, s.Rates[i-1].UpToG)
		}
		for _, name := range sortedKeys(b.Prices) {
			price := b.Prices[name]
			switch {
			case !zones[name]:
				f.Add(p+".prices."+errs.Clip(name), errs.CodeUnknown, "zone %q is used by no origin", errs.Clip(name))
			case price < 0 || price > maxAmount:
				f.Add(p+".prices."+name, errs.CodeOutOfRange, "a price is 0 to %d minor units, not %d", maxAmount, price)
			case price < prev[name]:
				f.Add(p+".prices."+name, errs.CodeOutOfRange, "a heavier parcel never costs less: %d after %d", price, prev[name])
			default:
				prev[name] = price
			}
		}
		for _, name := range sortedKeys(zones) {
			if _, ok := b.Prices[name]; !ok {
				f.Add(p+".prices", errs.CodeRequired, "zone %q has no price in this weight break", name)
			}
		}
	}
	if last := s.Rates[len(s.Rates)-1].UpToG; s.MaxWeightG > last {
		f.Add(fmt.Sprintf("rates[%d].up_to_g", len(s.Rates)-1), errs.CodeOutOfRange,
			"the rate card stops at %d g but the service takes up to %d g", last, s.MaxWeightG)
	}
}

func (sc *Surcharges) validate(f *errs.Fields, s *Service) {
	checkRange(f, "surcharges.fuel_bp", sc.FuelBP, 0, 10_000)
	if r := sc.Remote; r != nil {
		checkRange(f, "surcharges.remote.amount", r.Amount, 0, maxAmount)
		if len(r.Areas) == 0 {
			f.Add("surcharges.remote.areas", errs.CodeRequired, "a remote surcharge lists the areas it applies to")
		}
		checkAreas(f, "surcharges.remote.areas", r.Areas)
	}
	if o := sc.Oversize; o != nil {
		checkRange(f, "surcharges.oversize.amount", o.Amount, 0, maxAmount)
		checkRange(f, "surcharges.oversize.side_mm", o.SideMM, 1, s.MaxSideMM)
		checkRange(f, "surcharges.oversize.length_girth_mm", o.LengthGirthMM, 1, s.MaxGirthMM)
	}
}

func checkCode(f *errs.Fields, p, v string) {
	if !codePattern.MatchString(v) {
		f.Add(p, errs.CodeFormat, "a code is 1 to 32 lower-case letters, digits, - or _, not %q", errs.Clip(v))
	}
}

func checkName(f *errs.Fields, p, v string) {
	if strings.TrimSpace(v) == "" || len(v) > 100 {
		f.Add(p, errs.CodeRequired, "a name of 1 to 100 bytes is required")
	}
}

func checkRange(f *errs.Fields, p string, v, lo, hi int64) {
	if v < lo || v > hi {
		f.Add(p, errs.CodeOutOfRange, "%d is outside %d to %d", v, lo, hi)
	}
}
