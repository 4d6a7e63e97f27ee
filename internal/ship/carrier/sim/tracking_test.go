package sim

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/clock"
)

var simNow = time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)

func post(t *testing.T, url, path, apiKey, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+path, strings.NewReader(body))
	require.NoError(t, err)
	if apiKey != "" {
		req.Header.Set("X-Api-Key", apiKey)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(data)
}

// TestTrackingPoll drives POST /v1/tracking with raw HTTP: events oldest
// first whatever order they were added in, unknown numbers with none, and
// the limits refused with the field named.
func TestTrackingPoll(t *testing.T) {
	s, err := New(Config{APIKey: key, Clock: clock.NewFixed(simNow)})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	defer srv.Close()
	status, _ := post(t, srv.URL, "/v1/shipments", "", booking)
	require.Equal(t, 401, status)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/shipments", strings.NewReader(booking))
	require.NoError(t, err)
	req.Header.Set("X-Api-Key", key)
	req.Header.Set("Idempotency-Key", "b-1")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	tn := s.Shipments()[0].TrackingNumbers[0]
	s.AddEvent(Event{TrackingNumber: tn, Code: "DL", At: simNow.Add(48 * time.Hour), COD: &Money{Amount: 4999, Currency: "USD"}})
	s.AddEvent(Event{TrackingNumber: tn, Code: "AT", Reason: "NH", At: simNow.Add(24 * time.Hour), Location: "Boston, MA"})
	s.AddEvent(Event{ID: "carrier-own-id", TrackingNumber: tn, Code: "PU", At: simNow.Add(time.Hour)})

	status, body := post(t, srv.URL, "/v1/tracking", key, fmt.Sprintf(`{"tracking_numbers":[%q,"PW99999999999"]}`, tn))
	require.Equal(t, 200, status, body)
	var got struct {
		Results []struct {
			TrackingNumber string `json:"tracking_number"`
			Events         []struct {
				ID, Code, Reason, Description, Location string
				OccurredAt                              time.Time `json:"occurred_at"`
				COD                                     *struct {
					Amount   int64
					Currency string
				} `json:"cod_collected"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Len(t, got.Results, 2)
	require.Equal(t, tn, got.Results[0].TrackingNumber)
	var codes []string
	for _, e := range got.Results[0].Events {
		codes = append(codes, e.Code)
	}
	require.Equal(t, []string{"LC", "PU", "AT", "DL"}, codes, "oldest first; the booking made the LC")
	require.Equal(t, "carrier-own-id", got.Results[0].Events[1].ID)
	at := got.Results[0].Events[2]
	require.Equal(t, "Delivery attempted: no one home", at.Description)
	require.Equal(t, "NH", at.Reason)
	require.Equal(t, int64(4999), got.Results[0].Events[3].COD.Amount)
	require.Equal(t, "PW99999999999", got.Results[1].TrackingNumber)
	require.NotNil(t, got.Results[1].Events, "an unknown number has an empty list, not null")
	require.Empty(t, got.Results[1].Events)

	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("%q", fmt.Sprintf("PW%011d", i))
	}
	for _, tc := range []struct{ name, body, want string }{
		{"none", `{"tracking_numbers":[]}`, `"field":"tracking_numbers"`},
		{"over 100", `{"tracking_numbers":[` + strings.Join(many, ",") + `]}`, `"code":"invalid_count"`},
		{"blank", `{"tracking_numbers":["PW1",""]}`, `"field":"tracking_numbers[1]"`},
		{"twice", `{"tracking_numbers":["PW1","PW1"]}`, `"code":"duplicate"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := post(t, srv.URL, "/v1/tracking", key, tc.body)
			require.Equal(t, 422, status, body)
			require.Contains(t, body, tc.want)
		})
	}
	status, body = post(t, srv.URL, "/v1/tracking", key, `{"tracking_numbers":`)
	require.Equal(t, 400, status)
	require.Contains(t, body, "malformed_json")
}

// receiver is a webhook endpoint that records what it is sent and answers
// the statuses it is told to, then 200.
type receiver struct {
	mu       sync.Mutex
	got      []Delivery
	statuses []int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	status := http.StatusOK
	if len(rc.statuses) > 0 {
		status, rc.statuses = rc.statuses[0], rc.statuses[1:]
	}
	rc.got = append(rc.got, Delivery{Header: r.Header.Clone(), Body: body, Status: status})
	w.WriteHeader(status)
}

