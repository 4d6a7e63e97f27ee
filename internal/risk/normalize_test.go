package risk

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
)

func TestNormalizeAddressVariants(t *testing.T) {
	// Each group is one address typed several ways: all must share a key.
	groups := []struct {
		key   string
		typed []address.Address
	}{
		{"us|10118|350 5 ave", []address.Address{
			{Line1: "350 Fifth Avenue", PostalCode: "10118", Country: "US"},
			{Line1: "350 5th Ave.", PostalCode: "10118-0110", Country: "us"},
			{Line1: "  350   FIFTH   AVE ", PostalCode: " 10118 ", Country: "US"},
			{Line1: "３５０ Ｆｉｆｔｈ Ａｖｅｎｕｅ", PostalCode: "１０１１８", Country: "US"},
		}},
		{"us|94105|12 main st apt 4", []address.Address{
			{Line1: "12 Main St, Apt 4", PostalCode: "94105", Country: "US"},
			{Line1: "12 Main Street #4", PostalCode: "94105", Country: "US"},
			{Line1: "12 main st. unit 04", PostalCode: "94105", Country: "US"},
			{Line1: "12 Main Street", Line2: "Apartment 4", PostalCode: "94105", Country: "US"},
			{Line1: "12 Main St Apt #4", PostalCode: "94105", Country: "US"},
			{Line1: "12 Main St Apt4", PostalCode: "94105", Country: "US"},
		}},
		{"de|10115|haupt st 5", []address.Address{
			{Line1: "Hauptstraße 5", PostalCode: "10115", Country: "DE"},
			{Line1: "Hauptstr. 5", PostalCode: "10115", Country: "DE"},
			{Line1: "HAUPTSTRASSE 5", PostalCode: "10115", Country: "DE"},
			{Line1: "Haupt Straße Nr. 5", PostalCode: "10115", Country: "DE"},
		}},
		{"fr|75008|102 ave des champs elysees", []address.Address{
			{Line1: "102 Av. des Champs-Élysées", PostalCode: "75008", Country: "FR"},
			{Line1: "102 avenue des champs elysees", PostalCode: "75008", Country: "FR"},
		}},
		{"gb|SW1A2AA|10 downing st", []address.Address{
			{Line1: "10 Downing Street", PostalCode: "SW1A 2AA", Country: "GB"},
			{Line1: "10, Downing St.", PostalCode: "sw1a2aa", Country: "GB"},
		}},
		{"us|60601|100 n 2 st fl 3", []address.Address{
			{Line1: "100 North Second Street, Floor 3", PostalCode: "60601", Country: "US"},
			{Line1: "100 N 2nd St Fl 3", PostalCode: "60601", Country: "US"},
		}},
		{"hk||25 queen s rd central central", []address.Address{
			{Line1: "25 Queen's Road Central", City: "Central", Country: "HK"},
			{Line1: "25 Queen’s Rd. Central", City: "CENTRAL", Country: "HK"},
		}},
		{"jp|1000001|千代田 1 1", []address.Address{
			{Line1: "千代田１−１", PostalCode: "〒100-0001", Country: "JP"},
			{Line1: "千代田1-1", PostalCode: "100-0001", Country: "JP"},
		}},
	}
	for _, g := range groups {
		for _, a := range g.typed {
			require.Equal(t, g.key, NormalizeAddress(a), "%+v", a)
		}
	}
}

