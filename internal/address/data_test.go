package address

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

// TestDataLoads checks the embedded data as a whole, so a regenerated file
// that Go cannot use fails here rather than at the first order.
func TestDataLoads(t *testing.T) {
	tbl, err := table()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(tbl), 240, "every country and territory Google lists")
	for _, code := range []string{"CN", "TW", "HK", "US", "CA", "GB", "DE", "FR", "JP", "BR", "AU", "IN"} {
		require.Contains(t, tbl, code)
	}
	require.NotContains(t, tbl, "ZZ", "the defaults record is not a country")
}

// TestDataExamplesValidate runs every postal code example Google gives for a
// country through the country's own check: the pattern, the anchoring and
// the normalisation must all agree with the data's examples.
func TestDataExamplesValidate(t *testing.T) {
	tbl, err := table()
	require.NoError(t, err)
	checked := 0
	for code, c := range tbl {
		for _, ex := range c.zipExamples {
			var f errs.Fields
			got := c.checkPostal(&f, ex)
			require.Empty(t, f, "%s example %q", code, ex)
			require.Equal(t, strings.ToUpper(ex), strings.ToUpper(got), "%s example %q is stored as given", code, ex)
			checked++
		}
	}
	require.Greater(t, checked, 300)
}

// TestDataSubdivisionsFindThemselves looks every subdivision up by its key,
// which must always work, and counts the names that two subdivisions share.
func TestDataSubdivisionsFindThemselves(t *testing.T) {
	tbl, err := table()
	require.NoError(t, err)
	withRegions, ambiguous := 0, 0
	for code, c := range tbl {
		if c.regions.byName == nil {
			continue
		}
		withRegions++
		for _, key := range c.regions.keys {
			got, ok := c.regions.lookup(key)
			require.True(t, ok, "%s %q", code, key)
			require.Equal(t, key, got)
		}
		for _, i := range c.regions.byName {
			if i < 0 {
				ambiguous++
			}
		}
	}
	require.GreaterOrEqual(t, withRegions, 40)
	t.Logf("%d countries list subdivisions; %d names are shared and match none", withRegions, ambiguous)
}

func TestPostalPrefixesComeFromTheData(t *testing.T) {
	for code, want := range map[string][]string{"JP": {"〒"}, "CH": {"CH-", "CH-"}, "US": nil, "SE": {"SE-", "SE-"}} {
		c, ok, err := lookupCountry(code)
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, want, c.zipPrefixes, code)
	}
	for _, tc := range []struct{ country, in, want string }{
		{"CH", "CH-8001", "8001"}, {"SE", "se-114 55", "114 55"}, {"LV", "LV-1050", "LV-1050"},
		{"JP", "〒 150-0002", "150-0002"}, {"NL", "1012 ab", "1012 AB"},
	} {
		c, _, _ := lookupCountry(tc.country)
		var f errs.Fields
		require.Equal(t, tc.want, c.checkPostal(&f, tc.in), tc.country)
		require.Empty(t, f)
	}
}

func TestParseCountriesRefusesBrokenData(t *testing.T) {
	for _, bad := range []string{
		``, `[]`, `{"XX":{"zip":"("}}`,
		`{"XX":{"sub_keys":"A~B","sub_names":"a"}}`,
		`{"XX":{"sub_keys":"A~B","sub_lang_names":{"fr":"a~b~c"}}}`,
	} {
		_, err := parseCountries([]byte(bad))
		require.Error(t, err, bad)
	}
}
