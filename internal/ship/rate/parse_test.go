package rate

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/errs"
)

func TestParseExample(t *testing.T) {
	c := example(t)
	require.Equal(t, "acme", c.Code)
	require.Len(t, c.Services, 2)
	s, ok := c.Service("eco")
	require.True(t, ok)
	require.Equal(t, "Europe/Berlin", s.Origins[0].loc.String())
	require.True(t, s.holidays[Date{2026, 12, 25}])
	// Ranges and prefixes are kept normalised.
	require.Equal(t, "1000", s.Origins[0].Zones[3].Ranges[0].From)
}

func TestParseReportsEveryFieldByPath(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(map[string]any)
		paths []string
	}{
		{"rate break not rising", func(d map[string]any) {
			svc(d, 0)["rates"].([]any)[1].(map[string]any)["up_to_g"] = 500
		}, []string{"services[0].rates[1].up_to_g"}},
		{"negative weight break", func(d map[string]any) {
			svc(d, 1)["rates"].([]any)[0].(map[string]any)["up_to_g"] = -1
		}, []string{"services[1].rates[0].up_to_g"}},
		{"price falls with weight", func(d map[string]any) {
			svc(d, 0)["rates"].([]any)[2].(map[string]any)["prices"].(map[string]any)["EU"] = 100
		}, []string{"services[0].rates[2].prices.EU"}},
		{"zone without price", func(d map[string]any) {
			delete(svc(d, 1)["rates"].([]any)[0].(map[string]any)["prices"].(map[string]any), "EU")
		}, []string{"services[1].rates[0].prices"}},
		{"price for unknown zone", func(d map[string]any) {
			svc(d, 1)["rates"].([]any)[0].(map[string]any)["prices"].(map[string]any)["MARS"] = 1
		}, []string{"services[1].rates[0].prices.MARS"}},
		{"bad zone, cutoff, day", func(d map[string]any) {
			o := svc(d, 0)["origins"].([]any)[0].(map[string]any)
			o["time_zone"] = "Mars/Olympus"
			o["cutoff"] = "25:00"
			o["pickup_days"] = []any{"mon", "mon", "funday"}
		}, []string{"services[0].origins[0].time_zone", "services[0].origins[0].cutoff",
			"services[0].origins[0].pickup_days[1]", "services[0].origins[0].pickup_days[2]"}},
		{"range backwards and uneven", func(d map[string]any) {
			z := svc(d, 0)["origins"].([]any)[0].(map[string]any)["zones"].([]any)[3].(map[string]any)
			z["ranges"] = []any{map[string]any{"from": "5000", "to": "1000"}, map[string]any{"from": "10", "to": "200"}}
		}, []string{"services[0].origins[0].zones[3].ranges[0].to", "services[0].origins[0].zones[3].ranges[1].to"}},
		{"carrier fields", func(d map[string]any) {
			d["code"] = "Not A Code"
			d["currency"] = "euro"
			d["max_share_pct"] = 120
		}, []string{"code", "currency", "max_share_pct"}},
		{"service limits", func(d map[string]any) {
			s := svc(d, 1)
			s["code"] = "eco"
			s["speed"] = "warp"
			s["tracking_prefix"] = "E1"
			s["max_weight_g"] = 50000
		}, []string{"services[1].code", "services[1].speed", "services[1].tracking_prefix", "services[1].rates[1].up_to_g"}},
		{"surcharges", func(d map[string]any) {
			sc := svc(d, 0)["surcharges"].(map[string]any)
			sc["fuel_bp"] = 20000
			sc["remote"].(map[string]any)["areas"].([]any)[0].(map[string]any)["country"] = "Germany"
			sc["oversize"].(map[string]any)["side_mm"] = 5000
		}, []string{"services[0].surcharges.fuel_bp", "services[0].surcharges.remote.areas[0].country",
			"services[0].surcharges.oversize.side_mm"}},
		{"transit", func(d map[string]any) {
			svc(d, 1)["transit_days"] = map[string]any{"DOM": -1}
		}, []string{"services[1].transit_days.DOM", "services[1].transit_days"}},
		{"holiday", func(d map[string]any) {
			svc(d, 0)["holidays"] = []any{"2026-12-25", "Christmas"}
		}, []string{"services[0].holidays[1]"}},
		{"wrong type", func(d map[string]any) {
			svc(d, 0)["max_weight_g"] = "heavy"
		}, []string{"services.max_weight_g"}},
		{"unknown field", func(d map[string]any) {
			svc(d, 0)["colour"] = "red"
		}, []string{"colour"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := exampleWith(t, tc.edit)
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
			var got []string
			for _, f := range errs.FieldsOf(err) {
				got = append(got, f.Path)
			}
			require.ElementsMatch(t, tc.paths, got, "%v", err)
		})
	}
}

func TestParseRefusesOversizedAndMalformed(t *testing.T) {
	for name, doc := range map[string]string{
		"too big":    `{"code":"` + strings.Repeat("a", MaxDocument) + `"}`,
		"empty":      ``,
		"not json":   `{"code":`,
		"two values": `{} {}`,
		"array":      `[]`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseCarrier([]byte(doc))
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
		})
	}
}

func FuzzParseCarrier(f *testing.F) {
	data, err := os.ReadFile("testdata/example.json")
	require.NoError(f, err)
	f.Add(data)
	f.Add([]byte(`{"code":"x","services":[{"rates":[{"up_to_g":1e30}]}]}`))
	f.Add([]byte(`{"services":[{"origins":[{"zones":[{"country":"DE","ranges":[{"from":"9","to":"1"}]}]}]}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCarrier(data)
		if err != nil {
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
			return
		}
		// A carrier that parses prices without panicking.
		for i := range c.Services {
			_, _ = c.Quote(Request{Origin: "DE-FRA1", To: Destination{Country: "DE", PostalCode: "60549"},
				Parcels: []Parcel{{WeightG: 1000, LengthMM: 300, WidthMM: 200, HeightMM: 100}}}, c.Services[i].Code)
		}
	})
}
