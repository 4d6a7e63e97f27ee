package httpcarrier

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/sim"
	"github.com/waybill/waybill/internal/ship/rate"
)

const apiKey = "pw_live_s3cr3t_key"

// rig is a Parcelway simulator served over real HTTP and a client of it.
type rig struct {
	sim    *sim.Server
	client *Client
	url    string
	logs   *bytes.Buffer
}

func setup(t *testing.T, edit ...func(*Config)) rig {
	t.Helper()
	// Monday 7 December 2026, 09:00 in Newark.
	s, err := sim.New(sim.Config{APIKey: apiKey, Clock: clock.NewFixed(time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC))})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	logs := &bytes.Buffer{}
	cfg := Config{Code: "parcelway", BaseURL: srv.URL, APIKey: apiKey, Timeout: 300 * time.Millisecond,
		MaxAttempts: 3, Backoff: 5 * time.Millisecond, MaxBackoff: 2 * time.Second,
		Logger: slog.New(slog.NewJSONHandler(logs, nil))}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NotContains(t, logs.String(), apiKey, "the API key reached the log") })
	return rig{sim: s, client: c, url: srv.URL, logs: logs}
}

var newark = address.Address{Name: "Newark Fulfilment Centre", Line1: "200 Doremus Ave", City: "Newark", Region: "NJ", PostalCode: "07105", Country: "US"}
var sanFrancisco = address.Address{Name: "Grace Hopper", Line1: "1 Market St", City: "San Francisco", Region: "CA", PostalCode: "94105", Country: "US"}

func booking(key string, to address.Address) ship.CreateRequest {
	return ship.CreateRequest{IdempotencyKey: key, Service: "saver", Origin: "US-EWR1", From: newark, To: to, OrderRef: "WB-1001",
		Parcels: []ship.CreateParcel{
			{Reference: "00012345600000000017", WeightG: 1500, LengthMM: 330, WidthMM: 210, HeightMM: 120, DeclaredValue: 4999, Currency: "USD"},
			{Reference: "00012345600000000024", WeightG: 700, LengthMM: 250, WidthMM: 200, HeightMM: 100},
		}}
}

func TestRateOverHTTP(t *testing.T) {
	r := setup(t)
	quotes, err := r.client.Rate(context.Background(), ship.RateRequest{Origin: "US-EWR1", From: newark, To: sanFrancisco,
		Ready: time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC), Parcels: []rate.Parcel{{WeightG: 1500, LengthMM: 330, WidthMM: 210, HeightMM: 120}}})
	require.NoError(t, err)
	require.Len(t, quotes, 2)
	data, err := sim.Parcelway()
	require.NoError(t, err)
	for _, q := range quotes {
		want, err := data.Quote(rate.Request{Origin: "US-EWR1", To: rate.Destination{Country: "US", PostalCode: "94105"},
			Ready: time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC), Parcels: []rate.Parcel{{WeightG: 1500, LengthMM: 330, WidthMM: 210, HeightMM: 120}}}, q.Service)
		require.NoError(t, err)
		require.Equal(t, "parcelway", q.Carrier)
		require.Equal(t, want.Total, q.Total)
		require.Equal(t, want.Fuel, q.Fuel)
		require.Equal(t, want.DeliveryDate, q.DeliveryDate)
		require.Equal(t, rate.Date{Year: 2026, Month: 12, Day: 7}, q.ShipDate)
	}
}

func TestCreateTimesOutThenSucceedsOnRetryWithOneShipment(t *testing.T) {
	r := setup(t)
	r.sim.Inject(sim.Fault{Delay: 2 * time.Second}) // booked, but the answer comes after the client gave up
	got, err := r.client.Create(context.Background(), booking("order-1001-attempt-1", sanFrancisco))
	require.NoError(t, err)
	require.Equal(t, 2, r.sim.Requests(), "one timed-out attempt, one retry")
	shipments := r.sim.Shipments()
	require.Len(t, shipments, 1, "the retry must not book twice")
	require.Equal(t, got.ShipmentID, shipments[0].ID)
	require.Equal(t, shipments[0].TrackingNumbers, []string{got.Parcels[0].TrackingNumber, got.Parcels[1].TrackingNumber})
	require.Equal(t, "00012345600000000024", got.Parcels[1].Reference)
	require.Regexp(t, `^Z8/US941$`, got.Parcels[0].RoutingCode)
	require.Contains(t, r.logs.String(), "retrying")
}

