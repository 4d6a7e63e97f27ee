package rate

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestShipAndDeliveryDates(t *testing.T) {
	c := example(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, berlin) }
	cases := []struct {
		name        string
		ready       time.Time
		postcode    string
		ship, deliv Date
	}{
		{"before cut-off ships today", at(2026, 12, 7, 10, 0), "10115", Date{2026, 12, 7}, Date{2026, 12, 9}},
		{"at the cut-off ships tomorrow", at(2026, 12, 7, 15, 0), "10115", Date{2026, 12, 8}, Date{2026, 12, 10}},
		{"cut-off in Berlin time, not UTC", time.Date(2026, 12, 7, 14, 30, 0, 0, time.UTC), "10115", Date{2026, 12, 8}, Date{2026, 12, 10}},
		{"summer time offset", time.Date(2027, 3, 29, 12, 59, 0, 0, time.UTC), "10115", Date{2027, 3, 29}, Date{2027, 3, 31}},
		{"friday after cut-off ships monday", at(2026, 12, 11, 16, 0), "60311", Date{2026, 12, 14}, Date{2026, 12, 15}},
		{"saturday ships monday", at(2026, 12, 12, 9, 0), "60311", Date{2026, 12, 14}, Date{2026, 12, 15}},
		{"holiday is no pickup day", at(2026, 12, 24, 16, 0), "60311", Date{2026, 12, 28}, Date{2026, 12, 29}},
		{"holidays and weekend are no transit days", at(2026, 12, 23, 9, 0), "10115", Date{2026, 12, 23}, Date{2026, 12, 28}},
		{"friday transit lands monday", at(2026, 12, 11, 9, 0), "60311", Date{2026, 12, 11}, Date{2026, 12, 14}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := c.Quote(Request{Origin: "DE-FRA1", To: Destination{"DE", tc.postcode}, Ready: tc.ready,
				Parcels: []Parcel{{500, 100, 100, 100}}}, "eco")
			require.NoError(t, err)
			require.Equal(t, tc.ship, q.ShipDate)
			require.Equal(t, tc.deliv, q.DeliveryDate)
		})
	}
}

func TestDateText(t *testing.T) {
	d, err := ParseDate("2026-02-28")
	require.NoError(t, err)
	require.Equal(t, Date{2026, 3, 1}, d.AddDays(1))
	require.Equal(t, "2026-02-28", d.String())
	require.Equal(t, 2, d.DaysUntil(Date{2026, 3, 2}))
	var back Date
	require.NoError(t, back.UnmarshalText([]byte("2026-02-28")))
	require.Equal(t, d, back)
	require.Error(t, back.UnmarshalText([]byte("28.02.2026")))
}
