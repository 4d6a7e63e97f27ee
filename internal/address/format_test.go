package address

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLines(t *testing.T) {
	tests := []struct {
		name string
		in   Address
		want []string
	}{
		{"US: city and state in capitals, comma kept",
			Address{Name: "Ada Lovelace", Company: "Analytical Ltd", Line1: "1 Market St", Line2: "Suite 300", City: "San Francisco", Region: "CA", PostalCode: "94105", Country: "US"},
			[]string{"Ada Lovelace", "Analytical Ltd", "1 Market St", "Suite 300", "SAN FRANCISCO, CA 94105"}},
		{"US without state: no stray comma",
			Address{Name: "Ada", Line1: "1 Market St", City: "Springfield", PostalCode: "12345", Country: "us"},
			[]string{"Ada", "1 Market St", "SPRINGFIELD 12345"}},
		{"CN: postcode first, name last, no spaces between region, city, district",
			Address{Name: "王小明", Line1: "南京路100号", District: "黄浦区", City: "上海市", Region: "上海市", PostalCode: "200001", Country: "CN"},
			[]string{"200001", "上海市上海市黄浦区", "南京路100号", "王小明"}},
		{"JP: the postal mark before the code",
			Address{Name: "山田太郎", Line1: "千代田1-1", Region: "東京都", PostalCode: "100-0001", Country: "JP"},
			[]string{"〒100-0001", "東京都", "千代田1-1", "山田太郎"}},
		{"JP without a code: no lone mark",
			Address{Name: "山田太郎", Line1: "千代田1-1", Region: "東京都", Country: "JP"},
			[]string{"東京都", "千代田1-1", "山田太郎"}},
		{"DE: postcode before city (in capitals), company left out when empty",
			Address{Name: "Max Müller", Line1: "Hauptstraße 5", City: "Berlin", PostalCode: "10115", Country: "DE"},
			[]string{"Max Müller", "Hauptstraße 5", "10115 BERLIN"}},
		{"FR: company first, city in capitals",
			Address{Name: "Jean Dupont", Company: "ACME", Line1: "5 rue de la Paix", City: "Paris", PostalCode: "75002", Country: "FR"},
			[]string{"ACME", "Jean Dupont", "5 rue de la Paix", "75002 PARIS"}},
		{"GB: city and postcode on lines of their own, both upper",
			Address{Name: "J Smith", Line1: "10 Downing St", City: "London", PostalCode: "sw1a 2aa", Country: "GB"},
			[]string{"J Smith", "10 Downing St", "LONDON", "SW1A 2AA"}},
		{"unknown country: every field kept",
			Address{Name: "N", Line1: "L1", District: "D", City: "C", Region: "R", PostalCode: "Z", Country: "XX"},
			[]string{"N", "L1", "D", "C", "R Z"}},
		{"empty address: no lines", Address{Country: "US"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, Lines(tt.in))
		})
	}
}

func TestCountryName(t *testing.T) {
	name, ok := CountryName("cn")
	require.True(t, ok)
	require.Equal(t, "CHINA", name)
	_, ok = CountryName("XX")
	require.False(t, ok)
}

// FuzzLines: no address makes Lines panic or print an empty line, and
// every street line given is printed.
func FuzzLines(f *testing.F) {
	f.Add("Ada", "1 Market St", "San Francisco", "CA", "94105", "US")
	f.Add("王", "路%n%Z", "%", "%S", "〒", "JP")
	f.Add("", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, name, line1, city, region, zip, country string) {
		a := Address{Name: name, Line1: line1, City: city, Region: region, PostalCode: zip, Country: country}
		lines := Lines(a)
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				t.Fatalf("empty line in %q", lines)
			}
		}
		all := strings.Join(lines, "\n")
		if s := strings.TrimSpace(line1); s != "" && !strings.Contains(all, s) && !strings.Contains(all, strings.ToUpper(s)) {
			t.Fatalf("line1 %q missing from %q", line1, lines)
		}
	})
}