func TestCreateServerErrors(t *testing.T) {
	t.Run("5xx retried then unavailable", func(t *testing.T) {
		r := setup(t)
		r.sim.Inject(sim.Fault{Status: 500}, sim.Fault{Status: 503}, sim.Fault{Status: 502})
		_, err := r.client.Create(context.Background(), booking("k-5xx", sanFrancisco))
		require.True(t, errs.Is(err, errs.Unavailable), "%v", err)
		require.Equal(t, 3, r.sim.Requests())
		require.Empty(t, r.sim.Shipments())
	})
	t.Run("503 and 408 then success", func(t *testing.T) {
		r := setup(t)
		r.sim.Inject(sim.Fault{Status: 503}, sim.Fault{Status: 408})
		_, err := r.client.Create(context.Background(), booking("k-503", sanFrancisco))
		require.NoError(t, err)
		require.Len(t, r.sim.Shipments(), 1)
	})
	t.Run("429 waits for Retry-After", func(t *testing.T) {
		r := setup(t)
		r.sim.Inject(sim.Fault{Status: 429, RetryAfter: time.Second})
		start := time.Now()
		_, err := r.client.Create(context.Background(), booking("k-429", sanFrancisco))
		require.NoError(t, err)
		require.GreaterOrEqual(t, time.Since(start), time.Second)
		require.Len(t, r.sim.Shipments(), 1)
	})
	t.Run("Retry-After beyond patience gives up at once", func(t *testing.T) {
		r := setup(t, func(c *Config) { c.MaxRetryAfter = time.Second })
		r.sim.Inject(sim.Fault{Status: 429, RetryAfter: time.Hour})
		_, err := r.client.Create(context.Background(), booking("k-429-long", sanFrancisco))
		require.True(t, errs.Is(err, errs.Unavailable), "%v", err)
		require.Equal(t, 1, r.sim.Requests())
	})
	t.Run("broken JSON retried, one shipment", func(t *testing.T) {
		r := setup(t)
		r.sim.Inject(sim.Fault{Malformed: true})
		got, err := r.client.Create(context.Background(), booking("k-malformed", sanFrancisco))
		require.NoError(t, err)
		require.Len(t, r.sim.Shipments(), 1)
		require.Equal(t, r.sim.Shipments()[0].ID, got.ShipmentID)
	})
	t.Run("broken JSON every time is unavailable", func(t *testing.T) {
		r := setup(t)
		r.sim.Inject(sim.Fault{Malformed: true}, sim.Fault{Malformed: true}, sim.Fault{Malformed: true})
		_, err := r.client.Rate(context.Background(), ship.RateRequest{Origin: "US-EWR1", To: sanFrancisco,
			Parcels: []rate.Parcel{{WeightG: 100, LengthMM: 100, WidthMM: 100, HeightMM: 100}}})
		require.True(t, errs.Is(err, errs.Unavailable), "%v", err)
		require.Equal(t, 3, r.sim.Requests())
	})
}

func TestCreateRefusalsNameTheField(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(*ship.CreateRequest)
		fields []string
	}{
		{"postcode in no zone", func(r *ship.CreateRequest) { r.To.PostalCode = "00501" }, []string{"to.postal_code"}},
		{"alaska is excluded", func(r *ship.CreateRequest) { r.To.PostalCode = "99501" }, []string{"to.postal_code"}},
		{"street missing, renamed to our field", func(r *ship.CreateRequest) { r.To.Line1 = "" }, []string{"to.line1"}},
		{"too heavy", func(r *ship.CreateRequest) { r.Parcels[1].WeightG = 30000 }, []string{"parcels[1].weight_g"}},
		{"unknown service", func(r *ship.CreateRequest) { r.Service = "teleport" }, []string{"service"}},
		{"reference too long", func(r *ship.CreateRequest) { r.OrderRef = strings.Repeat("x", 65) }, []string{"order_ref"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := setup(t)
			req := booking("k-"+tc.name, sanFrancisco)
			tc.edit(&req)
			_, err := r.client.Create(context.Background(), req)
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
			var got []string
			for _, f := range errs.FieldsOf(err) {
				got = append(got, f.Path)
			}
			require.Equal(t, tc.fields, got, "%v", err)
			require.Equal(t, 1, r.sim.Requests(), "a 4xx is not retried")
			require.Empty(t, r.sim.Shipments())
		})
	}
}

func TestWrongAPIKey(t *testing.T) {
	r := setup(t, func(c *Config) { c.APIKey = "pw_live_wrong_key" })
	_, err := r.client.Create(context.Background(), booking("k-401", sanFrancisco))
	require.True(t, errs.Is(err, errs.Unavailable), "%v", err)
	require.Contains(t, err.Error(), "API key")
	require.NotContains(t, err.Error(), "pw_live_wrong_key")
	require.Equal(t, 1, r.sim.Requests(), "a 401 is not retried")
	require.Equal(t, "[redacted]", fmt.Sprint(r.client.cfg.APIKey))
	require.NotContains(t, fmt.Sprintf("%+v", r.client.cfg), "pw_live_wrong_key")
}

func TestIdempotentReplayAndConflict(t *testing.T) {
	r := setup(t)
	ctx := context.Background()
	first, err := r.client.Create(ctx, booking("order-1001", sanFrancisco))
	require.NoError(t, err)
	again, err := r.client.Create(ctx, booking("order-1001", sanFrancisco))
	require.NoError(t, err)
	require.Equal(t, first, again)
	require.Len(t, r.sim.Shipments(), 1)

	other := booking("order-1001", sanFrancisco)
	other.Parcels[0].WeightG = 1600
	_, err = r.client.Create(ctx, other)
	require.True(t, errs.Is(err, errs.Conflict), "%v", err)
	require.Equal(t, "idempotency_key", errs.FieldsOf(err)[0].Path)
	require.Len(t, r.sim.Shipments(), 1)
}

