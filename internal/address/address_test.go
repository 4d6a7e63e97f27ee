package address

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

// problem is the field path and code a validation failure must name.
type problem struct{ path, code string }

func problemsOf(f errs.Fields) []problem {
	var out []problem
	for _, e := range f {
		out = append(out, problem{e.Path, e.Code})
	}
	return out
}

// countryCase is one address, what Validate must turn it into (want, when it
// is valid) or which problems it must report.
type countryCase struct {
	name string
	in   Address
	want Address // zero when problems are expected
	errs []problem
}

func TestValidateCountries(t *testing.T) {
	var cases []countryCase
	for _, group := range [][]countryCase{casesCN, casesTW, casesHK, casesUS, casesCA, casesGB,
		casesDE, casesFR, casesJP, casesBR, casesAU, casesIN} {
		cases = append(cases, group...)
	}
	for _, tc := range cases {
		t.Run(tc.in.Country+"/"+tc.name, func(t *testing.T) {
			got, f := Validate(tc.in)
			require.Equal(t, tc.errs, problemsOf(f), "%+v", f)
			if tc.errs == nil {
				require.Equal(t, tc.want, got)
				again, f := Validate(got)
				require.Empty(t, f)
				require.Equal(t, got, again, "a valid address validates to itself")
			}
		})
	}
}

func TestValidateGeneric(t *testing.T) {
	long := func(n int) string {
		b := make([]rune, n)
		for i := range b {
			b[i] = '字'
		}
		return string(b)
	}
	us := Address{Line1: "350 Fifth Avenue", City: "New York", Region: "NY", PostalCode: "10118", Country: "US"}
	tests := []struct {
		name string
		edit func(*Address)
		want []problem
	}{
		{"valid", func(*Address) {}, nil},
		{"every field at its limit", func(a *Address) {
			a.Name, a.Company, a.Line1, a.Line2 = long(MaxName), long(MaxCompany), long(MaxLine), long(MaxLine)
			a.District, a.City = long(MaxDistrict), long(MaxCity)
		}, nil},
		{"name too long", func(a *Address) { a.Name = long(MaxName + 1) }, []problem{{"name", errs.CodeTooLong}}},
		{"line2 too long", func(a *Address) { a.Line2 = long(MaxLine + 1) }, []problem{{"line2", errs.CodeTooLong}}},
		{"region too long", func(a *Address) { a.Region = long(MaxRegion + 1) }, []problem{{"region", errs.CodeTooLong}}},
		{"postal code too long", func(a *Address) { a.PostalCode = "1011810118101181011810" },
			[]problem{{"postal_code", errs.CodeTooLong}}},
		{"new line in line1", func(a *Address) { a.Line1 = "350 Fifth Avenue\nFloor 86" }, []problem{{"line1", errs.CodeFormat}}},
		{"tab inside city", func(a *Address) { a.City = "New\tYork" }, []problem{{"city", errs.CodeFormat}}},
		{"NUL in company", func(a *Address) { a.Company = "ACME\x00" }, []problem{{"company", errs.CodeFormat}}},
		{"bidi override in name", func(a *Address) { a.Name = "Ana \u202eanA" }, []problem{{"name", errs.CodeFormat}}},
		{"invalid UTF-8 in district", func(a *Address) { a.District = "Mid\xfftown" }, []problem{{"district", errs.CodeFormat}}},
		{"missing country", func(a *Address) { a.Country = " " }, []problem{{"country", errs.CodeRequired}}},
		{"three-letter country", func(a *Address) { a.Country = "USA" }, []problem{{"country", errs.CodeFormat}}},
		{"unknown country", func(a *Address) { a.Country = "XX" }, []problem{{"country", errs.CodeUnknown}}},
		{"UK is not ISO", func(a *Address) { a.Country = "UK" }, []problem{{"country", errs.CodeUnknown}}},
		{"every problem at once", func(a *Address) {
			a.Line1, a.City, a.Region, a.PostalCode, a.Name = "", "", "Gotham", "1011", "x\x7f"
		}, []problem{{"name", errs.CodeFormat}, {"line1", errs.CodeRequired}, {"city", errs.CodeRequired},
			{"postal_code", errs.CodeFormat}, {"region", errs.CodeUnknown}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := us
			tc.edit(&a)
			_, f := Validate(a)
			require.Equal(t, tc.want, problemsOf(f), "%+v", f)
		})
	}
}