func webhookRig(t *testing.T) (*Server, *receiver) {
	t.Helper()
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	t.Cleanup(hook.Close)
	s, err := New(Config{APIKey: key, Clock: clock.NewFixed(simNow), WebhookURL: hook.URL, WebhookSecret: "whsec_parcelway_test", Seed: 7})
	require.NoError(t, err)
	return s, rc
}

type batch struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Events    []struct {
		ID   string `json:"id"`
		Code string `json:"code"`
	} `json:"events"`
}

func ids(t *testing.T, body []byte) (batch, []string) {
	t.Helper()
	var b batch
	require.NoError(t, json.Unmarshal(body, &b))
	var out []string
	for _, e := range b.Events {
		out = append(out, e.ID)
	}
	return b, out
}

// TestWebhookPush checks a delivery as a receiver reading the published
// format would: the signature computed independently, the batch's shape,
// and the fault knobs.
func TestWebhookPush(t *testing.T) {
	ctx := context.Background()
	t.Run("signed batch, acknowledged once", func(t *testing.T) {
		s, rc := webhookRig(t)
		_, err := s.Push(ctx)
		require.NoError(t, err)
		require.Empty(t, rc.got, "nothing pending sends nothing")
		for _, code := range []string{"PU", "AR", "DP", "OD"} {
			s.AddEvent(Event{TrackingNumber: "PW00000001008", Code: code})
		}
		ds, err := s.Push(ctx)
		require.NoError(t, err)
		require.Len(t, ds, 1)
		require.Len(t, rc.got, 1)
		d := rc.got[0]
		mac := hmac.New(sha256.New, []byte("whsec_parcelway_test"))
		mac.Write([]byte(fmt.Sprintf("%d.", simNow.Unix())))
		mac.Write(d.Body)
		require.Equal(t, fmt.Sprintf("t=%d,v1=%s", simNow.Unix(), hex.EncodeToString(mac.Sum(nil))), d.Header.Get("Parcelway-Signature"))
		b, got := ids(t, d.Body)
		require.Equal(t, "wh_000001", b.ID)
		require.Equal(t, "tracking.updated", b.Type)
		require.Equal(t, simNow, b.CreatedAt)
		require.Equal(t, []string{"ev_000001", "ev_000002", "ev_000003", "ev_000004"}, got)
		ds, err = s.Push(ctx)
		require.NoError(t, err)
		require.Empty(t, ds, "acknowledged events are not sent again")
	})
	t.Run("refused batch sent again with the next push", func(t *testing.T) {
		s, rc := webhookRig(t)
		rc.statuses = []int{500}
		s.AddEvent(Event{TrackingNumber: "PW1", Code: "PU"})
		ds, err := s.Push(ctx)
		require.NoError(t, err)
		require.Equal(t, 500, ds[0].Status)
		s.AddEvent(Event{TrackingNumber: "PW1", Code: "AR"})
		_, err = s.Push(ctx)
		require.NoError(t, err)
		b, got := ids(t, rc.got[1].Body)
		require.Equal(t, "wh_000002", b.ID)
		require.Equal(t, []string{"ev_000001", "ev_000002"}, got)
	})
	t.Run("twice and shuffled", func(t *testing.T) {
		s, rc := webhookRig(t)
		for i := range 6 {
			s.AddEvent(Event{TrackingNumber: "PW1", Code: "AR", At: simNow.Add(time.Duration(i) * time.Minute)})
		}
		s.InjectWebhook(WebhookFault{Twice: true, Shuffle: true})
		ds, err := s.Push(ctx)
		require.NoError(t, err)
		require.Len(t, ds, 2)
		require.Len(t, rc.got, 2)
		require.Equal(t, rc.got[0].Body, rc.got[1].Body, "the second delivery is the first again")
		require.Equal(t, rc.got[0].Header.Get(SignatureHeader), rc.got[1].Header.Get(SignatureHeader))
		_, got := ids(t, rc.got[0].Body)
		require.ElementsMatch(t, []string{"ev_000001", "ev_000002", "ev_000003", "ev_000004", "ev_000005", "ev_000006"}, got)
		require.NotEqual(t, []string{"ev_000001", "ev_000002", "ev_000003", "ev_000004", "ev_000005", "ev_000006"}, got)
	})
	t.Run("no webhook URL", func(t *testing.T) {
		s, err := New(Config{APIKey: key})
		require.NoError(t, err)
		_, err = s.Push(ctx)
		require.Error(t, err)
		_, err = New(Config{APIKey: key, WebhookURL: "http://127.0.0.1:1"})
		require.Error(t, err, "a webhook URL without a secret")
	})
}