func TestVoidAndManifest(t *testing.T) {
	r := setup(t)
	ctx := context.Background()
	day := rate.Date{Year: 2026, Month: 12, Day: 7}
	var booked []ship.Created
	for i := range 3 {
		c, err := r.client.Create(ctx, booking(fmt.Sprintf("order-%d", i), sanFrancisco))
		require.NoError(t, err)
		booked = append(booked, c)
	}
	require.NoError(t, r.client.Void(ctx, ship.VoidRequest{ShipmentID: booked[2].ShipmentID}))
	require.NoError(t, r.client.Void(ctx, ship.VoidRequest{ShipmentID: booked[2].ShipmentID}), "voiding twice is harmless")
	status, err := r.client.Status(ctx, booked[2].ShipmentID)
	require.NoError(t, err)
	require.Equal(t, "voided", status)
	require.True(t, errs.Is(r.client.Void(ctx, ship.VoidRequest{ShipmentID: "shp_999999"}), errs.NotFound))
	_, err = r.client.Status(ctx, "shp_999999")
	require.True(t, errs.Is(err, errs.NotFound))

	// A voided shipment cannot go on the manifest, and the field says which.
	_, err = r.client.Manifest(ctx, ship.ManifestRequest{Origin: "US-EWR1", Date: day,
		Shipments: []ship.ManifestShipment{{ShipmentID: booked[0].ShipmentID}, {ShipmentID: booked[2].ShipmentID}}})
	require.True(t, errs.Is(err, errs.Invalid), "%v", err)
	require.Equal(t, "shipments[1].shipment_id", errs.FieldsOf(err)[0].Path)

	// The close's answer is lost once; the retry gets the same manifest.
	r.sim.Inject(sim.Fault{Delay: time.Second})
	req := ship.ManifestRequest{Origin: "US-EWR1", Date: day,
		Shipments: []ship.ManifestShipment{{ShipmentID: booked[0].ShipmentID}, {ShipmentID: booked[1].ShipmentID}}}
	m, err := r.client.Manifest(ctx, req)
	require.NoError(t, err)
	require.Equal(t, "parcelway", m.Carrier)
	require.Equal(t, day, m.Date)
	require.Equal(t, 4, m.Parcels)
	require.Equal(t, []ship.ManifestShipment{
		{ShipmentID: booked[0].ShipmentID, TrackingNumbers: []string{booked[0].Parcels[0].TrackingNumber, booked[0].Parcels[1].TrackingNumber}},
		{ShipmentID: booked[1].ShipmentID, TrackingNumbers: []string{booked[1].Parcels[0].TrackingNumber, booked[1].Parcels[1].TrackingNumber}},
	}, m.Shipments)
	again, err := r.client.Manifest(ctx, req)
	require.NoError(t, err)
	require.Equal(t, m.ID, again.ID)

	err = r.client.Void(ctx, ship.VoidRequest{ShipmentID: booked[0].ShipmentID})
	require.True(t, errs.Is(err, errs.Conflict), "too late to void: %v", err)
	for _, s := range r.sim.Shipments()[:2] {
		require.Equal(t, "manifested", s.Status)
	}
}

func TestOversizedAnswerIsNotRead(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"rates":[` + strings.Repeat(`{"service":"x"},`, MaxResponse/10) + `]}`))
	}))
	defer srv.Close()
	c, err := New(Config{Code: "huge", BaseURL: srv.URL, APIKey: "k", MaxAttempts: 2, Backoff: time.Millisecond})
	require.NoError(t, err)
	_, err = c.Rate(context.Background(), ship.RateRequest{Origin: "US-EWR1", To: sanFrancisco})
	require.True(t, errs.Is(err, errs.Unavailable), "%v", err)
	require.Contains(t, err.Error(), "over")
	require.Equal(t, 2, calls)
}

func TestCallerCancelStopsRetries(t *testing.T) {
	r := setup(t, func(c *Config) { c.MaxAttempts = 10; c.Backoff = time.Second })
	r.sim.Inject(sim.Fault{Status: 503}, sim.Fault{Status: 503})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := r.client.Create(ctx, booking("k-cancel", sanFrancisco))
	require.True(t, errs.Is(err, errs.Unavailable), "%v", err)
	require.Equal(t, 1, r.sim.Requests())
}

func TestNewRefusesBadConfig(t *testing.T) {
	for _, cfg := range []Config{{BaseURL: "http://x", APIKey: "k"}, {Code: "c", BaseURL: "http://x"}, {Code: "c", APIKey: "k", BaseURL: "ftp://x"}, {Code: "c", APIKey: "k", BaseURL: "/relative"}} {
		_, err := New(cfg)
		require.Error(t, err)
	}
}
