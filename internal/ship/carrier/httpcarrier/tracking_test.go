package httpcarrier

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/sim"
)

const webhookSecret = "whsec_pw_0123456789abcdef"

var trackNow = time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)

// trackRig is Parcelway with its webhooks pointed at a Waybill endpoint
// that hands each delivery to the client, as the track stage's handler
// will, and records what the client made of it.
type trackRig struct {
	rig
	clock *clock.Fixed
	mu    sync.Mutex
	hooks []hookResult
}

type hookResult struct {
	events []ship.TrackingEvent
	err    error
}

func setupTracking(t *testing.T) *trackRig {
	t.Helper()
	tr := &trackRig{clock: clock.NewFixed(trackNow)}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxWebhookBody))
		require.NoError(t, err)
		evs, err := tr.client.Webhook(r.Header, body)
		tr.mu.Lock()
		tr.hooks = append(tr.hooks, hookResult{evs, err})
		tr.mu.Unlock()
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	t.Cleanup(hook.Close)
	s, err := sim.New(sim.Config{APIKey: apiKey, Clock: tr.clock, WebhookURL: hook.URL, WebhookSecret: webhookSecret, Seed: 3})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	tr.rig = rig{sim: s, url: srv.URL}
	tr.client, err = New(Config{Code: "parcelway", BaseURL: srv.URL, APIKey: apiKey, WebhookSecret: webhookSecret, Polls: true,
		Clock: tr.clock, Timeout: 300 * time.Millisecond, MaxAttempts: 3, Backoff: 5 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	return tr
}

func (tr *trackRig) push(t *testing.T) []hookResult {
	t.Helper()
	_, err := tr.sim.Push(context.Background())
	require.NoError(t, err)
	tr.mu.Lock()
	defer tr.mu.Unlock()
	out := tr.hooks
	tr.hooks = nil
	return out
}

// parcelwayCodes is every event Parcelway documents, with what it means
// in Waybill's terms.
var parcelwayCodes = []struct {
	code, reason   string
	cod            *sim.Money
	status, why    string
	descriptionHas string
}{
	{"LC", "", nil, ship.TrackLabelCreated, "", "information received"},
	{"PU", "", nil, ship.TrackPickedUp, "", "Picked up"},
	{"AR", "", nil, ship.TrackInTransit, "", "Arrived"},
	{"DP", "", nil, ship.TrackInTransit, "", "Departed"},
	{"OD", "", nil, ship.TrackOutForDelivery, "", "Out for delivery"},
	{"AT", "NH", nil, ship.TrackDeliveryAttempted, ship.ReasonNoOneHome, "no one home"},
	{"AT", "RF", nil, ship.TrackDeliveryAttempted, ship.ReasonRefused, "refused"},
	{"AT", "AD", nil, ship.TrackDeliveryAttempted, ship.ReasonAddress, "address"},
	{"AT", "GL", nil, ship.TrackDeliveryAttempted, ship.ReasonOther, "GL: "},
	{"PA", "", nil, ship.TrackAvailableForPickup, "", "Available for pickup"},
	{"EX", "DM", nil, ship.TrackException, ship.ReasonDamaged, "damaged"},
	{"EX", "DL", nil, ship.TrackException, ship.ReasonDelayed, "delayed"},
	{"EX", "CU", nil, ship.TrackException, ship.ReasonCustoms, "customs"},
	{"EX", "WE", nil, ship.TrackException, ship.ReasonWeather, "weather"},
	{"EX", "", nil, ship.TrackException, ship.ReasonOther, "Exception"},
	{"RS", "", nil, ship.TrackReturnedToSender, "", "Returned"},
	{"LO", "", nil, ship.TrackLost, "", "Lost"},
	{"DL", "", &sim.Money{Amount: 4999, Currency: "USD"}, ship.TrackDelivered, "", "Delivered"},
}

// TestEveryCodeMaps sends every Parcelway code by webhook and by poll: both
// give the same normalised events, every status and reason is reached, and
// each event keeps its JSON.
func TestEveryCodeMaps(t *testing.T) {
	tr := setupTracking(t)
	const tn = "PW00000001008"
	for i, c := range parcelwayCodes {
		tr.sim.AddEvent(sim.Event{TrackingNumber: tn, Code: c.code, Reason: c.reason, COD: c.cod, Location: "Boston, MA",
			At: trackNow.Add(-time.Hour).Add(time.Duration(i) * time.Minute)})
	}
	hooks := tr.push(t)
	require.Len(t, hooks, 1)
	require.NoError(t, hooks[0].err)
	polled, err := tr.client.Track(context.Background(), []string{tn})
	require.NoError(t, err)
	statuses, reasons := map[string]bool{}, map[string]bool{}
	for name, evs := range map[string][]ship.TrackingEvent{"webhook": hooks[0].events, "poll": polled} {
		require.Len(t, evs, len(parcelwayCodes), name)
		for i, c := range parcelwayCodes {
			ev := evs[i]
			require.Equal(t, fmt.Sprintf("ev_%06d", i+1), ev.EventID, name)
			require.Equal(t, tn, ev.TrackingNumber)
			require.Equal(t, c.status, ev.Status, "%s %s/%s", name, c.code, c.reason)
			require.Equal(t, c.why, ev.Reason, "%s %s/%s", name, c.code, c.reason)
			require.Contains(t, ev.Description, c.descriptionHas)
			require.Equal(t, "Boston, MA", ev.Location)
			require.Equal(t, trackNow.Add(-time.Hour).Add(time.Duration(i)*time.Minute), ev.OccurredAt)
			var raw map[string]any
			require.NoError(t, json.Unmarshal(ev.Raw, &raw))
			require.Equal(t, c.code, raw["code"])
			statuses[ev.Status], reasons[ev.Reason] = true, true
		}
		delivered := evs[len(evs)-1]
		require.Equal(t, int64(4999), delivered.CODCollected)
		require.Equal(t, "USD", delivered.CODCurrency)
	}
	require.Equal(t, hooks[0].events, polled, "a webhook and a poll tell the same story")
	for _, s := range ship.TrackingStatuses {
		require.True(t, statuses[s], "no Parcelway code maps to %s", s)
	}
	for _, r := range ship.TrackingReasons {
		require.True(t, reasons[r], "no Parcelway reason maps to %s", r)
	}
}

// TestBookedParcelIsTrackable books through the client and polls the
// labels it got: each has Parcelway's label-created event.
func TestBookedParcelIsTrackable(t *testing.T) {
	tr := setupTracking(t)
	booked, err := tr.client.Create(context.Background(), booking("k-track", sanFrancisco))
	require.NoError(t, err)
	tns := []string{booked.Parcels[1].TrackingNumber, booked.Parcels[0].TrackingNumber, booked.Parcels[1].TrackingNumber, "PW99999999999"}
	evs, err := tr.client.Track(context.Background(), tns)
	require.NoError(t, err)
	require.Len(t, evs, 2, "a number asked twice is answered once; an unknown one has none")
	for _, ev := range evs {
		require.Equal(t, ship.TrackLabelCreated, ev.Status)
		require.Equal(t, "Newark", ev.Location)
	}
	require.True(t, tr.client.Polls())
	require.Equal(t, "parcelway", tr.client.Code())
}

// TestWebhookDeliveredTwiceOrShuffled: a batch delivered twice parses to
// the same events both times, and events sent out of order come back
// oldest first.
func TestWebhookDeliveredTwiceOrShuffled(t *testing.T) {
	tr := setupTracking(t)
	for i, code := range []string{"PU", "AR", "DP", "AR", "DP", "OD", "DL"} {
		tr.sim.AddEvent(sim.Event{TrackingNumber: "PW1", Code: code, At: trackNow.Add(time.Duration(i-10) * time.Minute)})
	}
	tr.sim.InjectWebhook(sim.WebhookFault{Twice: true, Shuffle: true})
	hooks := tr.push(t)
	require.Len(t, hooks, 2)
	require.NoError(t, hooks[0].err)
	require.NoError(t, hooks[1].err)
	require.Equal(t, hooks[0].events, hooks[1].events)
	var ids []string
	for _, ev := range hooks[0].events {
		ids = append(ids, ev.EventID)
	}
	require.Equal(t, []string{"ev_000001", "ev_000002", "ev_000003", "ev_000004", "ev_000005", "ev_000006", "ev_000007"}, ids)
	require.Empty(t, tr.push(t), "acknowledged: nothing left to send")
}

func TestTrackLimits(t *testing.T) {
	tr := setupTracking(t)
	many := make([]string, ship.MaxTrack+1)
	for i := range many {
		many[i] = fmt.Sprintf("PW%011d", i)
	}
	_, err := tr.client.Track(context.Background(), many)
	require.True(t, errs.Is(err, errs.Invalid), "%v", err)
	require.Equal(t, "tracking_numbers", errs.FieldsOf(err)[0].Path)
	require.Equal(t, errs.CodeOutOfRange, errs.FieldsOf(err)[0].Code)

	_, err = tr.client.Track(context.Background(), []string{"PW1", "PW 2", strings.Repeat("9", 200)})
	require.True(t, errs.Is(err, errs.Invalid), "%v", err)
	require.Equal(t, []string{"tracking_numbers[1]", "tracking_numbers[2]"}, paths(err))

	evs, err := tr.client.Track(context.Background(), nil)
	require.NoError(t, err)
	require.Empty(t, evs)
	require.Zero(t, tr.sim.Requests(), "nothing refused or empty reaches the carrier")

	_, err = tr.client.Track(context.Background(), many[:ship.MaxTrack])
	require.NoError(t, err, "exactly MaxTrack is allowed")
}

func TestTrackRetriesServerErrors(t *testing.T) {
	tr := setupTracking(t)
	tr.sim.AddEvent(sim.Event{TrackingNumber: "PW1", Code: "PU"})
	tr.sim.Inject(sim.Fault{Status: 503}, sim.Fault{Status: 500})
	evs, err := tr.client.Track(context.Background(), []string{"PW1"})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	require.Equal(t, 3, tr.sim.Requests())

	tr.sim.Inject(sim.Fault{Status: 502}, sim.Fault{Malformed: true}, sim.Fault{Status: 503})
	_, err = tr.client.Track(context.Background(), []string{"PW1"})
	require.True(t, errs.Is(err, errs.Unavailable), "%v", err)
	require.Equal(t, 6, tr.sim.Requests())
}

// TestTrackRefusesAnEventItCannotMap: an unknown code in a poll's answer
// is named by its place in the answer, not retried.
func TestTrackRefusesAnEventItCannotMap(t *testing.T) {
	tr := setupTracking(t)
	tr.sim.AddEvent(sim.Event{TrackingNumber: "PW1", Code: "PU"})
	tr.sim.AddEvent(sim.Event{TrackingNumber: "PW2", Code: "PU"})
	tr.sim.AddEvent(sim.Event{TrackingNumber: "PW2", Code: "ZZ", At: trackNow.Add(time.Minute)})
	_, err := tr.client.Track(context.Background(), []string{"PW1", "PW2"})
	require.True(t, errs.Is(err, errs.Invalid), "%v", err)
	require.Equal(t, []string{"results[1].events[1].code"}, paths(err))
	require.Equal(t, errs.CodeUnknown, errs.FieldsOf(err)[0].Code)
	require.Equal(t, 1, tr.sim.Requests())
}

func paths(err error) []string {
	var out []string
	for _, f := range errs.FieldsOf(err) {
		out = append(out, f.Path)
	}
	return out
}
