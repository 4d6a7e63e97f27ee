package table

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/ship/rate"
)

// TestDemoCarriersServeTheDemoWarehouses checks the demo data against the
// demo's four warehouses and the places they serve: every destination gets
// an economy and an express offer, express arrives no later, and the
// prices are in the range a shopper of 2026 would recognise.
func TestDemoCarriersServeTheDemoWarehouses(t *testing.T) {
	carriers, err := Demo()
	require.NoError(t, err)
	require.Len(t, carriers, 4)
	ready := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC) // a Tuesday morning in Europe and the Americas
	cases := []struct {
		origin   string
		to       rate.Destination
		currency string
		lo, hi   int64 // economy price of a 1.5 kg shoebox, minor units
	}{
		{"US-EWR1", rate.Destination{Country: "US", PostalCode: "10001"}, "USD", 900, 2000},
		{"US-EWR1", rate.Destination{Country: "US", PostalCode: "94105"}, "USD", 1200, 2500},
		{"DE-FRA1", rate.Destination{Country: "DE", PostalCode: "10115"}, "EUR", 500, 900},
		{"DE-FRA1", rate.Destination{Country: "FR", PostalCode: "75001"}, "EUR", 1400, 2200},
		{"DE-FRA1", rate.Destination{Country: "GB", PostalCode: "SW1A 1AA"}, "EUR", 1700, 2600},
		{"CN-SHA1", rate.Destination{Country: "CN", PostalCode: "100000"}, "CNY", 1000, 2500},
		{"CN-SHA1", rate.Destination{Country: "CN", PostalCode: "200120"}, "CNY", 800, 1500},
		{"BR-GRU1", rate.Destination{Country: "BR", PostalCode: "01310-100"}, "BRL", 1900, 3500},
		{"BR-GRU1", rate.Destination{Country: "BR", PostalCode: "30130-010"}, "BRL", 2500, 4500},
	}
	for _, tc := range cases {
		t.Run(tc.origin+" "+tc.to.Country+" "+tc.to.PostalCode, func(t *testing.T) {
			req := rate.Request{Origin: tc.origin, To: tc.to, Ready: ready,
				Parcels: []rate.Parcel{{WeightG: 1500, LengthMM: 330, WidthMM: 210, HeightMM: 120}}}
			var eco, exp *rate.Quote
			for _, c := range carriers {
				quotes, _, err := c.Quotes(req)
				require.NoError(t, err)
				for i, q := range quotes {
					require.Equal(t, tc.currency, q.Currency)
					switch q.Speed {
					case "economy":
						eco = &quotes[i]
					case "express":
						exp = &quotes[i]
					}
				}
			}
			require.NotNil(t, eco, "an economy offer")
			require.NotNil(t, exp, "an express offer")
			require.GreaterOrEqual(t, eco.Total, tc.lo)
			require.LessOrEqual(t, eco.Total, tc.hi)
			require.Greater(t, exp.Total, eco.Total)
			require.False(t, eco.DeliveryDate.Before(exp.DeliveryDate), "express is not slower")
			ch, err := rate.Shop(carriers, req, rate.Policy{Promise: exp.DeliveryDate})
			require.NoError(t, err)
			require.True(t, ch.Chosen.OnTime)
		})
	}
}
