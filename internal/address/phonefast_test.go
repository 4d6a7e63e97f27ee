package address

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/require"
)

// phoneInputs is many varied phone inputs: every region's example numbers
// of every type, written in E.164, international and national form, with
// digits changed, dropped and added, with other separators, and random
// digit strings, each paired with its own region, another one and none.
func phoneInputs(seed uint64) [][2]string {
	rnd := rand.New(rand.NewPCG(seed, 15))
	var regions []string
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	types := []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
		phonenumbers.PREMIUM_RATE, phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER,
		phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL}
	var out [][2]string
	add := func(s, own string) {
		other := regions[rnd.IntN(len(regions))]
		out = append(out, [2]string{s, own}, [2]string{s, other}, [2]string{s, ""})
	}
	mutate := func(s string) string {
		b := []byte(s)
		i := rnd.IntN(len(b))
		switch rnd.IntN(4) {
		case 0:
			if b[i] >= '0' && b[i] <= '9' {
				b[i] = byte('0' + rnd.IntN(10))
			}
		case 1:
			b = slices.Delete(b, i, i+1)
		case 2:
			b = slices.Insert(b, i, byte('0'+rnd.IntN(10)))
		case 3:
			b = slices.Insert(b, i, " -+"[rnd.IntN(3)])
		}
		return string(b)
	}
	for _, r := range regions {
		for _, typ := range types {
			n := phonenumbers.GetExampleNumberForType(r, typ)
			if n == nil {
				continue
			}
			forms := []string{
				phonenumbers.Format(n, phonenumbers.E164),
				phonenumbers.Format(n, phonenumbers.INTERNATIONAL),
				phonenumbers.Format(n, phonenumbers.NATIONAL),
				phonenumbers.GetNationalSignificantNumber(n),
				strings.ReplaceAll(phonenumbers.Format(n, phonenumbers.INTERNATIONAL), " ", "-"),
			}
			for _, f := range forms {
				add(f, r)
				for range 6 {
					add(mutate(f), r)
				}
			}
		}
	}
	for range 20000 {
		var b strings.Builder
		if rnd.IntN(2) == 0 {
			b.WriteByte('+')
		}
		for range 5 + rnd.IntN(13) {
			b.WriteByte(byte('0' + rnd.IntN(10)))
			if rnd.IntN(6) == 0 {
				b.WriteByte(" -"[rnd.IntN(2)])
			}
		}
		add(b.String(), regions[rnd.IntN(len(regions))])
	}
	return out
}

// The fast path answers exactly as the parser does: the same accepted
// numbers in the same E.164 form, the same refusals with the same words.
func TestFastPhoneMatchesParser(t *testing.T) {
	inputs := phoneInputs(1)
	if testing.Short() {
		// The race leg (-short): every 16th input still crosses every path
		// for the detector; all of them run in the full leg.
		var some [][2]string
		for i := 0; i < len(inputs); i += 16 {
			some = append(some, inputs[i])
		}
		inputs = some
	}
	fast := 0
	for _, in := range inputs {
		raw, country := in[0], in[1]
		slow, slowErr := parsePhone(strings.TrimSpace(raw), country)
		if got, ok := fastPhone(strings.TrimSpace(raw), country); ok {
			fast++
			require.NoError(t, slowErr, "%q %q: fast path accepted %s", raw, country, got)
			require.Equal(t, slow, got, "%q %q", raw, country)
		}
		got, err := NormalizePhone(raw, country) // every region here is supported, or ""
		require.Equal(t, slowErr, err, "%q %q", raw, country)
		require.Equal(t, slow, got, "%q %q", raw, country)
	}
	t.Logf("%d inputs, %d answered by the fast path", len(inputs), fast)
	require.Greater(t, fast, len(inputs)/10, "the fast path takes the common forms")
}

// The forms intake sees most take the fast path.
func TestFastPhoneTakesCommonForms(t *testing.T) {
	for _, tc := range []struct{ raw, country, want string }{
		{"+16502530000", "US", "+16502530000"},
		{"+1 650 253 0000", "", "+16502530000"},
		{"+86 138-1234-5678", "CN", "+8613812345678"},
		{"138 1234 5678", "CN", "+8613812345678"},
		{"+442079460958", "GB", "+442079460958"},
		{"+819012345678", "JP", "+819012345678"},
	} {
		got, ok := fastPhone(tc.raw, tc.country)
		require.True(t, ok, "%q %s", tc.raw, tc.country)
		require.Equal(t, tc.want, got)
	}
	for _, tc := range [][2]string{{"07400 123456", "GB"}, {"0086 13812345678", "CN"}, {"(650) 253-0000", "US"}, {"+1 650-253-0000 ext. 12", "US"}} {
		_, ok := fastPhone(tc[0], tc[1])
		require.False(t, ok, "%q %s is the parser's", tc[0], tc[1])
	}
}

// BenchmarkNormalizePhoneParser is BenchmarkNormalizePhone through the
// parser alone, the cost before the fast path.
func BenchmarkNormalizePhoneParser(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parsePhone("138 1234 5678", "CN"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizePhoneE164 is the form integrations send (and the intake
// benchmark's orders carry).
func BenchmarkNormalizePhoneE164(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NormalizePhone("+16502001234", "US"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizePhoneE164Parser is the same number through the parser.
func BenchmarkNormalizePhoneE164Parser(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parsePhone("+16502001234", "US"); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzFastPhone holds any number the fast path answers to the parser's
// answer.
func FuzzFastPhone(f *testing.F) {
	for _, s := range []string{"+16502530000", "+1 650-253-0000", "138 1234 5678", "+86 138-1234-5678", "0086 13812345678", "+800 1234 5678"} {
		f.Add(s, "US")
		f.Add(s, "CN")
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, raw, country string) {
		if !phonenumbers.GetSupportedRegions()[country] {
			country = ""
		}
		s := strings.TrimSpace(raw)
		if got, ok := fastPhone(s, country); ok {
			want, err := parsePhone(s, country)
			if err != nil || got != want {
				t.Fatalf("%q %q: fast %s, parser %s %v", raw, country, got, want, err)
			}
		}
	})
}
