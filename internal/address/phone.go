package address

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/waybill/waybill/internal/errs"
)

// maxPhoneInput bounds what is handed to the parser: the longest written
// form of a real number with spaces, dashes and a country prefix fits well
// within it, and anything longer is not a phone number.
const maxPhoneInput = 64

// NormalizePhone parses raw as a phone number dialled from country (the
// address's ISO 3166-1 code, so "138 1234 5678" with CN is understood), or
// in international form ("+44 20 7946 0958", accepted whatever the country),
// and returns it in E.164 ("+8613812345678"), the one form carriers and SMS
// providers all accept. The number must be valid for its region, not merely
// well-formed. Extensions are refused rather than silently dropped, because
// E.164 cannot carry them. Errors are *InputError.
func NormalizePhone(raw, country string) (string, error) {
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		return "", inputErr(errs.CodeRequired, "a phone number is required")
	case !utf8.ValidString(s) || strings.ContainsFunc(s, isControl):
		return "", inputErr(errs.CodeFormat, "a phone number must be text without control characters")
	case utf8.RuneCountInString(s) > maxPhoneInput:
		return "", inputErr(errs.CodeTooLong, "a phone number must be at most %d characters", maxPhoneInput)
	}
	region := upperASCII(strings.TrimSpace(country))
	if !phonenumbers.GetSupportedRegions()[region] {
		region = "" // only numbers in +international form can be read without one
	}
	if e164, ok := fastPhone(s, region); ok {
		return e164, nil
	}
	return parsePhone(s, region)
}

// parsePhone is NormalizePhone by the parser, for every number fastPhone
// leaves to it.
func parsePhone(s, region string) (string, error) {
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return "", phoneParseErr(s, region, err)
	}
	if num.GetExtension() != "" {
		return "", inputErr(errs.CodeFormat, "phone number %q has an extension, which cannot be stored; send the number alone", errs.Clip(s))
	}
	if !phonenumbers.IsValidNumber(num) {
		where := "any region"
		if r := phonenumbers.GetRegionCodeForNumber(num); r != "" && r != "ZZ" {
			where = r
		} else if region != "" {
			where = region
		}
		return "", inputErr(errs.CodeFormat, "%q is not a valid phone number for %s", errs.Clip(s), where)
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// phoneParseErr turns the parser's errors into messages that say what to do.
func phoneParseErr(s, region string, err error) *InputError {
	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode) && region == "":
		return inputErr(errs.CodeFormat, "phone number %q needs its country calling code, e.g. +44 20 7946 0958", errs.Clip(s))
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return inputErr(errs.CodeFormat, "phone number %q starts with an unknown country calling code", errs.Clip(s))
	case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return inputErr(errs.CodeFormat, "phone number %q is too short", errs.Clip(s))
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return inputErr(errs.CodeFormat, "phone number %q is too long", errs.Clip(s))
	}
	return inputErr(errs.CodeFormat, "%q is not a phone number", errs.Clip(s))
}

// PhoneReadings returns every E.164 number raw can be: itself when written
// in international form, else the number it is when dialled in each
// country of the address data. A person searching for "415 555 0132"
// means the order placed with a US address; the search looks for all.
func PhoneReadings(raw string) []string {
	if n, err := NormalizePhone(raw, ""); err == nil {
		return []string{n}
	}
	t, err := table()
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for code := range t {
		if n, err := NormalizePhone(raw, code); err == nil && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
