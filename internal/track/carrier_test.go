package track_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/httpcarrier"
	"github.com/waybill/waybill/internal/ship/carrier/sim"
	"github.com/waybill/waybill/internal/ship/rate"
	"github.com/waybill/waybill/internal/track"
)

const hookSecret = "whsec-parcelway"

// parcelway is the simulated external carrier Parcelway as a real HTTP
// service (Eastline's rates under the code parcelway), sending its signed
// webhooks to hook, and the client Waybill tracks it with.
func parcelway(t *testing.T, clk *clock.Fixed, hook string, polls bool) (*sim.Server, *httpcarrier.Client) {
	t.Helper()
	data, err := rate.ParseCarrier(flowtest.Eastline)
	require.NoError(t, err)
	data.Code, data.Name = "parcelway", "Parcelway"
	srv, err := sim.New(sim.Config{APIKey: "k3y", Data: data, Clock: clk, WebhookURL: hook, WebhookSecret: hookSecret, Seed: 3})
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	client, err := httpcarrier.New(httpcarrier.Config{Code: "parcelway", BaseURL: ts.URL, APIKey: "k3y", WebhookSecret: hookSecret,
		Polls: polls, Clock: clk, Timeout: time.Second, Backoff: time.Millisecond, MaxAttempts: 3})
	require.NoError(t, err)
	return srv, client
}

// newParcelwayRoute is the route with Parcelway as its only carrier: the
// table carrier Eastline is switched off.
func newParcelwayRoute(t *testing.T, d *db.DB, clk *clock.Fixed, hook string, polls bool) (*route, *sim.Server) {
	srv, client := parcelway(t, clk, hook, polls)
	k := newRoute(t, d, clk, client)
	_, err := k.Shipping.PutCarrier(flowtest.As(flowtest.Chief), flowtest.Eastline, false)
	require.NoError(t, err)
	return k, srv
}

// Parcelway's signed webhooks, delivered twice and shuffled, reach the
// served endpoint: each event is kept once and the order is delivered; a
// tampered or unsigned delivery is refused with 401 and changes nothing.
func TestCarrierWebhooksDeliverTheOrder(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		var api http.Handler
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { api.ServeHTTP(w, r) }))
		t.Cleanup(hook.Close)
		k, carrier := newParcelwayRoute(t, d, clk, hook.URL+"/v1/carriers/parcelway/tracking-events", false)
		srv := apitest.New(t, d, func(a *httpapi.API) { track.Register(a, k.Tracking) })
		api = proxyTo(t, srv.URL)

		oid, tr := k.ship("W1", "SKU-000")
		base := clk.Now()
		for i, code := range []string{"PU", "AR", "DP", "OD", "DL"} {
			carrier.AddEvent(sim.Event{TrackingNumber: tr, Code: code, Location: "Newark", At: base.Add(time.Duration(i+1) * time.Hour)})
		}
		carrier.InjectWebhook(sim.WebhookFault{Twice: true, Shuffle: true})
		deliveries, err := carrier.Push(context.Background())
		require.NoError(t, err)
		require.Len(t, deliveries, 2, "the batch went twice")
		require.Equal(t, ship.TrackDelivered, k.status(tr))
		require.Equal(t, order.Delivered, k.Get(t, oid).Status)
		require.Equal(t, 6, k.count(`SELECT count(*) FROM tracking_events WHERE parcel_id IN
			(SELECT parcel_id FROM parcel_tracking WHERE tracking_number = $1)`, tr), "LC at booking and the five, once each")

		body := []byte(`{"id":"wh_x","type":"tracking.updated","created_at":"2026-12-07T14:00:00Z","events":[]}`)
		for _, sig := range []string{"", "t=1,v1=00", sim.Sign("wrong-secret", clk.Now(), body)} {
			req, _ := http.NewRequest(http.MethodPost, hook.URL+"/v1/carriers/parcelway/tracking-events", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if sig != "" {
				req.Header.Set(sim.SignatureHeader, sig)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "signature %q", sig)
		}
		resp, err := http.Post(hook.URL+"/v1/carriers/nobody/tracking-events", "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusNotFound, resp.StatusCode)
	})
}

