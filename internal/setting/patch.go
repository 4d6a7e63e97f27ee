package setting

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
)

// maxCODCountries bounds the cash-on-delivery list (ISO 3166 has 249).
const maxCODCountries = 300

// Patch is a change to some of the rules: a nil field keeps its value.
// Durations are Go duration strings ("45m", "12h"), as the API reads them.
type Patch struct {
	CODCountries         *[]string `json:"cod_countries,omitempty" maxItems:"300" doc:"Where cash on delivery is confirmed at once: ISO 3166 alpha-2 codes (default CN, TW, HK, IN, BR, JP); [] offers it nowhere, so every COD order is held for a person"`
	CODMaxTotalMinor     *int64    `json:"cod_max_total_minor,omitempty" doc:"The largest COD total confirmed at once, in minor units of the order's currency, 0 to 1,000,000,000,000 (default 500000); above it the order is held"`
	PaymentWindow        *string   `json:"payment_window,omitempty" maxLength:"32" doc:"How long a prepaid order may wait for its payment before it is cancelled, 1m to 168h (default 30m); orders already placed keep their deadline"`
	IdempotencyRetention *string   `json:"idempotency_retention,omitempty" maxLength:"32" doc:"How long an Idempotency-Key replays its first answer, 1h to 720h (default 24h); answers already stored keep theirs"`
	HoldOnCustomerNote   *bool     `json:"hold_on_customer_note,omitempty" doc:"Hold every order whose customer wrote a special-request note for a person to read (default true); false lets such orders through review like any other"`
}

// Validate checks every given field and names each problem by its JSON path.
func (p Patch) Validate() error {
	var f errs.Fields
	if p.CODCountries != nil && len(*p.CODCountries) > maxCODCountries {
		// The API's schema says so too (maxItems); the console's form has no schema.
		f.Add("cod_countries", errs.CodeOutOfRange, "at most %d countries, got %d", maxCODCountries, len(*p.CODCountries))
	} else if p.CODCountries != nil {
		seen := map[string]bool{}
		for i, c := range *p.CODCountries {
			path := fmt.Sprintf("cod_countries[%d]", i)
			up := strings.ToUpper(strings.TrimSpace(c))
			switch {
			case len(up) != 2 || !address.IsCountry(up):
				f.Add(path, errs.CodeUnknown, "%q is not an ISO 3166 alpha-2 country code (such as CN or US)", c)
			case seen[up]:
				f.Add(path, errs.CodeDuplicate, "%s is listed twice", up)
			}
			seen[up] = true
		}
	}
	if p.CODMaxTotalMinor != nil && (*p.CODMaxTotalMinor < 0 || *p.CODMaxTotalMinor > MaxCODTotalMinor) {
		f.Add("cod_max_total_minor", errs.CodeOutOfRange, "cod_max_total_minor must be 0 to %d, got %d", int64(MaxCODTotalMinor), *p.CODMaxTotalMinor)
	}
	CheckDuration(&f, "payment_window", p.PaymentWindow, MinPaymentWindow, MaxPaymentWindow)
	CheckDuration(&f, "idempotency_retention", p.IdempotencyRetention, MinIdempotencyRetention, MaxIdempotencyRetention)
	return f.Err()
}

// CheckDuration reads s, a Go duration ("45m", "12h"), and holds it to
// whole seconds in [lo, hi], adding any problem to f at path: every rule an
// operator sets as a length of time (these settings, the tracking rules)
// is read the one way. ok is false when s is nil (left out) or refused.
func CheckDuration(f *errs.Fields, path string, s *string, lo, hi time.Duration) (d time.Duration, ok bool) {
	if s == nil {
		return 0, false
	}
	d, err := time.ParseDuration(strings.TrimSpace(*s))
	switch {
	case err != nil:
		f.Add(path, errs.CodeFormat, "%s must be a duration such as 45m or 12h, got %q", path, errs.Clip(*s))
	case d < lo || d > hi:
		f.Add(path, errs.CodeOutOfRange, "%s must be between %s and %s, got %s", path, short(lo), short(hi), short(d))
	case d%time.Second != 0:
		f.Add(path, errs.CodeFormat, "%s must be whole seconds, got %s", path, d)
	default:
		return d, true
	}
	return 0, false
}

// apply returns v with p's fields in place; call it on a validated patch.
func (p Patch) apply(v Values) Values {
	if p.CODCountries != nil {
		v.CODCountries = make([]string, 0, len(*p.CODCountries))
		for _, c := range *p.CODCountries {
			v.CODCountries = append(v.CODCountries, strings.ToUpper(strings.TrimSpace(c)))
		}
		slices.Sort(v.CODCountries)
	}
	if p.CODMaxTotalMinor != nil {
		v.CODMaxTotalMinor = *p.CODMaxTotalMinor
	}
	if p.PaymentWindow != nil {
		v.PaymentWindow, _ = time.ParseDuration(strings.TrimSpace(*p.PaymentWindow))
	}
	if p.IdempotencyRetention != nil {
		v.IdempotencyRetention, _ = time.ParseDuration(strings.TrimSpace(*p.IdempotencyRetention))
	}
	if p.HoldOnCustomerNote != nil {
		v.HoldOnCustomerNote = *p.HoldOnCustomerNote
	}
	return v
}

// short writes a duration as people do: 30m, 24h, 1h30m, not 30m0s.
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
