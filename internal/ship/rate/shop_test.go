package rate

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/errs"
)

// mondayMorning is 10:00 in Frankfurt on Monday 7 December 2026: eco ships
// the same day and delivers Wednesday in zone DOM, express Tuesday.
var mondayMorning = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func shopReq(postcode string) Request {
	return Request{Origin: "DE-FRA1", To: Destination{"DE", postcode}, Ready: mondayMorning,
		Parcels: []Parcel{{1000, 200, 150, 100}}}
}

// beta is a second carrier like the sample, its prices scaled by pct per cent.
func beta(t *testing.T, pct int64) Carrier {
	c := example(t)
	c.Code, c.Name, c.MaxShare = "beta", "Beta", 0
	for i := range c.Services {
		for _, b := range c.Services[i].Rates {
			for z := range b.Prices {
				b.Prices[z] = b.Prices[z] * pct / 100
			}
		}
	}
	return c
}

func TestShopChoosesByPromise(t *testing.T) {
	cases := []struct {
		name, promise string
		chosen        string
		reason        string
		altReasons    []string
	}{
		{"no promise: cheapest", "", "acme/eco", ChosenCheapestOnTime, []string{NotChosenDearer}},
		{"promise wednesday: economy meets it", "2026-12-09", "acme/eco", ChosenCheapestOnTime, []string{NotChosenDearer}},
		{"promise tuesday: only express meets it", "2026-12-08", "acme/exp", ChosenCheapestOnTime, []string{NotChosenLate}},
		{"promise monday: nothing meets it, fastest", "2026-12-07", "acme/exp", ChosenFastest, []string{NotChosenLate}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var promise Date
			require.NoError(t, promise.UnmarshalText([]byte(tc.promise)))
			ch, err := Shop([]Carrier{example(t)}, shopReq("10115"), Policy{Promise: promise})
			require.NoError(t, err)
			require.NotNil(t, ch.Chosen)
			require.Equal(t, tc.chosen, ch.Chosen.Carrier+"/"+ch.Chosen.Service)
			require.Equal(t, tc.reason, ch.Chosen.Reason)
			var reasons []string
			for _, a := range ch.Alternatives {
				reasons = append(reasons, a.Reason)
			}
			require.Equal(t, tc.altReasons, reasons)
		})
	}
}

func TestShopRespectsAllocationShares(t *testing.T) {
	acme := example(t) // cap 60 %
	dearBeta := beta(t, 150)
	wed := Date{2026, 12, 9}
	period := map[string]int{"acme": 70, "beta": 30}

	ch, err := Shop([]Carrier{acme, dearBeta}, shopReq("10115"), Policy{Promise: wed, Period: period})
	require.NoError(t, err)
	require.Equal(t, "beta/eco", ch.Chosen.Carrier+"/"+ch.Chosen.Service, "acme is over its share, beta meets the promise")
	require.Contains(t, reasons(ch), "acme/eco:"+NotChosenOverShare)

	// Under its share acme wins on price again.
	ch, err = Shop([]Carrier{acme, dearBeta}, shopReq("10115"), Policy{Promise: wed, Period: map[string]int{"acme": 50, "beta": 50}})
	require.NoError(t, err)
	require.Equal(t, "acme/eco", ch.Chosen.Carrier+"/"+ch.Chosen.Service)

	// When only the capped carrier meets the promise, it still gets the parcel.
	noExp := beta(t, 150)
	noExp.Services = noExp.Services[:1]
	ch, err = Shop([]Carrier{acme, noExp}, shopReq("10115"), Policy{Promise: Date{2026, 12, 8}, Period: period})
	require.NoError(t, err)
	require.Equal(t, "acme/exp", ch.Chosen.Carrier+"/"+ch.Chosen.Service)
}

func TestShopNeverOffersRefusedServices(t *testing.T) {
	ch, err := Shop([]Carrier{example(t)}, Request{Origin: "DE-FRA1", To: Destination{"FR", "20000"}, Ready: mondayMorning,
		Parcels: []Parcel{{1000, 200, 150, 100}}}, Policy{})
	require.NoError(t, err)
	require.Equal(t, "exp", ch.Chosen.Service)
	require.Empty(t, ch.Alternatives)
	require.Equal(t, []Refusal{{Carrier: "acme", Service: "eco", Code: RefusedExcluded, Parcel: -1,
		Message: "Acme Economy does not deliver to FR 20000"}}, ch.Refused)

	ch, err = Shop([]Carrier{example(t)}, Request{Origin: "DE-FRA1", To: Destination{"AT", "6020"}, Ready: mondayMorning,
		Parcels: []Parcel{{1000, 200, 150, 100}}}, Policy{})
	require.NoError(t, err)
	require.Nil(t, ch.Chosen)
	require.Len(t, ch.Refused, 2)
}

func TestShopSetsApartOtherCurrencies(t *testing.T) {
	usd := beta(t, 10)
	usd.Currency = "USD"
	ch, err := Shop([]Carrier{example(t), usd}, shopReq("10115"), Policy{Currency: "EUR"})
	require.NoError(t, err)
	require.Equal(t, "acme", ch.Chosen.Carrier)
	require.Len(t, ch.Refused, 2)
	require.Equal(t, RefusedOtherCurrency, ch.Refused[0].Code)
}

func reasons(ch Choice) []string {
	var out []string
	for _, a := range ch.Alternatives {
		out = append(out, a.Carrier+"/"+a.Service+":"+a.Reason)
	}
	return out
}

func TestShopNeedsTheReadyMoment(t *testing.T) {
	req := shopReq("10115")
	req.Ready = time.Time{}
	_, err := Shop([]Carrier{example(t)}, req, Policy{})
	require.Equal(t, "ready", errs.FieldsOf(err)[0].Path)
	// Quotes without dates never count as meeting a promise.
	c := example(t)
	q, err := c.Quote(req, "eco")
	require.NoError(t, err)
	ch := Choose([]Quote{q}, 1, Policy{Promise: Date{2026, 12, 9}})
	require.False(t, ch.Chosen.OnTime)
	require.True(t, Choose([]Quote{q}, 1, Policy{}).Chosen.OnTime)
}

// TestChoiceKeepsThroughJSON checks that a choice survives the round trip
// through the ship store's JSON column unchanged, dates included.
func TestChoiceKeepsThroughJSON(t *testing.T) {
	ch, err := Shop([]Carrier{example(t)}, shopReq("18565"), Policy{Promise: Date{2026, 12, 9}})
	require.NoError(t, err)
	data, err := json.Marshal(ch)
	require.NoError(t, err)
	require.Contains(t, string(data), `"delivery_date":"2026-12-09"`)
	var back Choice
	require.NoError(t, json.Unmarshal(data, &back))
	require.Equal(t, ch, back)
}
