package address

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRegionLookup(t *testing.T) {
	tests := []struct{ country, in, want string }{
		{"US", "CA", "CA"}, {"US", "ca", "CA"}, {"US", "California", "CA"}, {"US", "CALIFORNIA", "CA"},
		{"US", "New  York", "NY"}, {"US", "us-ny", "NY"},
		{"JP", "東京都", "東京都"}, {"JP", "Tokyo", "東京都"}, {"JP", "tokyo", "東京都"}, {"JP", "13", "東京都"},
		{"CN", "广东省", "广东省"}, {"CN", "Guangdong Sheng", "广东省"}, {"CN", "guangdong sheng", "广东省"},
		{"CN", "内蒙古", "内蒙古自治区"}, {"CN", "44", "广东省"},
		{"TW", "臺南市", "台南市"}, {"TW", "Tainan City", "台南市"}, {"TW", "TNN", "台南市"},
		{"KR", "서울특별시", "서울특별시"}, {"KR", "서울", "서울특별시"}, {"KR", "Seoul", "서울특별시"},
		{"CA", "Quebec", "QC"}, {"CA", "Québec", "QC"}, {"CA", "Colombie-Britannique", "BC"}, {"CA", "ile-du-prince-edouard", "PE"},
		{"BR", "Ceará", "CE"}, {"BR", "ceara", "CE"}, {"BR", "SÃO PAULO", "SP"},
		{"IN", "Andaman & Nicobar", "Andaman and Nicobar Islands"}, {"IN", "Telangana", "Telangana"},
		{"ES", "Illes Balears", "PM"}, {"ES", "Bizkaia", "BI"},
		{"HK", "新界", "New Territories"}, {"HK", "NEW TERRITORIES", "New Territories"},
	}
	for _, tc := range tests {
		c, ok, err := lookupCountry(tc.country)
		require.NoError(t, err)
		require.True(t, ok, tc.country)
		got, found := c.regions.lookup(tc.in)
		require.True(t, found, "%s %q", tc.country, tc.in)
		require.Equal(t, tc.want, got, "%s %q", tc.country, tc.in)
	}
	for _, tc := range []struct{ country, in string }{
		{"US", "Calif."}, {"US", "GB-LND"}, {"JP", "東京"}, {"CN", "Canton"}, {"CA", "Q"}, {"US", ""},
	} {
		c, _, _ := lookupCountry(tc.country)
		_, found := c.regions.lookup(tc.in)
		require.False(t, found, "%s %q", tc.country, tc.in)
	}
}

// TestRegionAmbiguity builds a country where two subdivisions share a name:
// the shared name must match neither, while the keys still work, and a name
// an earlier column owns stays with its owner.
func TestRegionAmbiguity(t *testing.T) {
	tbl, err := parseCountries([]byte(`{"XX":{"sub_keys":"N~S~W","sub_names":"Springfield~Springfield~North",
		"sub_lnames":"Alpha~Beta~Gamma"}}`))
	require.NoError(t, err)
	x := tbl["XX"].regions
	for in, want := range map[string]string{"n": "N", "s": "S", "alpha": "N", "beta": "S", "north": "W"} {
		got, ok := x.lookup(in)
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
	}
	_, ok := x.lookup("springfield")
	require.False(t, ok)
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"São Paulo": "sao paulo", "Sa\u0303o  Paulo": "sao paulo", "QUÉBEC": "quebec",
		"臺北市": "台北市", "Tokyo\u3000To": "tokyo to", "दिल्ली": "दिल्ली", "서울": "서울",
	} {
		require.Equal(t, string(fold(nil, want)), string(fold(nil, in)), in)
	}
	require.Equal(t, "sao paulo", string(fold(nil, "São Paulo")))
}