// proxyTo forwards to the API server at base (the carrier's webhook URL
// has to exist before the server that answers it).
func proxyTo(t *testing.T, base string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := http.NewRequestWithContext(r.Context(), r.Method, base+r.URL.RequestURI(), r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		_, _ = w.Write(buf.Bytes())
	})
}

// A carrier without webhooks is polled: the handover queues the first
// poll; each poll ingests what the carrier has; a poll with no news waits
// twice as long; delivery ends polling and nothing more is queued.
func TestPollingFollowsAParcelToDelivery(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k, carrier := newParcelwayRoute(t, d, clk, "", true)
		oid, tr := k.ship("P1", "SKU-001")
		pollAt := func() *time.Time {
			var at *time.Time
			require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
				return tx.QueryRowContext(context.Background(), `SELECT poll_at FROM parcel_tracking WHERE tracking_number = $1`, tr).Scan(&at)
			}))
			return at
		}
		require.NotNil(t, pollAt(), "the handover queued a poll")

		carrier.AddEvent(sim.Event{TrackingNumber: tr, Code: "PU", At: clk.Now().Add(10 * time.Minute)})
		carrier.AddEvent(sim.Event{TrackingNumber: tr, Code: "AR", At: clk.Now().Add(40 * time.Minute)})
		clk.Advance(62 * time.Minute)
		k.RunJobs(t)
		require.Equal(t, ship.TrackInTransit, k.status(tr))
		first := *pollAt()
		require.Equal(t, clk.Now().Add(time.Hour).Truncate(time.Microsecond), first.UTC().Truncate(time.Microsecond), "news: the next poll in an hour")

		clk.Advance(62 * time.Minute) // nothing new this time
		k.RunJobs(t)
		require.Equal(t, clk.Now().Add(2*time.Hour).Truncate(time.Microsecond), pollAt().UTC().Truncate(time.Microsecond), "no news: twice as long")

		carrier.AddEvent(sim.Event{TrackingNumber: tr, Code: "DL", At: clk.Now().Add(time.Hour)})
		clk.Advance(2*time.Hour + 2*time.Minute)
		k.RunJobs(t)
		require.Equal(t, ship.TrackDelivered, k.status(tr))
		require.Nil(t, pollAt(), "a delivered parcel is not polled again")
		require.Equal(t, order.Delivered, k.Get(t, oid).Status)
		require.Equal(t, 0, k.count(`SELECT count(*) FROM jobs WHERE kind = 'track.poll' AND state IN ('queued', 'running')`))
	})
}

// A polled parcel the carrier never reports on is given up after the
// rules' silence: polls back off (1, 2, 4, 8, 8 ... minutes) and stop.
func TestPollingGivesUpAfterTheSilence(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k, _ := newParcelwayRoute(t, d, clk, "", true)
		_, err := k.Tracking.SetRules(flowtest.As(flowtest.Chief), track.RulesIn{PollEvery: ptr("1m"), PollSilence: ptr("1h")})
		require.NoError(t, err)
		_, tr := k.ship("Q1", "SKU-002")
		polls := func() (n int, open bool) {
			var at *time.Time
			require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
				return tx.QueryRowContext(context.Background(), `SELECT polls, poll_at FROM parcel_tracking WHERE tracking_number = $1`,
					tr).Scan(&n, &at)
			}))
			return n, at != nil
		}
		runs := 0
		for _, open := polls(); open && runs < 40; _, open = polls() {
			clk.Advance(3 * time.Minute)
			k.RunJobs(t)
			runs++
		}
		n, open := polls()
		require.False(t, open, "polling stopped")
		require.Greater(t, runs, 15, "it went on for the hour of silence, backing off")
		require.GreaterOrEqual(t, n, 3)
		require.Equal(t, 0, k.count(`SELECT count(*) FROM jobs WHERE kind = 'track.poll' AND state IN ('queued', 'running')`))
	})
}

func ptr[T any](v T) *T { return &v }