func TestNormalizeAddressKeepsApart(t *testing.T) {
	base := address.Address{Line1: "12 Main St Apt 3", City: "Springfield", PostalCode: "94105", Country: "US"}
	for name, edit := range map[string]func(*address.Address){
		"another house number":     func(a *address.Address) { a.Line1 = "13 Main St Apt 3" },
		"another flat":             func(a *address.Address) { a.Line1 = "12 Main St Apt 4" },
		"numbers swapped":          func(a *address.Address) { a.Line1 = "3 Main St Apt 12" },
		"another street type":      func(a *address.Address) { a.Line1 = "12 Main Ave Apt 3" },
		"north of the same street": func(a *address.Address) { a.Line1 = "12 N Main St Apt 3" },
		"another postal code":      func(a *address.Address) { a.PostalCode = "94107" },
		"another country":          func(a *address.Address) { a.Country = "CA" },
		"house 12b":                func(a *address.Address) { a.Line1 = "12b Main St Apt 3" },
	} {
		other := base
		edit(&other)
		require.NotEqual(t, NormalizeAddress(base), NormalizeAddress(other), name)
	}
	noPostcode := base
	noPostcode.PostalCode = ""
	elsewhere := noPostcode
	elsewhere.City = "Shelbyville"
	require.NotEqual(t, NormalizeAddress(noPostcode), NormalizeAddress(elsewhere), "without a postal code the city counts")
	require.Empty(t, NormalizeAddress(address.Address{City: "Springfield", PostalCode: "94105", Country: "US"}),
		"no street, no key: every such order would count as one address")
}

func TestPostalKey(t *testing.T) {
	for _, tc := range []struct{ country, in, want string }{
		{"GB", "sw1a 1aa", "SW1A1AA"},
		{"US", "10118-0110", "10118"},
		{"US", "10118", "10118"},
		{"CA", "k1a 0b1", "K1A0B1"},
		{"JP", "〒１００−０００１", "1000001"},
		{"NL", "1234 ab", "1234AB"},
		{"BR", "01310-100", "01310100"},
		{"", "  ", ""},
	} {
		require.Equal(t, tc.want, PostalKey(tc.country, tc.in), "%s %q", tc.country, tc.in)
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		"Ana.Silva@Example.com":         "ana.silva@example.com",
		"ana.silva+shoes@example.com":   "ana.silva@example.com",
		"A.N.A.Silva+x+y@GMail.com":     "anasilva@gmail.com",
		"anasilva@googlemail.com":       "anasilva@gmail.com",
		" ana@example.com. ":            "ana@example.com",
		"+ana@example.com":              "+ana@example.com",
		"no-at-sign":                    "no-at-sign",
		"":                              "",
		"ana.silva@mail.gmail.com.evil": "ana.silva@mail.gmail.com.evil",
	} {
		require.Equal(t, want, NormalizeEmail(in), in)
	}
	require.NotEqual(t, NormalizeEmail("ana.silva@example.com"), NormalizeEmail("anasilva@example.com"),
		"only Gmail ignores dots")
	require.NotEqual(t, NormalizeEmail("ana@example.com"), NormalizeEmail("ana@example.org"))
}

func TestNormalizePhone(t *testing.T) {
	require.Equal(t, "442079460958", NormalizePhone("+44 20 7946 0958"))
	require.Equal(t, "8613812345678", NormalizePhone("+8613812345678"))
	require.Empty(t, NormalizePhone("n/a"))
}

func TestNormalizeIP(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7":              "203.0.113.7",
		" 203.0.113.7 ":            "203.0.113.7",
		"203.0.113.7:443":          "203.0.113.7",
		"::ffff:203.0.113.7":       "203.0.113.7",
		"2001:db8:1:2:3:4:5:6":     "2001:db8:1:2::/64",
		"[2001:db8:1:2::1]:8080":   "2001:db8:1:2::/64",
		"fe80::1%eth0":             "fe80::/64",
		"":                         "",
		"not an address":           "",
		"2001:db8:1:3:ffff::ffff:": "",
	} {
		require.Equal(t, want, NormalizeIP(in), in)
	}
}

func TestKeys(t *testing.T) {
	f := baseFacts()
	f.Email = "Ana.Silva+x@Example.com"
	require.Equal(t, map[Dimension]string{
		ByAddress: "us|10118|350 5 ave",
		ByPhone:   "14155550100",
		ByEmail:   "ana.silva@example.com",
		ByIP:      "203.0.113.7",
		ByDevice:  "dev-1",
	}, Keys(f))
	require.Equal(t, "ana.silva@example.com", CustomerKey(f))

	f.DeviceID, f.ClientIP = " ", "unknown"
	require.NotContains(t, Keys(f), ByDevice)
	require.NotContains(t, Keys(f), ByIP)
}
