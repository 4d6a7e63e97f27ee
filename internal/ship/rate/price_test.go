package rate

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/errs"
)

func TestQuoteBreakdown(t *testing.T) {
	c := example(t)
	cases := []struct {
		name    string
		service string
		to      Destination
		parcel  Parcel
		want    ParcelPrice
		zone    string
	}{
		{"dimensional weight sets the break", "eco", Destination{"DE", "60549"}, Parcel{1000, 300, 200, 100},
			ParcelPrice{ActualG: 1000, DimensionalG: 1200, ChargeableG: 1200, Base: 600, Fuel: 60, Total: 660}, "NEAR"},
		{"actual weight sets the break", "eco", Destination{"DE", "10115"}, Parcel{4000, 300, 200, 100},
			ParcelPrice{ActualG: 4000, DimensionalG: 1200, ChargeableG: 4000, Base: 700, Fuel: 70, Total: 770}, "DOM"},
		{"remote postcode, spaced", "eco", Destination{"DE", "185 65"}, Parcel{500, 100, 100, 100},
			ParcelPrice{ActualG: 500, DimensionalG: 200, ChargeableG: 500, Base: 500, Remote: 300, Fuel: 80, Total: 880}, "DOM"},
		{"oversize on the longest side", "eco", Destination{"DE", "10115"}, Parcel{2000, 200, 1100, 300},
			ParcelPrice{ActualG: 2000, DimensionalG: 13200, ChargeableG: 13200, Base: 1200, Oversize: 2000, Fuel: 320, Total: 3520}, "DOM"},
		{"range zone", "eco", Destination{"AT", "1010"}, Parcel{800, 100, 100, 100},
			ParcelPrice{ActualG: 800, DimensionalG: 200, ChargeableG: 800, Base: 1200, Fuel: 120, Total: 1320}, "EU"},
		{"break boundary is inclusive", "exp", Destination{"FR", "75001"}, Parcel{1000, 100, 100, 100},
			ParcelPrice{ActualG: 1000, DimensionalG: 200, ChargeableG: 1000, Base: 3000, Total: 3000}, "EU"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := c.Quote(Request{Origin: "DE-FRA1", To: tc.to, Parcels: []Parcel{tc.parcel}}, tc.service)
			require.NoError(t, err)
			require.Equal(t, tc.zone, q.Zone)
			require.Equal(t, []ParcelPrice{tc.want}, q.Parcels)
			require.Equal(t, tc.want.Total, q.Total)
			require.Equal(t, "EUR", q.Currency)
		})
	}
}

func TestQuoteShipmentSumsParcels(t *testing.T) {
	c := example(t)
	q, err := c.Quote(Request{Origin: "DE-FRA1", To: Destination{"DE", "18565"}, Parcels: []Parcel{
		{1000, 300, 200, 100}, {500, 100, 100, 100}}}, "eco")
	require.NoError(t, err)
	require.Equal(t, int64(700+500), q.Base)
	require.Equal(t, int64(600), q.Remote)
	require.Equal(t, int64(100+80), q.Fuel)
	require.Equal(t, int64(1100+880), q.Total)
	require.Equal(t, int64(1200+500), q.ChargeableG)
}

func TestQuoteRefusals(t *testing.T) {
	c := example(t)
	small := Parcel{1000, 100, 100, 100}
	cases := []struct {
		name    string
		service string
		origin  string
		to      Destination
		parcels []Parcel
		code    string
		parcel  int
	}{
		{"too heavy", "eco", "DE-FRA1", Destination{"DE", "10115"}, []Parcel{small, {25000, 100, 100, 100}}, RefusedTooHeavy, 1},
		{"dimensional weight beyond the card", "exp", "DE-FRA1", Destination{"DE", "10115"}, []Parcel{{1000, 900, 400, 200}}, RefusedTooHeavy, 0},
		{"too long", "eco", "DE-FRA1", Destination{"DE", "10115"}, []Parcel{{1000, 1300, 100, 100}}, RefusedTooBig, 0},
		{"length plus girth", "eco", "DE-FRA1", Destination{"DE", "10115"}, []Parcel{{1000, 1100, 500, 500}}, RefusedTooBig, 0},
		{"excluded destination", "eco", "DE-FRA1", Destination{"FR", "20000"}, []Parcel{small}, RefusedExcluded, -1},
		{"no zone", "eco", "DE-FRA1", Destination{"AT", "6020"}, []Parcel{small}, RefusedNoZone, -1},
		{"no zone for the country", "exp", "DE-FRA1", Destination{"AT", "1010"}, []Parcel{small}, RefusedNoZone, -1},
		{"no origin", "eco", "US-EWR1", Destination{"DE", "10115"}, []Parcel{small}, RefusedNoOrigin, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Quote(Request{Origin: tc.origin, To: tc.to, Parcels: tc.parcels}, tc.service)
			var r *Refusal
			require.True(t, errors.As(err, &r), "%v", err)
			require.Equal(t, tc.code, r.Code, r.Message)
			require.Equal(t, tc.parcel, r.Parcel)
		})
	}
}

func TestQuoteRefusesMalformedRequests(t *testing.T) {
	c := example(t)
	_, err := c.Quote(Request{To: Destination{"de", ""}, Parcels: []Parcel{{0, 1, 1, 20000}}}, "eco")
	require.True(t, errs.Is(err, errs.Invalid))
	var paths []string
	for _, f := range errs.FieldsOf(err) {
		paths = append(paths, f.Path)
	}
	require.ElementsMatch(t, []string{"origin", "to.country", "parcels[0].weight_g", "parcels[0].height_mm"}, paths)
	_, err = c.Quote(Request{Origin: "DE-FRA1", To: Destination{"DE", "1"}, Parcels: []Parcel{{1, 1, 1, 1}}}, "warp")
	require.Equal(t, "service", errs.FieldsOf(err)[0].Path)
}

func TestPriceFunc(t *testing.T) {
	c := example(t)
	price := c.PriceFunc("eco", "DE-FRA1", Destination{Country: "DE", PostalCode: "60549"})
	got, ok := price(Parcel{WeightG: 1000, LengthMM: 300, WidthMM: 200, HeightMM: 100})
	require.True(t, ok)
	require.Equal(t, int64(660), got)
	_, ok = price(Parcel{WeightG: 25000, LengthMM: 300, WidthMM: 200, HeightMM: 100})
	require.False(t, ok)
}

func TestQuoteRefusesUnparsedData(t *testing.T) {
	c := example(t)
	raw := Carrier{Code: c.Code, Currency: c.Currency, Services: c.Services} // as json.Unmarshal would make it
	_, err := raw.Quote(Request{Origin: "DE-FRA1", To: Destination{"DE", "10115"}, Ready: mondayMorning,
		Parcels: []Parcel{{1000, 100, 100, 100}}}, "eco")
	require.True(t, errs.Is(err, errs.Internal), "%v", err)
}
