package warehouse

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func TestCheckInput(t *testing.T) {
	cases := []struct {
		name   string
		modify func(*Input)
		want   []string
	}{
		{"valid", func(*Input) {}, nil},
		{"long name", func(in *Input) { in.Name = strings.Repeat("é", 201) }, []string{"name too_long"}},
		{"nul in city", func(in *Input) { in.Address.City = "Ber\x00lin" }, []string{"address.city invalid_format"}},
		{"missing address", func(in *Input) { in.Address = Address{} }, []string{
			"address.line1 required", "address.city required", "address.country required"}},
		{"reserved country", func(in *Input) { in.Address.Country = "UK" }, []string{"address.country unknown_value"}},
		{"nan longitude", func(in *Input) { in.Longitude = math.NaN() }, []string{"longitude out_of_range"}},
		{"cutoff without colon", func(in *Input) { in.CutoffTime = "1500" }, []string{"cutoff_time invalid_format"}},
		{"cutoff one digit hour", func(in *Input) { in.CutoffTime = "9:30" }, []string{"cutoff_time invalid_format"}},
		{"timezone path", func(in *Input) { in.Timezone = "../../etc/passwd" }, []string{"timezone unknown_value"}},
		{"utc is fine", func(in *Input) { in.Timezone = "UTC" }, nil},
		{"long code", func(in *Input) { in.Code = strings.Repeat("A", 33) }, []string{"code too_long"}},
		{"prefix with punctuation", func(in *Input) { in.RegionsServed[0].PostalPrefixes[0] = "1.0" }, []string{
			"regions_served[0].postal_prefixes[0] invalid_format"}},
		{"duplicate category", func(in *Input) { in.Categories = []string{"Toys", "toys", ""} }, []string{
			"categories[1] duplicate", "categories[2] required"}},
		{"too many regions", func(in *Input) { in.RegionsServed = make([]Region, 251) }, []string{"regions_served out_of_range"}},
	}
	for _, c := range cases {
		in := berlin()
		c.modify(&in)
		_, f := in.check()
		var got []string
		for _, e := range f {
			got = append(got, e.Path+" "+e.Code)
		}
		require.Equal(t, c.want, got, c.name)
	}
}

// FuzzCheckInput feeds arbitrary field values to the validator. It must not
// panic; what it accepts must satisfy the table's CHECK constraints (so the
// database never answers an input with a 500) and be a fixed point (checking
// the normalised input again changes nothing). Every problem names a field.
func FuzzCheckInput(f *testing.F) {
	f.Add("BER-1", "Berlin", "Str. 1", "Berlin", "DE", "10", "15:00", "Europe/Berlin", 52.5, 13.4)
	f.Add("", "", "", "", "", "", "", "", 0.0, 0.0)
	f.Add("ber 1", "x\x00", "\t", "Zürich", "ch", "80-1", "23:59", "America/Argentina/Buenos_Aires", -90.0, 180.0)
	f.Add("A", strings.Repeat("n", 201), "l", "c", "UK", "SW1A 1AA", "24:00", "Local", 91.0, -181.0)
	f.Fuzz(func(t *testing.T, code, name, line1, city, country, prefix, cutoff, tz string, lat, lon float64) {
		in := Input{Code: code, Name: name, Address: Address{Line1: line1, City: city, Country: country},
			Latitude: lat, Longitude: lon, CutoffTime: cutoff, Timezone: tz,
			RegionsServed: []Region{{Country: country, PostalPrefixes: []string{prefix}}}, Categories: []string{name}}
		out, fields := in.check()
		for _, e := range fields {
			if e.Path == "" || e.Code == "" || e.Message == "" {
				t.Fatalf("field error without path, code or message: %+v", e)
			}
		}
		if len(fields) > 0 {
			return
		}
		again, fields := out.check()
		require.Empty(t, fields, "normalised input must stay valid")
		require.Equal(t, out, again, "normalised input must be a fixed point")
		require.True(t, len(out.Code) >= 1 && len(out.Code) <= 32)
		require.True(t, utf8.RuneCountInString(out.Name) <= 200 && out.Name != "")
		require.Len(t, out.CutoffTime, 5)
		require.True(t, ValidCountry(out.Address.Country))
		require.LessOrEqual(t, len(out.RegionsServed[0].PostalPrefixes[0]), 10)
		require.NotContains(t, out.Name+out.Address.Line1+out.Address.City, "\x00")
	})
}
