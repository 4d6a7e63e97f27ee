package address

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzValidate feeds arbitrary fields to Validate. It must never panic, and
// an address it accepts must validate to itself (normalising is idempotent)
// and hold only clean, bounded text.
func FuzzValidate(f *testing.F) {
	for _, group := range [][]countryCase{casesCN, casesTW, casesHK, casesUS, casesCA, casesGB,
		casesDE, casesFR, casesJP, casesBR, casesAU, casesIN} {
		for _, tc := range group {
			a := tc.in
			f.Add(a.Name, a.Company, a.Line1, a.Line2, a.District, a.City, a.Region, a.PostalCode, a.Country)
		}
	}
	f.Fuzz(func(t *testing.T, name, company, line1, line2, district, city, region, postal, country string) {
		in := Address{Name: name, Company: company, Line1: line1, Line2: line2, District: district,
			City: city, Region: region, PostalCode: postal, Country: country}
		got, problems := Validate(in)
		if len(problems) > 0 {
			for _, p := range problems {
				if p.Path == "" || p.Code == "" || p.Message == "" || !utf8.ValidString(p.Message) {
					t.Fatalf("malformed problem %+v", p)
				}
			}
			return
		}
		again, problems := Validate(got)
		if len(problems) > 0 || again != got {
			t.Fatalf("not idempotent:\n in   %+q\n out  %+q\n again %+q %v", in, got, again, problems)
		}
		for _, v := range []string{got.Name, got.Company, got.Line1, got.Line2, got.District, got.City, got.Region, got.PostalCode} {
			if !utf8.ValidString(v) || strings.ContainsFunc(v, isControl) || v != strings.TrimSpace(v) {
				t.Fatalf("accepted unclean value %+q", v)
			}
		}
		if len(got.Country) != 2 || utf8.RuneCountInString(got.PostalCode) > MaxPostalCode {
			t.Fatalf("accepted %+q", got)
		}
	})
}

// FuzzNormalizePhone feeds arbitrary text and countries to NormalizePhone. It
// must never panic, must fail only with an *InputError, and a number it
// returns must be E.164 and normalise to itself from any country.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range [][2]string{
		{"138 1234 5678", "CN"}, {"+44 20 7946 0958", "US"}, {"(650) 253-0000", "US"}, {"03-1234-5678", "JP"},
		{"+1 650-253-0000 ext. 12", "US"}, {"0086 13812345678", "CN"}, {"tel:+1-650-253-0000", ""},
		{"+", ""}, {"00", "GB"}, {"１３８１２３４５６７８", "CN"}, {"+800 1234 5678", "ZZ"}, {"*#06#", "US"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, raw, country string) {
		got, err := NormalizePhone(raw, country)
		if err != nil {
			var in *InputError
			if !errors.As(err, &in) || in.Code == "" || got != "" {
				t.Fatalf("NormalizePhone(%q, %q) = %q, %v", raw, country, got, err)
			}
			return
		}
		if len(got) < 3 || got[0] != '+' || strings.Trim(got[1:], "0123456789") != "" {
			t.Fatalf("NormalizePhone(%q, %q) = %q, not E.164", raw, country, got)
		}
		for _, c := range []string{country, "", "US"} {
			if again, err := NormalizePhone(got, c); err != nil || again != got {
				t.Fatalf("%q from %q normalises to %q, %v", got, c, again, err)
			}
		}
	})
}

// FuzzNormalizeEmail feeds arbitrary text to NormalizeEmail: no panic, and
// an accepted address is bounded, has a dotted domain and normalises to itself.
func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"ana@example.com", "Ana <ana@example.com>", `"a b"@c.com`, "a@[1.2.3.4]",
		"王小明@例子.中国", "x@Bücher.DE", "a@b", "@", "a@b.c.", "=?utf-8?q?x?=@example.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := NormalizeEmail(raw)
		if err != nil {
			var in *InputError
			if !errors.As(err, &in) || in.Code == "" {
				t.Fatalf("NormalizeEmail(%q): %v", raw, err)
			}
			return
		}
		at := strings.LastIndexByte(got, '@')
		if at < 1 || len(got) > maxEmail || !strings.Contains(got[at:], ".") {
			t.Fatalf("NormalizeEmail(%q) = %q", raw, got)
		}
		if again, err := NormalizeEmail(got); err != nil || again != got {
			t.Fatalf("%q normalises to %q, %v", got, again, err)
		}
	})
}