func TestValidateNormalises(t *testing.T) {
	in := Address{
		Name:  "  Zoë\u0308 ", // "ë" then a combining diaeresis, as macOS may send it
		Line1: "\u3000 1 Infinite Loop ", City: " Cupertino", Region: " california ",
		PostalCode: " 95014 ", Country: " us ",
	}
	got, f := Validate(in)
	require.Empty(t, f)
	require.Equal(t, Address{Name: "Zoë\u0308", Line1: "1 Infinite Loop", City: "Cupertino", Region: "CA",
		PostalCode: "95014", Country: "US"}, got)

	decomposed := Address{Line1: "Rue de la Gauchetie\u0300re", City: "Montre\u0301al", Region: "Que\u0301bec",
		PostalCode: "h3b 2m9", Country: "CA"}
	got, f = Validate(decomposed)
	require.Empty(t, f)
	require.Equal(t, "Montréal", got.City, "stored in NFC")
	require.Equal(t, "QC", got.Region)
	require.Equal(t, "H3B 2M9", got.PostalCode)
}

// TestValidateConcurrently runs Validate from many goroutines at once, as
// intake's parallel decoders do, for the race detector to watch.
func TestValidateConcurrently(t *testing.T) {
	want := make([]Address, len(typical))
	for i, a := range typical {
		want[i], _ = Validate(a)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := (g + i) % len(typical)
				if got, f := Validate(typical[k]); len(f) > 0 || got != want[k] {
					t.Errorf("%+v: %v", got, f)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestValidateHugeInput(t *testing.T) {
	huge := strings.Repeat("e\u0301", 1<<20) // 3 MiB that NFC would rewrite
	_, f := Validate(Address{Line1: huge, City: huge, Country: "DE", PostalCode: huge})
	require.Equal(t, []problem{{"line1", errs.CodeTooLong}, {"city", errs.CodeTooLong}, {"postal_code", errs.CodeTooLong}}, problemsOf(f))
}

func TestValidateMessagesUseTheCountrysWords(t *testing.T) {
	_, f := Validate(Address{Country: "JP"})
	require.Contains(t, f[len(f)-2].Message, "prefecture")
	require.Contains(t, f[len(f)-1].Message, "postal code")

	_, f = Validate(Address{Line1: "1 Main St", City: "Delhi", Region: "Delhi", PostalCode: "11000", Country: "IN"})
	require.Len(t, f, 1)
	require.Contains(t, f[0].Message, "PIN code")
	require.Contains(t, f[0].Message, "110034", "an example from the data")

	_, f = Validate(Address{Line1: "1 Main St", City: "Springfield", Region: "Ohi", PostalCode: "45501", Country: "US"})
	require.Contains(t, f[0].Message, "not a state of US")
}

// A postal code must belong to the subdivision given, where the data says
// which codes each has (24 countries: US states, Canadian provinces, ...).
func TestPostalCodeBelongsToRegion(t *testing.T) {
	for _, tc := range []struct {
		region, postal string
		ok             bool
	}{
		{"CA", "94043", true},
		{"California", "96150", true},
		{"CA", "10001", false},
		{"NY", "10001", true},
		{"NY", "10001-1234", true},
		{"TX", "94043", false},
	} {
		_, f := Validate(Address{Name: "A", Line1: "1 Main St", City: "X", Region: tc.region, PostalCode: tc.postal, Country: "US"})
		bad := false
		for _, e := range f {
			if e.Path == "postal_code" {
				bad = true
			}
		}
		if bad == tc.ok {
			t.Errorf("%s %s: problems %v, want ok=%v", tc.region, tc.postal, f, tc.ok)
		}
	}
	_, f := Validate(Address{Name: "A", Line1: "1 Main St", City: "Toronto", Region: "ON", PostalCode: "V6B 1A1", Country: "CA"})
	if len(f) != 1 || f[0].Path != "postal_code" {
		t.Errorf("a Vancouver postal code in Ontario: %v", f)
	}
}
